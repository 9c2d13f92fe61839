"""Cross-article resolution benchmark on the real corpora (corpus/train + corpus/dev, 153 articles).

    .venv/bin/python bench/resolution_bench.py [--corpus ../shared/corpus] [--json] [--worst 15]

Ingests every article into a temporary Oxigraph store with the current extractor, maps each
article's extracted entities onto that article's gold entities (the entity matching of
:mod:`freelance_kg.ingest.evaluate`: a shared normalised name or alias, first unmatched gold
entity first) and compares the store's nodes with ``bench/data/resolution-gold.json`` (which
article entities are one real-world thing; see bench/make_resolution_gold.py). Each extracted
entity that matches a gold entity is one item; its predicted cluster is the node it was
resolved to, its gold cluster the real-world thing.

Reports B-cubed and pairwise precision / recall / F1, false merges (a node holding items of
more than one real-world thing; counted per extra thing) and false splits (a thing spread over
several nodes; counted per extra node), whether a false merge touches one of the 30 most
connected nodes, and the type accuracy of merged nodes (nodes fed by two or more articles whose
type is the type most of those articles' gold entities have). The worst false merges are printed
with the resolution step that put each wrong item there (exact id, alias, fuzzy, override,
redirect). Not a test: the figures depend on the extractor of the day.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).parent / "data" / "resolution-gold.json"
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SPLITS = ("train", "dev")


def _match(gold_entities: list[dict], extraction) -> dict[str, int]:
    """extracted entity id -> gold entity index (duplicates of a matched gold entity included),
    by the untyped entity matching of ``evaluate.score_article``."""
    from freelance_kg.ingest.evaluate import _keys

    gold_keys = [_keys(g["name"], g.get("aliases", ())) for g in gold_entities]
    taken: set[int] = set()
    mapping: dict[str, int] = {}
    for ent in extraction.entities:
        keys = _keys(ent.name, ent.aliases)
        hit = None
        for i in range(len(gold_entities)):
            if keys & gold_keys[i]:
                if i not in taken:
                    hit = i
                    break
                if hit is None:
                    hit = i
        if hit is not None:
            taken.add(hit)
            mapping[ent.id] = hit
    return mapping


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score(items: list[dict], degree: dict[str, int], top: int = 30) -> dict:
    """Cluster scores of ``items`` ({"node", "gold", "article", "how", "gold_type", "name"})."""
    by_node: dict[str, list[dict]] = defaultdict(list)
    by_gold: dict[str, list[dict]] = defaultdict(list)
    cell: Counter = Counter()
    for it in items:
        by_node[it["node"]].append(it)
        by_gold[it["gold"]].append(it)
        cell[(it["node"], it["gold"])] += 1
    n = len(items)
    b3_p = sum(cell[(it["node"], it["gold"])] / len(by_node[it["node"]]) for it in items) / n
    b3_r = sum(cell[(it["node"], it["gold"])] / len(by_gold[it["gold"]]) for it in items) / n
    tp = sum(_pairs(c) for c in cell.values())
    pred = sum(_pairs(len(v)) for v in by_node.values())
    gold = sum(_pairs(len(v)) for v in by_gold.values())
    pw_p = tp / pred if pred else 1.0
    pw_r = tp / gold if gold else 1.0
    top_nodes = {node for node, _ in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))[:top]}
    merges = []
    for node, its in by_node.items():
        golds = Counter(it["gold"] for it in its)
        if len(golds) < 2:
            continue
        main_gold = golds.most_common(1)[0][0]
        wrong = [it for it in its if it["gold"] != main_gold]
        merges.append({"node": node, "degree": degree.get(node, 0), "top": node in top_nodes,
                       "things": len(golds), "items": len(its), "wrong_items": len(wrong),
                       "kept": next(it["name"] for it in its if it["gold"] == main_gold),
                       "wrong": sorted({f"{it['name']} [{it['gold_type']}] via {it['how']}"
                                        for it in wrong})})
    merges.sort(key=lambda m: (-m["top"], -m["wrong_items"] * (1 + m["degree"]), m["node"]))
    splits = []
    for g, its in by_gold.items():
        nodes = Counter(it["node"] for it in its)
        if len(nodes) > 1:
            splits.append({"thing": its[0]["name"], "nodes": sorted(nodes), "items": len(its)})
    splits.sort(key=lambda s: (-len(s["nodes"]), -s["items"], s["thing"]))
    merged_nodes = [node for node, its in by_node.items() if len({it["article"] for it in its}) > 1]
    typed_right = 0
    wrong_types = []
    for node in merged_nodes:
        votes = Counter(it["gold_type"] for it in by_node[node])
        best = max(votes.values())
        node_type = node.split("/", 1)[0]
        if votes.get(next((t for t in votes if t.lower() == node_type), ""), 0) == best:
            typed_right += 1
        else:
            wrong_types.append(f"{node} (articles say {dict(votes)})")
    all_right = sum(1 for it in items if it["node"].split("/", 1)[0] == it["gold_type"].lower())
    return {
        "items": n, "nodes": len(by_node), "things": len(by_gold),
        "bcubed": {"precision": round(b3_p, 4), "recall": round(b3_r, 4), "f1": round(_f1(b3_p, b3_r), 4)},
        "pairwise": {"precision": round(pw_p, 4), "recall": round(pw_r, 4), "f1": round(_f1(pw_p, pw_r), 4),
                     "true_pairs": tp, "predicted_pairs": pred, "gold_pairs": gold},
        "false_merges": sum(m["things"] - 1 for m in merges), "false_merge_nodes": len(merges),
        "false_merges_in_top": sum(1 for m in merges if m["top"]),
        "false_splits": sum(len(s["nodes"]) - 1 for s in splits), "split_things": len(splits),
        "merged_nodes": len(merged_nodes),
        "merged_type_accuracy": round(typed_right / len(merged_nodes), 4) if merged_nodes else 1.0,
        "item_type_accuracy": round(all_right / n, 4),
        "worst_merges": merges, "worst_splits": splits, "wrong_types": sorted(wrong_types),
    }


def run(corpus: Path, data: Path = DATA, model: str | None = None) -> dict:
    from freelance_kg.graph.rdf_store import OxigraphStore
    from freelance_kg.ingest.evaluate import load_gold
    from freelance_kg.ingest.pipeline import ingest

    gold_data = json.loads(data.read_text(encoding="utf-8"))
    thing_of = {(art, i): c["id"] for c in gold_data["clusters"] for art, i in c["mentions"]}
    golds, sources = {}, []
    for split in SPLITS:
        for path in sorted((corpus / split / "gold").glob("*.json")):
            gold = load_gold(path)
            article = corpus / split / "articles" / gold["article"]
            golds[str(article)] = (f"{split}/{gold['article']}", gold)
            sources.append(str(article))
    captured = []
    folder = Path(tempfile.mkdtemp(prefix="fkg-resolution-"))
    try:
        store = OxigraphStore(folder / "store")
        started = time.perf_counter()
        summary = ingest(sources, store, model=model, state_dir=folder,
                         on_resolved=lambda ex, decisions: captured.append((ex, decisions)))
        seconds = time.perf_counter() - started
        renamed = dict(getattr(summary, "renamed", {}) or {})
        neighbours: dict[str, set] = defaultdict(set)
        for rel in store.relations():
            neighbours[rel.subject].add(rel.object)
            neighbours[rel.object].add(rel.subject)
        stored = sum(1 for _ in store.entities())
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def final(node):
        seen = set()
        while node in renamed and node not in seen:
            seen.add(node)
            node = renamed[node]
        return node

    items = []
    for extraction, decisions in captured:
        article, gold = golds[extraction.document.source]
        matched = _match(gold["entities"], extraction)
        for ent, decision in zip(extraction.entities, decisions):
            if ent.id not in matched:
                continue
            index = matched[ent.id]
            items.append({"node": final(decision.entity), "gold": thing_of[(article, index)],
                          "article": article, "how": decision.how, "name": ent.name,
                          "gold_type": gold["entities"][index]["type"]})
    report = score(items, {node: len(n) for node, n in neighbours.items()})
    report.update(articles=len(captured), stored_entities=stored, seconds=round(seconds, 1),
                  resolution=dict(sorted(summary.resolution.items())))
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="folder with train/ and dev/")
    parser.add_argument("--model", default=None, help="spaCy model (default: the project's)")
    parser.add_argument("--worst", type=int, default=15, help="false merges / splits to print")
    parser.add_argument("--json", action="store_true", help="print the whole report as JSON")
    args = parser.parse_args(argv)
    corpus = Path(args.corpus)
    if not all((corpus / s / "gold").is_dir() for s in SPLITS):
        print(f"--corpus {corpus}: expected train/gold and dev/gold folders in it", file=sys.stderr)
        return 2
    report = run(corpus, model=args.model)
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return 0
    b, p = report["bcubed"], report["pairwise"]
    print(f"articles {report['articles']}, stored entities {report['stored_entities']}, "
          f"scored items {report['items']} in {report['nodes']} nodes / {report['things']} real things "
          f"({report['seconds']} s ingest)")
    print(f"resolution steps: {report['resolution']}")
    print(f"B-cubed   P {b['precision']:.4f}  R {b['recall']:.4f}  F1 {b['f1']:.4f}   (bar: F1 >= 0.95)")
    print(f"pairwise  P {p['precision']:.4f}  R {p['recall']:.4f}  F1 {p['f1']:.4f}   (bar: P >= 0.97)")
    print(f"false merges {report['false_merges']} (in {report['false_merge_nodes']} nodes; "
          f"{report['false_merges_in_top']} among the 30 most connected), false splits "
          f"{report['false_splits']} (of {report['split_things']} things)")
    print(f"type accuracy of merged nodes {report['merged_type_accuracy']:.4f} over "
          f"{report['merged_nodes']} nodes (bar: >= 0.90); of all items {report['item_type_accuracy']:.4f}")
    print(f"\nworst false merges (node: kept name | wrong items via the step that merged them):")
    for m in report["worst_merges"][:args.worst]:
        flag = " TOP-30" if m["top"] else ""
        print(f"  {m['node']} (degree {m['degree']}{flag}): {m['kept']} | " + "; ".join(m["wrong"]))
    print(f"\nworst false splits (thing: nodes):")
    for s in report["worst_splits"][:args.worst]:
        print(f"  {s['thing']}: {', '.join(s['nodes'])}")
    print(f"\nmerged nodes typed against their articles' gold: {len(report['wrong_types'])}")
    for line in report["wrong_types"][:args.worst]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
