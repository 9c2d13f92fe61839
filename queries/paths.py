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
from freelance_kg.queries.names import match_name, resolve_entity

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
    source, target = _two_ends(graph, a, b)
    return _shortest_connections(graph, source["node"], target["node"], max_hops, paths,
                                 via_places)


def _two_ends(graph, a, b) -> tuple[dict, dict]:
    first, second = match_name(graph, a), match_name(graph, b)
    if first["node"] == second["node"]:
        raise BadInput(f"{a!r} and {b!r} are the same entity ({first['name']}); "
                       "give two different names")
    return first, second


def who_knows_report(graph, a, b, *, max_hops: int = 4, paths: int = 3,
                     via_places: bool = False) -> dict:
    """``{"from": match, "to": match, "rows", "empty"}``: :func:`who_knows` with both matched
    entities and, when no connection is found, the reason: one side has no links at all, the
    two are in separate parts of the graph, they meet only through a place, or the shortest
    connection is longer than ``max_hops`` (and how long it is)."""
    if max_hops < 1:
        raise BadInput(f"--max-hops must be at least 1, got {max_hops}")
    if paths < 1:
        raise BadInput(f"--paths must be at least 1, got {paths}")
    first, second = _two_ends(graph, a, b)
    source, target = first["node"], second["node"]
    rows = _shortest_connections(graph, source, target, max_hops, paths, via_places)
    empty = None if rows else _why_not_connected(graph, source, target, max_hops, via_places)
    return {"from": first, "to": second, "rows": rows, "empty": empty}


def _why_not_connected(graph, source, target, max_hops, via_places) -> str:
    base = _undirected_view(graph, keep_places=True)
    for node in (source, target):
        if base.degree(node) == 0:
            other = target if node == source else source
            return (f"{node_name(graph, node)} has no links in the graph, so nothing connects "
                    f"them to {node_name(graph, other)}.")
    a, b = node_name(graph, source), node_name(graph, target)
    view = _undirected_view(graph, via_places, endpoints=(source, target))
    try:
        length = nx.shortest_path_length(view, source, target)
        return (f"No connection between {a} and {b} within {max_hops} hops; the shortest is "
                f"{length} hops (try --max-hops {length}).")
    except nx.NetworkXNoPath:
        pass
    if not via_places and nx.has_path(base, source, target):
        return (f"{a} and {b} are connected only through a place (a city or country), which "
                f"does not make people acquainted; --via-places allows it.")
    return (f"{a} and {b} are in separate parts of the graph: no chain of relations of any "
            f"length joins them.")


def _shortest_connections(graph, source, target, max_hops, paths, via_places) -> list[dict]:
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
    return ego_report(graph, name, hops=hops, via_places=via_places)["rows"]


def ego_report(graph, name, *, hops: int = 2, via_places: bool = False) -> dict:
    """``{"centre": match, "rows", "empty"}``: :func:`ego_network` with the matched entity and,
    when nobody is within reach, a message naming it."""
    if hops < 1:
        raise BadInput(f"--hops must be at least 1, got {hops}")
    match = match_name(graph, name)
    centre = match["node"]
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
    return {"centre": match, "rows": records,
            "empty": None if records else f"{match['name']} has no links in the graph."}


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
    return acquaintances_report(graph, name)["rows"]


def acquaintances_report(graph, name) -> dict:
    """``{"person": match, "rows", "empty"}``: :func:`acquaintances` with the matched person
    and, when there are no rows, why."""
    match = match_name(graph, name, entity_type=schema.PERSON)
    person = match["node"]
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
    empty = None
    if not records:
        links = len(set(graph.successors(person)) | set(graph.predecessors(person))) \
            if graph.is_directed() else graph.degree(person)
        empty = (f"{match['name']} has no links in the graph." if not links else
                 f"{match['name']} has {links} link(s), but no other person shares an "
                 f"organisation, event, funder or sentence with them.")
    return {"person": match, "rows": records, "empty": empty}


def _reason_records(graph, a, b, tie) -> list[dict]:
    """Every reason behind one KNOWS tie, with the relations and sentences behind it."""
    return [{"between": f"{node_name(graph, a)} and {node_name(graph, b)}",
             "kind": r["kind"], "via": r["via_name"], "strength": KNOWS_STRENGTH[r["kind"]],
             "text": _reason_text(graph, r), "evidence": r["ties"]} for r in tie["reasons"]]


def introductions(graph, name, *, top: int = 20) -> list[dict]:
    """Who could introduce ``name`` to whom: people two KNOWS steps away, one row each, through
    the introducer whose two ties are strongest.

    Ranked by tie strength along the two hops: first the weaker of the two ties (an
    introduction is only as good as its weaker link; ``score``), then the stronger one, so a
    contact of a co-founder comes before a contact of someone met through a shared funder.
    Each row: ``introduce_to``, ``through``, ``score``, ``first_tie`` (``name`` and the
    introducer), ``second_tie`` (introducer and target), ``why`` (both ties' reasons in words),
    ``also_through`` (other possible introducers) and ``reasons`` (every reason with its
    evidence sentences and sources, untruncated in JSON)."""
    return introductions_report(graph, name, top=top)["rows"]


def introductions_report(graph, name, *, top: int = 20) -> dict:
    """``{"person": match, "acquaintances", "rows", "empty"}``: :func:`introductions` with the
    matched person and, when there are no rows, a message saying why."""
    if top < 1:
        raise BadInput(f"--top must be at least 1, got {top}")
    match = match_name(graph, name, entity_type=schema.PERSON)
    person = match["node"]
    knows = knows_graph(graph)
    known = set(knows[person])
    best: dict = {}             # target -> [(rank key, introducer), ...]
    for introducer in known:
        first_tie = knows[person][introducer]["strength"]
        for target in knows[introducer]:
            if target == person or target in known:
                continue
            second_tie = knows[introducer][target]["strength"]
            key = (min(first_tie, second_tie), max(first_tie, second_tie))
            best.setdefault(target, []).append((key, introducer))
    rows = []
    for target, options in best.items():
        options.sort(key=lambda o: (-o[0][0], -o[0][1], node_name(graph, o[1])))
        (weaker, stronger), introducer = options[0]
        first, second = knows[person][introducer], knows[introducer][target]
        who, via, to = node_name(graph, person), node_name(graph, introducer), node_name(graph, target)
        rows.append({
            "introduce_to": to, "through": via, "score": weaker,
            "first_tie": first["strength"], "second_tie": second["strength"],
            "why": (f"{who} and {via}: " + "; ".join(_reason_text(graph, r) for r in first["reasons"])
                    + f" | {via} and {to}: "
                    + "; ".join(_reason_text(graph, r) for r in second["reasons"])),
            "also_through": [node_name(graph, i) for _, i in options[1:]],
            "reasons": (_reason_records(graph, person, introducer, first)
                        + _reason_records(graph, introducer, target, second)),
            "_key": (-weaker, -stronger, to),
        })
    rows.sort(key=lambda r: r.pop("_key"))
    empty = None
    who = match["name"]
    if not known:
        empty = (f"Nobody can introduce {who}: the graph gives {who} no acquaintances (no other "
                 f"person shares an organisation, event, funder or sentence with them).")
    elif not rows:
        empty = (f"Nobody new to meet through {who}'s {len(known)} acquaintance(s): everyone "
                 f"they know, {who} already knows.")
    return {"person": match, "acquaintances": len(known), "rows": rows[:top], "empty": empty}


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
