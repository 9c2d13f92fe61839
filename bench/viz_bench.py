"""Benchmark: how long the graph page takes to become usable in headless Chromium.

For synthetic typed graphs of 200 and 2,000 entities, writes the page twice, once laid out in the
browser (vis-network physics, then physics off) and once with the layout precomputed in Python
(seeded igraph Fruchterman-Reingold, physics off), loads each from file:// and reads the time from
navigation start to the page's ready marker (``window.fkgReady.ms``: set on the network's first
``afterDrawing`` after the layout is final). The baseline is the physics page of the same size in
the same run; the report gives precomputed / physics. The bar: under 5 s at 2,000 nodes.

    .venv/bin/python bench/viz_bench.py [--sizes 200,2000] [--repeat 3] [--out bench/results/viz.json]

Not a test: it prints numbers and never fails on them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from freelance_kg.graph import schema
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.projection import to_multidigraph

TYPE_SHARE = ((schema.PERSON, 0.45), (schema.PLATFORM, 0.15), (schema.ORGANIZATION, 0.2),
              (schema.FUNDER, 0.08), (schema.PLACE, 0.07), (schema.EVENT, 0.05))
BAR_SECONDS = 5.0


def synthetic_graph(n: int, seed: int = 0, links_per_node: int = 2):
    """A typed, schema-respecting graph with preferential attachment (hubs, like the real one)."""
    rng = random.Random(seed)
    types = [t for t, share in TYPE_SHARE for _ in range(round(share * 1000))]
    doc = Document.from_text(f"synthetic {n} {seed}", source="https://example.org/synthetic",
                             title="Synthetic article")
    entities = [Entity.make(f"{t} {i}", t) for i, t in ((i, rng.choice(types)) for i in range(n))]
    targets: list[int] = []
    relations = {}
    for i, ent in enumerate(entities):
        for _ in range(links_per_node if i else 0):
            j = rng.choice(targets) if targets and rng.random() < 0.8 else rng.randrange(i)
            other = entities[j]
            options = [(p, ent, other) for p in schema.PREDICATE_NAMES
                       if schema.allowed(p, ent.type, other.type)]
            options += [(p, other, ent) for p in schema.PREDICATE_NAMES
                        if schema.allowed(p, other.type, ent.type)]
            if not options:
                continue
            predicate, subj, obj = rng.choice(options)
            sentence = f"{subj.name} {predicate.lower().replace('_', ' ')} {obj.name}."
            rel = Relation(subj.id, predicate, obj.id,
                           evidence=[Evidence(doc.id, sentence, 0, len(sentence), "synthetic", 0.9)])
            relations.setdefault(rel.key, rel)
            targets += [i, j]
    return to_multidigraph(entities, relations.values(), [doc])


def make_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--no-first-run", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,900"):
        options.add_argument(flag)
    options.add_argument("--user-data-dir=" + tempfile.mkdtemp(prefix="fkg-bench-chrome-"))
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def time_page(driver, path: Path, timeout: float = 300.0) -> dict:
    """Navigate to ``path`` and return the page's ready marker (ms since navigation start)."""
    driver.get("about:blank")
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = driver.execute_script("return window.fkgReady || null;")
        if ready:
            return ready
        time.sleep(0.05)
    return {"ms": float("nan"), "timeout": True}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default="bench/results/viz.json")
    args = parser.parse_args(argv)

    from freelance_kg.viz.page import build_page
    from freelance_kg.viz.view import prepare_view

    work = Path(tempfile.mkdtemp(prefix="fkg-viz-bench-"))
    driver = make_driver()
    results = []
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            graph = synthetic_graph(n)
            row = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
            for layout in ("physics", "precomputed"):
                started = time.perf_counter()
                view = prepare_view(graph, layout=layout)
                html = build_page(view, title=f"bench {n} {layout}")
                row[f"{layout}_build_s"] = round(time.perf_counter() - started, 3)
                page = work / f"bench-{n}-{layout}.html"
                page.write_text(html, encoding="utf-8")
                row[f"{layout}_page_mb"] = round(page.stat().st_size / 1e6, 2)
                times = []
                for _ in range(args.repeat):
                    ready = time_page(driver, page)
                    times.append(ready["ms"] / 1000.0)
                    if ready.get("timeout"):
                        break
                row[f"{layout}_ready_s"] = round(statistics.median(times), 3)
                # after load: one full redraw (what a zoom or drag costs per frame)
                row[f"{layout}_redraw_ms"] = round(driver.execute_script(
                    "var t = performance.now(); for (var i = 0; i < 10; i++) network.redraw();"
                    "return (performance.now() - t) / 10;"), 1)
                row[f"{layout}_ready_all_s"] = [round(t, 3) for t in times]
            row["ratio_precomputed_vs_physics"] = round(row["precomputed_ready_s"] / row["physics_ready_s"], 4)
            row["under_bar"] = row["precomputed_ready_s"] < BAR_SECONDS
            results.append(row)
            print(json.dumps(row), flush=True)
    finally:
        driver.quit()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"{'nodes':>6} {'edges':>6} {'physics s':>10} {'precomp s':>10} {'ratio':>7} {'redraw ms':>10}  "
          f"(median of {args.repeat}; baseline = physics, same run; bar {BAR_SECONDS:g} s)")
    for r in results:
        print(f"{r['nodes']:>6} {r['edges']:>6} {r['physics_ready_s']:>10.3f} "
              f"{r['precomputed_ready_s']:>10.3f} {r['ratio_precomputed_vs_physics']:>7.3f} "
              f"{r['precomputed_redraw_ms']:>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
