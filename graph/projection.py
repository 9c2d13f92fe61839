"""Store -> networkx: the graph analytics and pictures work on.

``to_multidigraph`` keeps every relation as an edge keyed by predicate, with its evidence;
``to_social_graph`` folds that into an undirected weighted Graph for social analytics.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from freelance_kg.graph.model import Document, Entity, Relation


def to_multidigraph(entities: Iterable[Entity], relations: Iterable[Relation],
                    documents: Iterable[Document] = ()) -> nx.MultiDiGraph:
    """Nodes: entity id with ``type``, ``name``, ``aliases``. Edges: one per relation, key =
    predicate, with ``predicate``, ``role``, ``confidence``, ``evidence_count`` and ``evidence``
    (list of dicts: document_id, source, title, sentence, start, end, extractor, confidence).
    Symmetric predicates are kept as one directed edge (subject = smaller id)."""
    sources = {d.id: d for d in documents}
    graph = nx.MultiDiGraph()
    for ent in entities:
        graph.add_node(ent.id, type=ent.type, name=ent.name, aliases=list(ent.aliases))
    for rel in relations:
        evidence = []
        for ev in rel.evidence:
            doc = sources.get(ev.document_id)
            evidence.append({
                "document_id": ev.document_id,
                "source": doc.source if doc else "",
                "title": doc.title if doc else "",
                "sentence": ev.sentence, "start": ev.start, "end": ev.end,
                "extractor": ev.extractor, "confidence": ev.confidence,
            })
        for end in (rel.subject, rel.object):
            if end not in graph:   # a relation to an entity the store lacks: keep it visible
                graph.add_node(end, type="", name=end, aliases=[])
        graph.add_edge(rel.subject, rel.object, key=rel.predicate, predicate=rel.predicate,
                       role=rel.role, confidence=rel.confidence, evidence_count=len(evidence),
                       evidence=evidence)
    return graph


def to_social_graph(multigraph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected simple Graph: one edge per linked pair, ``weight`` = total evidence count
    (at least 1 per relation), ``predicates`` = the predicates behind it."""
    graph = nx.Graph()
    graph.add_nodes_from(multigraph.nodes(data=True))
    for u, v, data in multigraph.edges(data=True):
        if u == v:
            continue
        w = max(1, data.get("evidence_count", 1))
        if graph.has_edge(u, v):
            graph[u][v]["weight"] += w
            graph[u][v]["predicates"].append(data.get("predicate"))
        else:
            graph.add_edge(u, v, weight=w, predicates=[data.get("predicate")])
    return graph
