"""Name lookup: from what a user types to one node of the graph.

Order: an exact node id; then an exact canonical name or alias after
:func:`freelance_kg.graph.identity.normalize`; then a fuzzy match (rapidfuzz) that must be
clearly better than the runner-up. Anything else raises :class:`EntityNotFound` (nothing close
enough) or :class:`AmbiguousName` (several equally good), each with the closest candidates.
"""

from __future__ import annotations

from freelance_kg.errors import AmbiguousName, BadInput, EntityNotFound
from freelance_kg.graph import identity
from freelance_kg.queries._graphs import cached

#: A fuzzy match is accepted only at or above this rapidfuzz WRatio score ...
FUZZY_ACCEPT = 85
#: ... and only when it beats the best other entity by this many points.
FUZZY_MARGIN = 4


def _label(graph, node) -> str:
    data = graph.nodes[node]
    name = data.get("name") or str(node)
    return f"{name} ({data['type']})" if data.get("type") else name


def _index(graph):
    """normalised name -> [nodes], plus (keys, owners) for fuzzy search; cached per graph."""
    return cached(graph, "names", lambda: _build_index(graph))


def _build_index(graph):
    exact: dict[str, list] = {}
    keys: list[str] = []
    owners: list = []
    for node, data in graph.nodes(data=True):
        names = {data.get("name") or str(node), *data.get("aliases", ())}
        for key in {identity.normalize(n) for n in names if n}:
            if not key:
                continue
            exact.setdefault(key, []).append(node)
            keys.append(key)
            owners.append(node)
    return exact, (keys, owners)


def resolve_entity(graph, name: str, *, entity_type: str | None = None):
    """The node ``name`` refers to (node id, canonical name or alias, or a close spelling).

    ``entity_type`` narrows the search (e.g. "Person"). Raises EntityNotFound /
    AmbiguousName with up to five closest candidates, written "Name (Type)".
    """
    if name is None or not str(name).strip():
        raise BadInput("an entity name is required (got an empty name)")
    name = str(name).strip()

    def fits(node):
        return entity_type is None or graph.nodes[node].get("type") == entity_type

    if graph.number_of_nodes() == 0:
        raise EntityNotFound(f"no entity named {name!r}: the graph is empty; ingest articles "
                             "first (fkg ingest)")
    if name in graph and fits(name):
        return name
    exact, (keys, owners) = _index(graph)
    key = identity.normalize(name)
    hits = [node for node in dict.fromkeys(exact.get(key, ())) if fits(node)]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        labels = sorted(_label(graph, n) for n in hits)
        raise AmbiguousName(f"{name!r} names {len(hits)} entities; give the full name or the id",
                            candidates=labels[:5])
    ranked = _fuzzy(key, keys, owners, fits)
    if ranked:
        (best, best_score), *rest = ranked
        runner_up = rest[0][1] if rest else 0
        if best_score >= FUZZY_ACCEPT and best_score - runner_up >= FUZZY_MARGIN:
            return best
        if best_score >= FUZZY_ACCEPT:
            tied = [_label(graph, n) for n, s in ranked if best_score - s < FUZZY_MARGIN]
            raise AmbiguousName(f"{name!r} is close to several entities; give the full name",
                                candidates=tied[:5])
    what = f"{entity_type} " if entity_type else ""
    raise EntityNotFound(f"no {what}entity named {name!r} in the graph",
                         candidates=[_label(graph, n) for n, _ in ranked[:5]])


def _fuzzy(key, keys, owners, fits):
    """[(node, best score)] best first, one entry per node (the closest 50 names)."""
    from rapidfuzz import fuzz, process

    best: dict = {}
    for _, score, position in process.extract(key, keys, scorer=fuzz.WRatio, limit=50):
        node = owners[position]
        if fits(node) and score > best.get(node, -1):
            best[node] = score
    return sorted(best.items(), key=lambda item: (-item[1], str(item[0])))
