"""Property-based checks (hypothesis) on random graphs: engines agree, paths chain with evidence."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from freelance_kg.graph import projection
from freelance_kg.graph.model import Entity, Evidence, Relation
from freelance_kg.queries.centrality import centrality_scores
from freelance_kg.queries.communities import adjusted_rand_index
from freelance_kg.queries.paths import who_knows

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def random_graphs(draw):
    n = draw(st.integers(min_value=3, max_value=25))
    p = draw(st.floats(min_value=0.05, max_value=0.6))
    seed = draw(st.integers(min_value=0, max_value=10_000))
    return nx.gnp_random_graph(n, p, seed=seed)


@SETTINGS
@given(random_graphs(), st.sampled_from(["degree", "betweenness", "pagerank", "harmonic",
                                         "eigenvector"]))
def test_engines_agree_on_random_graphs(G, measure):
    a = centrality_scores(G, measure, engine="networkx", component="each")
    b = centrality_scores(G, measure, engine="igraph", component="each")
    assert set(a) == set(b)
    assert set(a) == (set(G) - set(nx.isolates(G)) if measure == "eigenvector" else set(G))
    for v in a:
        assert a[v] == pytest.approx(b[v], abs=1e-4)


@SETTINGS
@given(st.lists(st.integers(0, 3), min_size=2, max_size=30), st.data())
def test_adjusted_rand_index_properties(labels, data):
    a = dict(enumerate(labels))
    b = dict(enumerate(data.draw(st.lists(st.integers(0, 3), min_size=len(labels),
                                          max_size=len(labels)))))
    assert adjusted_rand_index(a, a) == pytest.approx(1.0)
    assert adjusted_rand_index(a, b) == pytest.approx(adjusted_rand_index(b, a))
    assert adjusted_rand_index(a, b) <= 1.0 + 1e-9


PREDICATES = [("Person", "WORKS_FOR", "Platform"), ("Person", "MEMBER_OF", "Organization"),
              ("Person", "FOUNDED", "Platform"), ("Funder", "FUNDS", "Platform"),
              ("Platform", "PARTNERS_WITH", "Organization")]


@SETTINGS
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 4), st.integers(0, 7)),
                min_size=1, max_size=30))
def test_every_hop_is_a_real_relation_with_evidence(triples):
    entities, relations = {}, {}
    for s, kind, o in triples:
        stype, predicate, otype = PREDICATES[kind]
        a = entities.setdefault((stype, s), Entity.make(f"{stype} {s}", stype))
        b = entities.setdefault((otype, o), Entity.make(f"{otype} {o}", otype))
        if a.id == b.id:
            continue
        sentence = f"{a.name} {predicate.lower()} {b.name}."
        rel = Relation(a.id, predicate, b.id, evidence=[Evidence("d1", sentence, 0, len(sentence),
                                                                 "test", 0.8)])
        relations[rel.key] = rel
    G = projection.to_multidigraph(entities.values(), relations.values())
    people = [e.id for e in entities.values() if e.type == "Person"]
    for a, b in zip(people, people[1:]):
        hops = who_knows(G, a, b, max_hops=6, paths=2)
        for hop in hops:
            assert hop["sentence"] == next(
                ev.sentence for rel in relations.values() for ev in rel.evidence
                if rel.predicate == hop["predicate"] and
                {G.nodes[rel.subject]["name"], G.nodes[rel.object]["name"]} == {hop["from"], hop["to"]})
        by_path: dict = {}
        for hop in hops:
            by_path.setdefault(hop["path"], []).append(hop)
        for path in by_path.values():
            assert path[0]["from"] == G.nodes[a]["name"] and path[-1]["to"] == G.nodes[b]["name"]
            assert all(x["to"] == y["from"] for x, y in zip(path, path[1:]))
        lengths = [len(p) for p in by_path.values()]
        assert lengths == sorted(lengths)
