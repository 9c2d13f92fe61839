"""Analytics benchmark: our engine choice (igraph above 5,000 nodes) against plain networkx.

Synthetic social-like graph: ``networkx.powerlaw_cluster_graph(n, m=3, p=0.3, seed)`` (hubs and
triangles, like a who's-who graph). Every measure is timed here and its networkx baseline in the
same run, and reported as a ratio (networkx time / our time; > 1 means we are faster).

    .venv/bin/python bench/analytics_bench.py                        # the issue's sizes
    .venv/bin/python bench/analytics_bench.py --nodes 20000 --no-memory   # quick look

Bars (issue): PageRank + Leiden under 10 s together at 100,000 nodes; who-knows median under
100 ms over 100 random pairs; betweenness sampled with k=256 under 30 s; peak memory under 2 GB
at 1M edges. networkx's sampled betweenness takes minutes at 100,000 nodes, so its baseline
runs on a smaller graph (``--baseline-nodes``) where ours runs too, for a same-size ratio.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time

import networkx as nx


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def make_graph(n: int, seed: int) -> nx.Graph:
    return nx.powerlaw_cluster_graph(n, 3, 0.3, seed=seed)


def fmt_time(seconds):
    if seconds is None:
        return "-"
    return f"{seconds * 1000:.2f}ms" if seconds < 1 else f"{seconds:.2f}s"


def line(name, ours, baseline=None, bar=None, note=""):
    ratio = f"{baseline / ours:.1f}x" if baseline else "-"
    verdict = "" if bar is None else ("PASS" if ours <= bar else "FAIL") + f" (bar {fmt_time(bar)})"
    print(f"{name:<46}{fmt_time(ours):>10}  {fmt_time(baseline):>10}  {ratio:>7}  {verdict}")
    if note:
        print(f"{'':<6}{note}")


def bench_pagerank_leiden(G, run_baseline: bool):
    from freelance_kg.queries.centrality import centrality_scores
    from freelance_kg.queries.communities import detect_communities, modularity

    t_pr, _ = timed(centrality_scores, G, "pagerank")
    t_cd, partition = timed(detect_communities, G, "leiden", seed=0)
    q_ours = modularity(G, partition)
    base = None
    note = f"Leiden modularity {q_ours:.3f}"
    if run_baseline:
        t_nx_pr, _ = timed(nx.pagerank, G)
        t_nx_cd, groups = timed(nx.community.louvain_communities, G, seed=0)
        base = t_nx_pr + t_nx_cd
        note += f"; networkx Louvain modularity {nx.community.modularity(G, groups):.3f}"
    return t_pr, t_cd, base, note


def bench_who_knows(G, pairs: int, seed: int, max_hops: int, n_paths: int):
    from freelance_kg.queries.paths import who_knows

    rng = random.Random(seed)
    nodes = list(G)
    sample = [tuple(rng.sample(nodes, 2)) for _ in range(pairs)]
    first, _ = timed(who_knows, G, *sample[0], max_hops=max_hops, paths=n_paths)   # builds caches
    ours, found = [], 0
    for a, b in sample:
        t, hops = timed(who_knows, G, a, b, max_hops=max_hops, paths=n_paths)
        ours.append(t)
        found += bool(hops)
    base = [timed(nx.shortest_path, G, a, b)[0] for a, b in sample]
    return statistics.median(ours), statistics.median(base), first, found


def bench_betweenness(G, k: int, seed: int):
    from freelance_kg.queries.centrality import centrality_scores
    t, _ = timed(centrality_scores, G, "betweenness", k=k, seed=seed)
    return t


def memory_child(edges: int, seed: int, graph_only: bool) -> None:
    """Run in a subprocess: build a graph with ``edges`` edges (and analyse it), print peak RSS."""
    G = make_graph(edges // 3 + 1, seed)
    if not graph_only:
        from freelance_kg.queries.centrality import centrality_scores
        from freelance_kg.queries.communities import detect_communities
        from freelance_kg.queries.paths import who_knows
        centrality_scores(G, "pagerank")
        detect_communities(G, "leiden", seed=0)
        centrality_scores(G, "betweenness", k=32, seed=seed)
        rng = random.Random(seed)
        for _ in range(10):
            who_knows(G, *rng.sample(list(G), 2), max_hops=6)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"edges": G.number_of_edges(), "peak_mb": peak_mb}))


def bench_memory(edges: int, seed: int):
    results = {}
    for graph_only in (True, False):
        cmd = [sys.executable, __file__, "--memory-child", str(edges), "--seed", str(seed)]
        if graph_only:
            cmd.append("--graph-only")
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        results[graph_only] = json.loads(out.strip().splitlines()[-1])
    return results[True], results[False]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--baseline-nodes", type=int, default=10_000,
                        help="graph size for networkx's sampled betweenness (minutes at 100k)")
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--k", type=int, default=256)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory-edges", type=int, default=1_000_000)
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--no-nx-communities", action="store_true",
                        help="skip networkx Louvain (about 40 s at 100k nodes)")
    parser.add_argument("--memory-child", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--graph-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child, args.seed, args.graph_only)
        return

    t, G = timed(make_graph, args.nodes, args.seed)
    print(f"graph: powerlaw_cluster_graph({args.nodes}, 3, 0.3): {G.number_of_nodes():,} nodes, "
          f"{G.number_of_edges():,} edges (built in {t:.1f}s)\n")
    print(f"{'measure':<46}{'ours':>10}  {'networkx':>10}  {'ratio':>7}  (ratio = networkx / ours)")

    t_pr, t_cd, base, note = bench_pagerank_leiden(G, not args.no_nx_communities)
    line("PageRank + Leiden (nx: PageRank + Louvain)", t_pr + t_cd, base, bar=10, note=note)
    line("  PageRank alone", t_pr)
    line("  Leiden alone", t_cd)

    for n_paths, hops in ((1, 10), (3, 10), (3, 4)):
        med, base_med, first, found = bench_who_knows(G, args.pairs, args.seed, hops, n_paths)
        line(f"who-knows median, {n_paths} path(s), <= {hops} hops", med, base_med, bar=0.1,
             note=f"{found}/{args.pairs} pairs connected; first call {first:.3f}s "
                  f"(builds caches); nx = one shortest_path")

    t_bc = bench_betweenness(G, args.k, args.seed)
    small = make_graph(args.baseline_nodes, args.seed)
    t_bc_small = bench_betweenness(small, args.k, args.seed)
    t_nx_small, _ = timed(nx.betweenness_centrality, small, k=args.k, seed=random.Random(args.seed))
    line(f"betweenness k={args.k} at {args.nodes:,} nodes", t_bc, None, bar=30,
         note="networkx: see the same-size line below")
    line(f"betweenness k={args.k} at {args.baseline_nodes:,} nodes", t_bc_small, t_nx_small,
         note="same graph, same sampled sources")

    from freelance_kg.queries.smallworld import small_world
    t_sw, report = timed(small_world, G)
    line("smalltown report (3 random references)", t_sw,
         note=f"sigma {report['sigma']}, omega {report['omega']}")

    if not args.no_memory:
        graph_only, ours = bench_memory(args.memory_edges, args.seed)
        print(f"\npeak memory at {ours['edges']:,} edges: {ours['peak_mb']:.0f} MB with analytics "
              f"(bar 2048 MB: {'PASS' if ours['peak_mb'] < 2048 else 'FAIL'}); the networkx graph "
              f"alone {graph_only['peak_mb']:.0f} MB; ratio {ours['peak_mb'] / graph_only['peak_mb']:.2f}")


if __name__ == "__main__":
    main()
