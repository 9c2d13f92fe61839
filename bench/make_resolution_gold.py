"""Build ``bench/data/resolution-gold.json``: which article-level gold entities of the real
corpora (corpus/train and corpus/dev) are one real-world thing.

    .venv/bin/python bench/make_resolution_gold.py [--corpus ../shared/corpus]

Reads only the names, types, aliases and article file names of the gold files (never article
text). Two article entities are joined when they share a normalised name or alias
(:func:`identity.normalize`) and a type, except one-word person names (a surname alone says
nothing across articles). Then the hand decisions already in the output file (``decisions``) are
applied: ``same`` joins the groups holding those names (also across types), ``different``
records that names stay apart (the build stops if the rules joined them). Groups the rules alone cannot settle are listed under ``doubtful`` for a
person to decide (cross-type name matches, one name inside another, one-word names).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from freelance_kg.graph import identity

OUT = Path(__file__).parent / "data" / "resolution-gold.json"


def _keys(entity: dict) -> set[str]:
    names = [entity["name"], *entity.get("aliases", [])]
    return {k for k in (identity.normalize(n, entity["type"]) for n in names) if k}


def load_mentions(corpus: Path) -> list[dict]:
    """One record per article-level gold entity: split, article, index, name, type, aliases."""
    out = []
    for split in ("train", "dev"):
        for path in sorted((corpus / split / "gold").glob("*.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            for i, ent in enumerate(gold["entities"]):
                out.append({"article": f"{split}/{gold['article']}", "index": i, "name": ent["name"],
                            "type": ent["type"], "aliases": list(ent.get("aliases", []))})
    return out


class Union:
    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a, b):
        self.parent[self.find(a)] = self.find(b)


def build(mentions: list[dict], decisions: list[dict]) -> tuple[list[dict], list[dict]]:
    union = Union(len(mentions))
    by_key = defaultdict(list)
    for i, m in enumerate(mentions):
        for key in _keys(m):
            if m["type"] == "Person" and len(key.split()) < 2:
                continue
            by_key[(m["type"], key)].append(i)
    for (etype, key), members in by_key.items():
        for i in members[1:]:
            union.join(members[0], i)
    for d in decisions:
        if d["decision"] != "same":
            continue
        wanted = {identity.normalize(n) for n in d["names"]}
        hits = [i for i, m in enumerate(mentions)
                if identity.normalize(m["name"]) in wanted
                and (not d.get("type") or m["type"] in d["type"].split("|"))]
        for i in hits[1:]:
            union.join(hits[0], i)
    groups = defaultdict(list)
    for i in range(len(mentions)):
        groups[union.find(i)].append(i)
    for d in decisions:
        if d["decision"] == "different":
            wanted = {identity.normalize(n) for n in d["names"]}
            roots = defaultdict(set)
            for i, m in enumerate(mentions):
                if identity.normalize(m["name"]) in wanted:
                    roots[union.find(i)].add(identity.normalize(m["name"]))
            clash = [sorted(names) for names in roots.values() if len(names) > 1]
            if clash:
                raise SystemExit(f"decision 'different' {d['names']} is broken: {clash} were joined")
    clusters = []
    for members in groups.values():
        names = sorted({mentions[i]["name"] for i in members}, key=lambda n: (-len(n), n))
        clusters.append({"id": "", "names": names,
                         "types": sorted({mentions[i]["type"] for i in members}),
                         "mentions": [[mentions[i]["article"], mentions[i]["index"]] for i in members]})
    clusters.sort(key=lambda c: (-len(c["mentions"]), c["names"][0]))
    for number, c in enumerate(clusters, start=1):
        c["id"] = f"g{number:04d}"
    return clusters, _doubtful(clusters, mentions)


def _doubtful(clusters: list[dict], mentions: list[dict]) -> list[dict]:
    """Pairs of groups a person should look at: a shared name across types, one group's name
    being a word-prefix of the other's, or a one-word person name shared by two people."""
    index = {(m["article"], m["index"]): m for m in mentions}
    keys = []
    for c in clusters:
        ks = set()
        for art, i in c["mentions"]:
            m = index[(art, i)]
            ks |= {identity.normalize(n) for n in (m["name"], *m["aliases"])}
        keys.append(ks)
    out = []
    by_key = defaultdict(set)
    for n, ks in enumerate(keys):
        for k in ks:
            by_key[k].add(n)
    seen = set()
    for k, ns in sorted(by_key.items()):
        if len(ns) > 1:
            for a in sorted(ns):
                for b in sorted(ns):
                    if a < b and (a, b) not in seen:
                        seen.add((a, b))
                        out.append({"why": f"shared name {k!r}", "groups": [clusters[a]["names"][0],
                                    clusters[b]["names"][0]], "types": [clusters[a]["types"], clusters[b]["types"]]})
    firsts = defaultdict(set)
    for n, ks in enumerate(keys):
        for k in ks:
            firsts[k.split()[0]].add(n)
    for n, ks in enumerate(keys):
        for k in ks:
            if len(k.split()) == 1 and len(k) >= 3:
                for other in sorted(firsts.get(k, ())):
                    if other != n and (min(n, other), max(n, other)) not in seen and \
                            set(clusters[n]["types"]) & set(clusters[other]["types"]) - {"Person"}:
                        seen.add((min(n, other), max(n, other)))
                        out.append({"why": f"{k!r} begins a longer name", "groups": [
                            clusters[n]["names"][0], clusters[other]["names"][0]],
                            "types": [clusters[n]["types"], clusters[other]["types"]]})
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    out = Path(args.out)
    decisions = json.loads(out.read_text(encoding="utf-8"))["decisions"] if out.exists() else []
    mentions = load_mentions(Path(args.corpus))
    clusters, doubtful = build(mentions, decisions)
    data = {"about": "Article-level gold entities of corpus/train and corpus/dev that are one real-world "
                     "thing; built by bench/make_resolution_gold.py from gold names, types and aliases "
                     "only, then the hand decisions below.",
            "articles": sorted({m["article"] for m in mentions}),
            "decisions": decisions, "doubtful": doubtful, "clusters": clusters}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    multi = [c for c in clusters if len({a for a, _ in c["mentions"]}) > 1]
    print(f"{len(mentions)} article entities, {len(clusters)} real-world things, "
          f"{len(multi)} in more than one article, {len(doubtful)} doubtful pairs -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
