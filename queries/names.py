"""Name lookup: from what a user types to one node of the graph.

Order: an exact node id; then an exact canonical name or alias after
:func:`freelance_kg.graph.identity.normalize`; then a fuzzy match (rapidfuzz) that must be
clearly better than the runner-up. Anything else raises :class:`EntityNotFound` (nothing close
enough) or :class:`AmbiguousName` (several equally good), each with the closest candidates.
The lookup itself is :func:`freelance_kg.graph.lookup.find_entity`, shared with the store's
:func:`freelance_kg.ingest.resolve.lookup`.
"""

from __future__ import annotations

from freelance_kg.errors import EntityNotFound
from freelance_kg.graph.lookup import NameIndex, match_entity, query_text
from freelance_kg.queries._graphs import cached


def _label(graph, node) -> str:
    data = graph.nodes[node]
    name = data.get("name") or str(node)
    return f"{name} ({data['type']})" if data.get("type") else name


def _index(graph) -> NameIndex:
    """Every node's names under their normal forms; cached per graph."""
    return cached(graph, "names", lambda: NameIndex(
        (node, data.get("type"), data.get("name") or str(node), data.get("aliases", ()))
        for node, data in graph.nodes(data=True)))


def resolve_entity(graph, name: str, *, entity_type: str | None = None):
    """The node ``name`` refers to (node id, canonical name or alias, or a close spelling).

    ``entity_type`` narrows the search (e.g. "Person"). Raises EntityNotFound /
    AmbiguousName with up to five candidates, written "Name (Type)": the names most similar
    to what was typed, and only those similar enough to be worth a look.
    """
    return match_name(graph, name, entity_type=entity_type)["node"]


def match_name(graph, name: str, *, entity_type: str | None = None) -> dict:
    """``{"node", "name", "type", "query", "matched_by"}``: the node ``name`` refers to, its
    canonical name and type, what was typed, and how it was matched ("id", "name", "alias" or
    "close spelling"). Errors as :func:`resolve_entity`."""
    name = query_text(name)
    if graph.number_of_nodes() == 0:
        raise EntityNotFound(f"no entity named {name!r}: the graph is empty; ingest articles "
                             "first (fkg ingest)")
    node, how = match_entity(_index(graph), name, entity_type=entity_type,
                             label=lambda n: _label(graph, n), where="the graph")
    data = graph.nodes[node]
    return {"node": node, "name": data.get("name") or str(node), "type": data.get("type") or "",
            "query": name, "matched_by": how}


def match_note(match: dict) -> str:
    """One line telling the user which entity their words were taken to mean, or "" when they
    typed its canonical name: "'Sarah Horowitz' is Sara Horowitz (Person), by close spelling"."""
    if match["matched_by"] == "name":
        return ""
    kind = f" ({match['type']})" if match["type"] else ""
    return f"{match['query']!r} is {match['name']}{kind}, by {match['matched_by']}"
