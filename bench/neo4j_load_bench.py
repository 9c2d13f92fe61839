"""Neo4j backend load speed: batched UNWIND ... MERGE against row-by-row MERGE, same run.

Loads one synthetic graph (people, organisations, platforms, relations with one evidence
sentence each) twice into an emptied Bolt server through ``Neo4jStore.add``: once with batches of
``--batch`` rows (the default path) and once with one row per statement (the same Cypher, the
baseline), each in one managed transaction. Reports relations per second and the ratio. Also
times the native bulk path, ``write_neo4j_csv`` (rows per second written; the neo4j-admin import
itself needs a Neo4j installation).

Server: ``FKG_NEO4J_URI`` (a real Neo4j: it DELETES the fkg nodes there), else a FalkorDB test
server started here, which is only allowed inside a private network namespace::

    unshare -n sh -c 'ip link set lo up; .venv/bin/python bench/neo4j_load_bench.py'
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time

from freelance_kg.errors import FkgError
from freelance_kg.graph.falkordb_server import FalkorDBServer, private_netns
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.neo4j_csv import write_neo4j_csv
from freelance_kg.graph.neo4j_store import Neo4jStore
from freelance_kg.graph.rdf_store import OxigraphStore

TIES = ["WORKS_FOR", "MEMBER_OF", "FOUNDED", "LEADS"]


def synthetic_graph(n_relations: int, seed: int = 7):
    rng = random.Random(seed)
    doc = Document.from_text(f"synthetic benchmark corpus {seed}", source="bench://synthetic")
    people = [Entity.make(f"Person {i:05d} Example", "Person", [f"P{i}"]) for i in range(n_relations // 3)]
    orgs = [Entity.make(f"Organisation {i:04d} Collective", "Organization") for i in range(n_relations // 20 + 1)]
    platforms = [Entity.make(f"Platform {i:04d}", "Platform") for i in range(n_relations // 40 + 1)]
    relations, seen = [], set()
    while len(relations) < n_relations:
        person = rng.choice(people)
        predicate = rng.choice(TIES)
        target = rng.choice(orgs if predicate == "MEMBER_OF" else orgs + platforms)
        if (person.id, predicate, target.id) in seen:
            continue
        seen.add((person.id, predicate, target.id))
        start = len(relations) * 100
        sentence = f"{person.name} ({predicate.lower()}) {target.name}, the article said."
        relations.append(Relation(person.id, predicate, target.id, evidence=[
            Evidence(doc.id, sentence, start, start + len(sentence), "bench.v1", 0.8)]))
    return [doc], people + orgs + platforms, relations


def timed_load(uri, batch_size, graph) -> float:
    with Neo4jStore(uri=uri, batch_size=batch_size) as store:
        store.clear()
        store.ensure_schema()
        t0 = time.perf_counter()
        store.add(*graph)
        elapsed = time.perf_counter() - t0
        n = store.cypher("MATCH (:Entity)-[r]->(:Entity) RETURN count(r)").rows[0][0]
        assert n == len(graph[2]), f"loaded {n} relations, expected {len(graph[2])}"
        store.clear()
        return elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--relations", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=1000, help="rows per batch (batched run)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; best kept")
    args = parser.parse_args(argv)

    server = None
    uri = os.environ.get("FKG_NEO4J_URI")
    if not uri:
        if not private_netns():
            print("no FKG_NEO4J_URI and not in a private network namespace; run:\n  unshare -n sh -c "
                  "'ip link set lo up; .venv/bin/python bench/neo4j_load_bench.py'", file=sys.stderr)
            return 2
        try:
            server = FalkorDBServer(prefix="fkg-bench-falkordb-")
            server.start()
        except FkgError as exc:
            raise SystemExit(str(exc)) from exc
        uri = server.uri
    try:
        graph = synthetic_graph(args.relations)
        n = len(graph[2])
        with Neo4jStore(uri=uri) as probe:
            flavor, cap = probe.flavor, probe.max_payload_bytes
        batched = min(timed_load(uri, args.batch, graph) for _ in range(args.repeat))
        row_by_row = min(timed_load(uri, 1, graph) for _ in range(args.repeat))

        memory = OxigraphStore(None)
        memory.add(*graph)
        out = tempfile.mkdtemp(prefix="fkg-bench-csv-")
        try:
            t0 = time.perf_counter()
            counts = write_neo4j_csv(memory, out)
            csv_time = time.perf_counter() - t0
        finally:
            shutil.rmtree(out, ignore_errors=True)
        csv_rows = sum(v for k, v in counts.items() if k != "files")
        # the same read from the store, without writing: what the CSV writer itself costs
        t0 = time.perf_counter()
        read_rows = sum(1 for _ in memory.entities()) + sum(1 + len(r.evidence) for r in memory.relations())
        read_time = time.perf_counter() - t0

        print(f"server: {flavor} at {uri} (payload cap per statement: {cap or 'none'} bytes)")
        print(f"graph: {n} relations, {len(graph[1])} entities, {n} evidence")
        print(f"batched (batch={args.batch}): {n / batched:10.0f} relations/s  ({batched:.2f} s)")
        print(f"row-by-row (batch=1):  {n / row_by_row:10.0f} relations/s  ({row_by_row:.2f} s)")
        print(f"ratio batched / row-by-row: {row_by_row / batched:.1f}x  (bar on the test server: >= 10x)")
        print(f"neo4j-admin CSV (write_neo4j_csv from the embedded store): {csv_rows / csv_time:10.0f} rows/s "
              f"({csv_rows} rows, {csv_time:.2f} s; reading the same from the store alone: "
              f"{read_rows / read_time:.0f} rows/s, ratio {csv_time / read_time:.2f}x)")
    finally:
        if server is not None:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
