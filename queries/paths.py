"""Who knows whom: derived KNOWS ties between people, shortest connections with evidence for
every hop, ego networks and introductions.

KNOWS is never extracted (schema.md): two people "know" each other when the graph gives them a
shared tie, each kind with a strength:

=================  ========  ===============================================================
kind               strength  when
=================  ========  ===============================================================
co-founders        3         both FOUNDED the same organisation, platform, funder or event
same sentence      2         both named in one evidence sentence of the same document
same organisation  1         both FOUNDED / LEADS / WORKS_FOR / MEMBER_OF the same organisation
same event         1         both PARTICIPATED_IN / LEADS / FOUNDED the same event (or meeting)
same funder        0.5       one works at a funder that FUNDS the other's organisation, or both
                             organisations are FUNDS-ed by the same funder
=================  ========  ===============================================================

Paths between two entities run over every relation, either direction, but never *through* a
Place (two organisations in one city do not make their people acquainted) unless asked.
"""

from __future__ import annotations

import itertools
from collections import deque

import networkx as nx

from freelance_kg.errors import BadInput
from freelance_kg.graph import schema
from freelance_kg.queries._graphs import cached, node_name, node_type
from freelance_kg.queries.names import resolve_entity

KNOWS_STRENGTH = {"co-founders": 3.0, "same sentence": 2.0, "same organisation": 1.0,
                  "same event": 1.0, "same funder": 0.5}

_MEMBERSHIP = ("FOUNDED", "LEADS", "WORKS_FOR", "MEMBER_OF")
_EVENT_TIES = ("PARTICIPATED_IN", "LEADS", "FOUNDED")


# --- hops and evidence ------------------------------------------------------------------------
def _best_evidence(data) -> dict:
    evidence = data.get("evidence") or []
    if not evidence:
        return {}
    return max(evidence, key=lambda ev: (ev.get("confidence") or 0.0, -len(ev.get("sentence", ""))))


def _relations_between(graph, u, v) -> list[tuple]:
    """[(subject, object, data)] for every relation between u and v, either direction,
    best first (confidence, then evidence count). Works on multi and simple graphs."""
    found = []
    for s, o in ((u, v), (v, u)):
        if not graph.has_edge(s, o):
            continue
        if graph.is_multigraph():
            found.extend((s, o, data) for data in graph[s][o].values())
        else:
            found.append((s, o, graph[s][o]))
    found.sort(key=lambda t: (-(t[2].get("confidence") or 0.0), -(t[2].get("evidence_count") or 0),
                              str(t[2].get("predicate", ""))))
    return found


def describe_hop(graph, u, v) -> dict:
    """One hop u -> v of a path: the best relation between them, its direction, its evidence."""
    relations = _relations_between(graph, u, v)
    if not relations:
        raise BadInput(f"{node_name(graph, u)} and {node_name(graph, v)} are not linked")
    subject, obj, data = relations[0]
    predicate = data.get("predicate") or "LINKED_TO"
    ev = _best_evidence(data)
    others = sorted({d.get("predicate") or "LINKED_TO" for _, _, d in relations[1:]} - {predicate})
    return {
        "from": node_name(graph, u),
        "predicate": predicate,
        "direction": "->" if subject == u else "<-",
        "to": node_name(graph, v),
        "link": (f"{node_name(graph, u)} -{predicate}-> {node_name(graph, v)}" if subject == u
                 else f"{node_name(graph, u)} <-{predicate}- {node_name(graph, v)}"),
        "statement": f"{node_name(graph, subject)} {predicate} {node_name(graph, obj)}",
        "role": data.get("role") or "",
        "sentence": ev.get("sentence", ""),
        "source": ev.get("source", ""),
        "title": ev.get("title", ""),
        "document_id": ev.get("document_id", ""),
        "also": ", ".join(others),
    }


def chain_text(hops: list[dict]) -> str:
    """"A -FOUNDED-> B <-MEMBER_OF- C": a path's hops in one line, arrows as stated."""
    if not hops:
        return ""
    parts = [hops[0]["from"]]
    for hop in hops:
        if hop["direction"] == "<-":
            parts.append(f"<-{hop['predicate']}- {hop['to']}")
        else:
            parts.append(f"-{hop['predicate']}-> {hop['to']}")
    return " ".join(parts)


def _undirected_view(graph, keep_places: bool, endpoints=()):
    """Undirected simple view for path search, without Place nodes (except ``endpoints``)."""
    base = cached(graph, "undirected", lambda: _undirected_base(graph))
    if keep_places:
        return base
    places = cached(graph, "places", lambda: frozenset(
        n for n, t in base.nodes(data="type") if t == schema.PLACE))
    hidden = places - set(endpoints)
    if not hidden:
        return base
    return nx.subgraph_view(base, filter_node=lambda n: n not in hidden)


def _undirected_base(graph):
    if not (graph.is_directed() or graph.is_multigraph()):
        return graph
    base = nx.Graph()
    base.add_nodes_from((n, {"type": t}) for n, t in graph.nodes(data="type"))
    base.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return base


# --- who knows whom ---------------------------------------------------------------------------
def who_knows(graph, a, b, *, max_hops: int = 4, paths: int = 3, via_places: bool = False) -> list[dict]:
    """The shortest connections between ``a`` and ``b`` (names, aliases or ids), at most
    ``max_hops`` hops, at most ``paths`` of them, shortest first.

    One record per hop: ``path`` (1-based), ``hop``, ``from``, ``predicate``, ``direction``
    ("->" when ``from`` is the subject, "<-" when it is the object), ``to``, ``link`` (the hop
    as "A -PREDICATE-> B"),
    ``statement`` (the relation the right way round, e.g. "Ana Ruiz FOUNDED GigHub"), ``role``,
    and the evidence: ``sentence``, ``source``, ``title``, ``document_id``. An empty list means
    no connection within ``max_hops``.
    """
    if max_hops < 1:
        raise BadInput(f"--max-hops must be at least 1, got {max_hops}")
    if paths < 1:
        raise BadInput(f"--paths must be at least 1, got {paths}")
    source = resolve_entity(graph, a)
    target = resolve_entity(graph, b)
    if source == target:
        raise BadInput(f"{a!r} and {b!r} are the same entity ({node_name(graph, source)}); "
                       "give two different names")
    view = _undirected_view(graph, via_places, endpoints=(source, target))
    records = []
    try:
        for number, path in enumerate(nx.shortest_simple_paths(view, source, target), start=1):
            if number > paths or len(path) - 1 > max_hops:
                break
            for hop, (u, v) in enumerate(itertools.pairwise(path), start=1):
                records.append({"path": number, "hop": hop, **describe_hop(graph, u, v)})
    except nx.NetworkXNoPath:
        pass
    return records


def ego_network(graph, name, *, hops: int = 2, via_places: bool = False) -> list[dict]:
    """Everyone within ``hops`` of ``name``: distance, type, and the chain that reaches them
    (breadth first, so the chain is a shortest one; Places are listed but not gone through)."""
    if hops < 1:
        raise BadInput(f"--hops must be at least 1, got {hops}")
    centre = resolve_entity(graph, name)
    view = _undirected_view(graph, keep_places=True)
    parent = {centre: None}
    distance = {centre: 0}
    queue = deque([centre])
    while queue:
        node = queue.popleft()
        if distance[node] == hops:
            continue
        if node != centre and not via_places and node_type(graph, node) == schema.PLACE:
            continue
        for neighbour in sorted(view[node], key=str):
            if neighbour not in distance:
                distance[neighbour] = distance[node] + 1
                parent[neighbour] = node
                queue.append(neighbour)
    records = []
    for node in distance:
        if node == centre:
            continue
        chain = [node]
        while parent[chain[-1]] is not None:
            chain.append(parent[chain[-1]])
        chain.reverse()
        links = [describe_hop(graph, u, v) for u, v in itertools.pairwise(chain)]
        records.append({
            "name": node_name(graph, node), "type": node_type(graph, node),
            "distance": distance[node],
            "via": chain_text(links),
            "sentence": links[-1]["sentence"], "source": links[-1]["source"],
        })
    records.sort(key=lambda r: (r["distance"], r["type"], r["name"]))
    return records


# --- KNOWS ------------------------------------------------------------------------------------
def _tie(graph, subject, predicate, obj, data) -> dict:
    """One relation behind a KNOWS reason, the right way round, with its best evidence."""
    ev = _best_evidence(data)
    return {"statement": f"{node_name(graph, subject)} {predicate} {node_name(graph, obj)}",
            "sentence": ev.get("sentence", ""), "source": ev.get("source", ""),
            "document_id": ev.get("document_id", "")}


def knows_graph(graph) -> nx.Graph:
    """Person-Person KNOWS graph derived from shared ties (see the module docstring).

    Edge data: ``strength`` (sum over reasons) and ``reasons``: a list of
    ``{"kind", "via", "via_name", "ties": [{"statement", "sentence", "source", "document_id"}]}``.
    Needs the store projection (a MultiDiGraph with ``type`` on nodes and ``predicate`` on edges).
    Cached per graph object: treat the result as read-only.
    """
    return cached(graph, "knows", lambda: _build_knows_graph(graph))


def _build_knows_graph(graph) -> nx.Graph:
    people = nx.Graph()
    for node, entity_type in graph.nodes(data="type"):
        if entity_type == schema.PERSON:
            people.add_node(node, **graph.nodes[node])
    if not graph.is_directed():
        return people

    # person -> target ties, grouped by target
    members: dict = {}          # org-like target -> {person: [(predicate, data)]}
    sentences: dict = {}        # (document, sentence) -> {person: (subject, predicate, object, data)}
    for u, v, data in graph.edges(data=True):
        predicate = data.get("predicate")
        for ev in data.get("evidence") or ():
            key = (ev.get("document_id"), ev.get("sentence"))
            if key[1]:
                for person in {x for x in (u, v) if x in people}:
                    sentences.setdefault(key, {}).setdefault(person, (u, predicate, v, data))
        if u in people and u != v:
            members.setdefault(v, {}).setdefault(u, []).append((predicate, data))

    def add(p, q, kind, via, ties):
        if p == q:
            return
        a, b = sorted((p, q), key=str)
        if not people.has_edge(a, b):
            people.add_edge(a, b, strength=0.0, reasons=[])
        reasons = people[a][b]["reasons"]
        if any(r["kind"] == kind and r["via"] == via for r in reasons):
            return
        via_name = node_name(graph, via) if via in graph else via     # a sentence is its own name
        reasons.append({"kind": kind, "via": via, "via_name": via_name, "ties": ties})
        people[a][b]["strength"] += KNOWS_STRENGTH[kind]

    def first(ties, wanted):
        return next(((pred, data) for pred, data in ties if pred in wanted), None)

    affiliation: dict = {}      # person -> orgs they belong to (for funder links)
    for target, by_person in members.items():
        target_type = node_type(graph, target)
        for person, ties in by_person.items():
            if first(ties, _MEMBERSHIP) and target_type != schema.EVENT:
                affiliation.setdefault(person, set()).add(target)
        for p, q in itertools.combinations(sorted(by_person, key=str), 2):
            tp, tq = by_person[p], by_person[q]
            fp, fq = first(tp, ("FOUNDED",)), first(tq, ("FOUNDED",))
            if fp and fq:
                add(p, q, "co-founders", target, [_tie(graph, p, "FOUNDED", target, fp[1]),
                                                  _tie(graph, q, "FOUNDED", target, fq[1])])
                continue
            if target_type == schema.EVENT or (target_type == schema.ORGANIZATION
                                               and first(tp, ("PARTICIPATED_IN",))
                                               and first(tq, ("PARTICIPATED_IN",))):
                wanted, kind = _EVENT_TIES, "same event"
            else:
                wanted, kind = _MEMBERSHIP, "same organisation"
            xp, xq = first(tp, wanted), first(tq, wanted)
            if xp and xq:
                add(p, q, kind, target, [_tie(graph, p, xp[0], target, xp[1]),
                                         _tie(graph, q, xq[0], target, xq[1])])

    for (document_id, sentence), by_person in sentences.items():
        for p, q in itertools.combinations(sorted(by_person, key=str), 2):
            ties = [_tie(graph, *by_person[p]), _tie(graph, *by_person[q])]
            add(p, q, "same sentence", sentence, ties if ties[0] != ties[1] else ties[:1])

    # funders: F FUNDS X -> people of F (or F itself, a person) know people of X;
    # F FUNDS X and Y -> people of X know people of Y
    funded: dict = {}           # funder -> [(target, data)]
    for u, v, data in graph.edges(data=True):
        if data.get("predicate") == "FUNDS":
            funded.setdefault(u, []).append((v, data))
    staff: dict = {}            # org -> [persons]
    for person, orgs in affiliation.items():
        for org in orgs:
            staff.setdefault(org, []).append(person)
    for funder, targets in funded.items():
        backers = staff.get(funder, [])
        if funder in people:
            backers = [*backers, funder]
        for (x, dx), (y, dy) in itertools.combinations(targets, 2):
            for p in staff.get(x, ()):
                for q in staff.get(y, ()):
                    add(p, q, "same funder", funder,
                        [_tie(graph, funder, "FUNDS", x, dx), _tie(graph, funder, "FUNDS", y, dy)])
        for x, dx in targets:
            for p in backers:
                for q in staff.get(x, ()):
                    add(p, q, "same funder", funder, [_tie(graph, funder, "FUNDS", x, dx)])
    return people


def _reason_text(graph, reason) -> str:
    via = reason["via_name"]
    kind = reason["kind"]
    if kind == "co-founders":
        return f"co-founded {via}"
    if kind == "same organisation":
        return f"both at {via}"
    if kind == "same event":
        return f"both at {via}"
    if kind == "same funder":
        return f"linked through funder {via}"
    return f'named together: "{via}"'


def acquaintances(graph, name) -> list[dict]:
    """The people ``name`` knows (KNOWS), strongest first, with the reasons and their evidence."""
    person = resolve_entity(graph, name, entity_type=schema.PERSON)
    knows = knows_graph(graph)
    records = []
    for other in knows[person]:
        data = knows[person][other]
        records.append({
            "name": node_name(graph, other), "strength": data["strength"],
            "reasons": "; ".join(_reason_text(graph, r) for r in data["reasons"]),
            "evidence": [t["sentence"] for r in data["reasons"] for t in r["ties"] if t["sentence"]],
        })
    records.sort(key=lambda r: (-r["strength"], r["name"]))
    return records


def introductions(graph, name, *, top: int = 20) -> list[dict]:
    """Who could introduce ``name`` to whom: people two KNOWS steps away, each with the
    introducer they share and why (both ties' reasons). Score = the weaker of the two ties'
    strengths (an introduction is only as good as its weaker link); best first."""
    if top < 1:
        raise BadInput(f"--top must be at least 1, got {top}")
    person = resolve_entity(graph, name, entity_type=schema.PERSON)
    knows = knows_graph(graph)
    known = set(knows[person])
    records = []
    for introducer in known:
        first_tie = knows[person][introducer]
        for target in knows[introducer]:
            if target == person or target in known:
                continue
            second_tie = knows[introducer][target]
            records.append({
                "introduce_to": node_name(graph, target),
                "through": node_name(graph, introducer),
                "score": min(first_tie["strength"], second_tie["strength"]),
                "why": (f"{node_name(graph, person)} and {node_name(graph, introducer)}: "
                        + "; ".join(_reason_text(graph, r) for r in first_tie["reasons"])
                        + f" | {node_name(graph, introducer)} and {node_name(graph, target)}: "
                        + "; ".join(_reason_text(graph, r) for r in second_tie["reasons"])),
            })
    records.sort(key=lambda r: (-r["score"], r["introduce_to"], r["through"]))
    return records[:top]


# --- networkx twins of the named queries ------------------------------------------------------
def co_memberships(graph) -> list[tuple[str, str, str]]:
    """(person A, person B, organisation) for people tied to the same organisation, platform or
    funder by FOUNDED / LEADS / WORKS_FOR / MEMBER_OF; A's id sorts before B's. Twin of
    ``co-membership.rq``."""
    org_types = (schema.ORGANIZATION, schema.PLATFORM, schema.FUNDER)
    staff: dict = {}
    for u, v, predicate in graph.edges(data="predicate"):
        if (predicate in _MEMBERSHIP and node_type(graph, u) == schema.PERSON
                and node_type(graph, v) in org_types):
            staff.setdefault(v, set()).add(u)
    rows = {(node_name(graph, a), node_name(graph, b), node_name(graph, org))
            for org, people in staff.items()
            for a, b in itertools.combinations(sorted(people, key=str), 2)}
    return sorted(rows, key=lambda r: (r[2], r[0], r[1]))


def platform_funders(graph, person) -> list[tuple[str, str]]:
    """(platform, funder) for each platform ``person`` FOUNDED / LEADS / WORKS_FOR / is a
    MEMBER_OF, and each entity that FUNDS it. Twin of ``platform-funders.rq``."""
    who = resolve_entity(graph, person, entity_type=schema.PERSON)
    rows = set()
    for _, platform, predicate in graph.out_edges(who, data="predicate"):
        if predicate in _MEMBERSHIP and node_type(graph, platform) == schema.PLATFORM:
            for funder, _, p in graph.in_edges(platform, data="predicate"):
                if p == "FUNDS":
                    rows.add((node_name(graph, platform), node_name(graph, funder)))
    return sorted(rows)


def paths_within(graph, a, b, *, max_hops: int = 3) -> list[tuple]:
    """(hops, from, via1, ..., via{max_hops-1}, to) for every simple path of at most ``max_hops``
    relations between two people, never through a Place (unused via slots are None); shortest
    first. Twin of ``path-between.rq``."""
    source = resolve_entity(graph, a, entity_type=schema.PERSON)
    target = resolve_entity(graph, b, entity_type=schema.PERSON)
    view = _undirected_view(graph, keep_places=False, endpoints=(source, target))
    rows = set()
    for path in nx.all_simple_paths(view, source, target, cutoff=max_hops):
        vias = [node_name(graph, v) for v in path[1:-1]]
        vias += [None] * (max_hops - 1 - len(vias))
        rows.add((len(path) - 1, node_name(graph, source), *vias, node_name(graph, target)))
    return sorted(rows, key=lambda r: (r[0], [v or "" for v in r[2:-1]]))
