"""Store benchmark: write rates, a 2-hop aggregate query, disk size, peak memory.

Synthetic graph of people working for platforms that funders fund, every relation with one
evidence record (about 13 triples per relation). Baseline in the same run: a plain in-memory
rdflib Graph holding the same triples, asked the same query.

    .venv/bin/python bench/store_bench.py                 # ~1,000,000 triples
    .venv/bin/python bench/store_bench.py --people 6000   # quick run (~115k triples)

Bars (issue #2): bulk import >= 100,000 triples/s; transactional writes >= 30,000 triples/s;
the query >= 5x faster than rdflib in memory. Ratios matter here, not absolute times.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path

from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.rdf_store import OxigraphStore

QUERY = """
SELECT ?funder (COUNT(DISTINCT ?person) AS ?people) WHERE {
  ?funder fkg:FUNDS ?platform .
  ?person fkg:WORKS_FOR ?platform .
} GROUP BY ?funder ORDER BY DESC(?people) ?funder LIMIT 10
"""


def synthetic(people: int, seed: int = 7):
    """Documents, entities and relations: people WORK_FOR platforms; funders FUND platforms."""
    rng = random.Random(seed)
    platforms = [Entity.make(f"Platform {i}", "Platform") for i in range(max(10, people // 10))]
    funders = [Entity.make(f"Fund {i} Capital", "Funder") for i in range(max(5, people // 60))]
    persons = [Entity.make(f"Person {i} Example", "Person", [f"Example{i}"]) for i in range(people)]
    docs = [Document.from_text(f"synthetic article {i}", source=f"bench://{i}") for i in range(max(1, people // 100))]
    relations = []
    for i, person in enumerate(persons):
        doc = docs[i % len(docs)]
        target = rng.choice(platforms)
        sentence = f"{person.name} works at {target.name}."
        relations.append(Relation(person.id, "WORKS_FOR", target.id, evidence=[
            Evidence(doc.id, sentence, 0, len(sentence), "bench/1", 0.8)]))
    for j, platform in enumerate(platforms):
        for funder in rng.sample(funders, 2):
            doc = docs[j % len(docs)]
            sentence = f"{platform.name} raised money from {funder.name}."
            relations.append(Relation(funder.id, "FUNDS", platform.id, evidence=[
                Evidence(doc.id, sentence, 0, len(sentence), "bench/1", 0.7)]))
    return docs, platforms + funders + persons, relations


def disk_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=60_000, help="people (60,000 -> ~1M triples)")
    parser.add_argument("--batch", type=int, default=2_000, help="relations per transaction")
    parser.add_argument("--skip-rdflib", action="store_true", help="skip the rdflib baseline")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fkg-store-bench-"))
    try:
        docs, entities, relations = synthetic(args.people)

        # 1. transactional writes: add() in batches, each batch one transaction
        t0 = time.perf_counter()
        with OxigraphStore(work / "tx") as store:
            store.add(docs, entities, [])
            for i in range(0, len(relations), args.batch):
                store.add(relations=relations[i:i + args.batch])
            triples = len(store.db)
            tx_time = time.perf_counter() - t0
            nq = work / "graph.nq"
            from freelance_kg.graph import formats
            formats.export(store, "nq", str(nq))
            # 2. the query on disk
            t0 = time.perf_counter()
            answer = store.sparql(QUERY).rows
            query_disk = time.perf_counter() - t0
        tx_disk = disk_bytes(work / "tx")

        # 3. bulk import of the same triples into an empty store
        t0 = time.perf_counter()
        with OxigraphStore(work / "bulk") as store:
            formats.import_file(store, str(nq))
            bulk_time = time.perf_counter() - t0
            assert len(store.db) == triples
            assert store.sparql(QUERY).rows == answer

        print(f"triples                      {triples:,}")
        print(f"transactional add()          {triples / tx_time:,.0f} triples/s  ({tx_time:.1f} s, batches of {args.batch} relations)   bar >= 30,000")
        print(f"bulk import (fkg import)     {triples / bulk_time:,.0f} triples/s  ({bulk_time:.1f} s)   bar >= 100,000")
        print(f"2-hop aggregate query, disk  {query_disk:.2f} s")
        print(f"disk size                    {tx_disk / 1e6:.0f} MB")

        if not args.skip_rdflib:
            import rdflib
            from freelance_kg.graph import schema
            t0 = time.perf_counter()
            graph = rdflib.Dataset()
            graph.parse(nq, format="nquads")
            rdflib_load = time.perf_counter() - t0
            t0 = time.perf_counter()
            rows = list(graph.query(schema.sparql_prefixes() + QUERY))
            rdflib_query = time.perf_counter() - t0
            assert [[str(r[0]), int(r[1])] for r in rows] == [[a, b] for a, b in answer]
            print(f"rdflib in-memory load        {triples / rdflib_load:,.0f} triples/s  ({rdflib_load:.1f} s)")
            print(f"rdflib in-memory query       {rdflib_query:.2f} s")
            print(f"RATIO query speed-up vs rdflib   {rdflib_query / query_disk:.1f}x   bar >= 5x")
            print(f"RATIO bulk load vs rdflib load   {rdflib_load / bulk_time:.1f}x")
        print(f"peak RSS (whole run)         {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
