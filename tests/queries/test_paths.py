"""Who knows whom on the fixture ecosystem: written-down paths, KNOWS reasons, introductions."""

from __future__ import annotations

import pytest

from freelance_kg.errors import AmbiguousName, BadInput, EntityNotFound
from freelance_kg.queries.paths import (
    acquaintances, ego_network, introductions, knows_graph, who_knows)


def _paths(records):
    out = {}
    for r in records:
        out.setdefault(r["path"], []).append(r)
    return [out[k] for k in sorted(out)]


def test_ana_to_hugo_one_four_hop_path_with_evidence(eco_graph):
    paths = _paths(who_knows(eco_graph, "Ana Ruiz", "Hugo Brandt"))
    assert len(paths) == 1
    [path] = paths
    assert [h["statement"] for h in path] == [
        "Ana Ruiz FOUNDED GigHub",
        "Ben Okafor FOUNDED GigHub",
        "Ben Okafor MEMBER_OF Freelancers Guild",
        "Hugo Brandt MEMBER_OF Freelancers Guild",
    ]
    assert [h["direction"] for h in path] == ["->", "<-", "->", "<-"]
    assert [h["hop"] for h in path] == [1, 2, 3, 4]
    for hop in path:                                  # evidence for every hop
        assert hop["sentence"] and hop["source"] == "https://example.org/freelance-towns"
        assert hop["from"].split()[0] in hop["sentence"] or hop["to"] in hop["sentence"]
    assert path[2]["sentence"] == "Ben Okafor sits on the board of the Freelancers Guild."


def test_places_are_not_acquaintances_unless_asked(eco_graph):
    plain = _paths(who_knows(eco_graph, "Ana Ruiz", "Hugo Brandt", paths=5))
    assert all("Lisbon" not in [h["to"] for h in p] for p in plain)
    with_places = _paths(who_knows(eco_graph, "Ana Ruiz", "Hugo Brandt", paths=5, via_places=True))
    assert any("Lisbon" in [h["to"] for h in p] for p in with_places)
    assert [len(p) for p in with_places] == sorted(len(p) for p in with_places)   # shortest first


def test_max_hops_and_paths_limits(eco_graph):
    assert who_knows(eco_graph, "Ana Ruiz", "Hugo Brandt", max_hops=3) == []
    assert who_knows(eco_graph, "Ana Ruiz", "Lena Muller") == []            # another component
    two = _paths(who_knows(eco_graph, "Ben Okafor", "Ines Costa", paths=2))
    assert [len(p) for p in two] == [2, 3]
    assert [h["to"] for h in two[0]] == ["Independent Work Summit", "Ines Costa"]
    assert [h["to"] for h in two[1]] == ["Freelancers Guild", "Remote Workers Alliance", "Ines Costa"]
    assert two[1][1]["predicate"] == "PARTNERS_WITH"


def test_names_are_resolved_with_candidates(eco_graph):
    assert who_knows(eco_graph, "ruiz", "HUGO BRANDT")                     # alias, case
    with pytest.raises(AmbiguousName) as info:
        who_knows(eco_graph, "Ana Ruiz", "Muller")
    assert info.value.candidates == ["Kai Muller (Person)", "Lena Muller (Person)"]
    with pytest.raises(EntityNotFound):
        who_knows(eco_graph, "Ana Ruiz", "Zygmunt Quarrel")
    with pytest.raises(BadInput, match="same entity"):
        who_knows(eco_graph, "Ana Ruiz", "Ruiz")
    with pytest.raises(BadInput, match="--max-hops"):
        who_knows(eco_graph, "Ana Ruiz", "Ben Okafor", max_hops=0)


def test_knows_reasons_and_strengths(eco_graph, eid):
    K = knows_graph(eco_graph)
    assert set(K) == {eid(p) for p in ("Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dev Patel",
                                       "Eva Lind", "Farid Haddad", "Grace Kim", "Hugo Brandt",
                                       "Ines Costa", "Jonas Weber", "Kai Muller", "Lena Muller")}

    def kinds(a, b):
        return sorted(r["kind"] for r in K[eid(a)][eid(b)]["reasons"])

    assert kinds("Ana Ruiz", "Ben Okafor") == ["co-founders", "same sentence"]
    assert K[eid("Ana Ruiz")][eid("Ben Okafor")]["strength"] == 5.0
    assert kinds("Ana Ruiz", "Chloe Martin") == ["same organisation"]
    assert kinds("Ben Okafor", "Grace Kim") == ["same event", "same organisation"]
    assert kinds("Grace Kim", "Ines Costa") == ["same event", "same sentence"]
    assert kinds("Farid Haddad", "Dev Patel") == ["same funder"]       # investor and founder
    assert kinds("Ana Ruiz", "Eva Lind") == ["same funder"]            # both backed by Northstar
    assert not K.has_edge(eid("Ana Ruiz"), eid("Hugo Brandt"))
    assert not K.has_edge(eid("Jonas Weber"), eid("Hugo Brandt"))      # partner orgs are not enough
    cofounding = next(r for r in K[eid("Ana Ruiz")][eid("Ben Okafor")]["reasons"]
                      if r["kind"] == "co-founders")
    assert cofounding["via_name"] == "GigHub"
    assert {t["statement"] for t in cofounding["ties"]} == {"Ana Ruiz FOUNDED GigHub",
                                                           "Ben Okafor FOUNDED GigHub"}
    assert all(t["sentence"] for r in K[eid("Grace Kim")][eid("Ines Costa")]["reasons"]
               for t in r["ties"])


def test_acquaintances_strongest_first(eco_graph):
    rows = acquaintances(eco_graph, "Grace Kim")
    assert [r["name"] for r in rows] == ["Ines Costa", "Ben Okafor", "Hugo Brandt"]
    assert [r["strength"] for r in rows] == [3.0, 2.0, 1.0]


def test_introductions(eco_graph):
    rows = introductions(eco_graph, "Ana Ruiz")
    # Ana knows the GigHub people and (through Northstar) the TalentLoop people; Ben can
    # introduce her to his guild and summit contacts.
    assert [(r["introduce_to"], r["through"]) for r in rows] == [
        ("Grace Kim", "Ben Okafor"), ("Hugo Brandt", "Ben Okafor"), ("Ines Costa", "Ben Okafor")]
    assert rows[0]["score"] == 2.0
    assert "co-founded GigHub" in rows[0]["why"] and "Freelancers Guild" in rows[0]["why"]
    with pytest.raises(EntityNotFound):
        introductions(eco_graph, "GigHub")            # a platform is not a person


def test_ego_network(eco_graph):
    rows = ego_network(eco_graph, "Dev Patel", hops=2)
    by_name = {r["name"]: r for r in rows}
    assert by_name["TalentLoop"]["distance"] == 1
    assert by_name["Eva Lind"]["distance"] == 2
    assert by_name["Eva Lind"]["via"] == "Dev Patel -FOUNDED-> TalentLoop <-WORKS_FOR- Eva Lind"
    assert by_name["Berlin"]["distance"] == 2
    assert "Remote Workers Alliance" not in by_name     # not through Berlin
    assert all(r["sentence"] for r in rows)


def _graph_of(facts, people, others):
    """A projection from (subject, predicate, object) facts, one made-up sentence per fact
    (so no two people share a sentence unless a test says so)."""
    from freelance_kg.graph import projection
    from freelance_kg.graph.model import Document, Entity, Evidence, Relation
    sentences = [f"{s} {p.lower().replace('_', ' ')} {o}." for s, p, o in facts]
    text = " ".join(sentences)
    doc = Document.from_text(text, source="https://example.org/ties", title="Ties")
    types = {**{p: "Person" for p in people}, **others}
    entities = {n: Entity.make(n, t) for n, t in types.items()}
    relations = []
    for (s, p, o), sentence in zip(facts, sentences):
        start = text.index(sentence)
        ev = Evidence(doc.id, sentence, start, start + len(sentence), "test.v1", 0.9)
        relations.append(Relation(entities[s].id, p, entities[o].id, None, [ev]))
    return projection.to_multidigraph(list(entities.values()), relations, [doc])


def weak_and_strong_ties():
    """Ana co-founded Studio A with Ben (3); Ana and Fay only share a funder (0.5). Ben
    co-founded Studio B with Cal (3); Ben and Eve share a funder (0.5); Fay met Eve at an event
    (1) and belongs to a guild with Dan (1)."""
    facts = [("Ana", "FOUNDED", "Studio A"), ("Ben", "FOUNDED", "Studio A"),
             ("Ben", "FOUNDED", "Studio B"), ("Cal", "FOUNDED", "Studio B"),
             ("Ana", "WORKS_FOR", "Org F"), ("Fay", "WORKS_FOR", "Org G"),
             ("Fund Z", "FUNDS", "Org F"), ("Fund Z", "FUNDS", "Org G"),
             ("Ben", "WORKS_FOR", "Org K"), ("Eve", "WORKS_FOR", "Org L"),
             ("Fund Y", "FUNDS", "Org K"), ("Fund Y", "FUNDS", "Org L"),
             ("Fay", "PARTICIPATED_IN", "Meetup E"), ("Eve", "PARTICIPATED_IN", "Meetup E"),
             ("Fay", "MEMBER_OF", "Guild H"), ("Dan", "MEMBER_OF", "Guild H")]
    others = {"Studio A": "Organization", "Studio B": "Organization", "Org F": "Organization",
              "Org G": "Organization", "Org K": "Organization", "Org L": "Organization",
              "Fund Z": "Funder", "Fund Y": "Funder", "Meetup E": "Event",
              "Guild H": "Organization", "Zoe Quinn": "Person"}
    return _graph_of(facts, ["Ana", "Ben", "Cal", "Dan", "Eve", "Fay"], others)


def test_introductions_ranked_by_both_ties():
    rows = introductions(weak_and_strong_ties(), "Ana")
    assert [(r["introduce_to"], r["through"], r["score"], r["first_tie"], r["second_tie"])
            for r in rows] == [("Cal", "Ben", 3.0, 3.0, 3.0), ("Eve", "Ben", 0.5, 3.0, 0.5),
                               ("Dan", "Fay", 0.5, 0.5, 1.0)]
    assert rows[1]["also_through"] == ["Fay"]        # one row per person, best introducer
    assert rows[0]["why"] == "Ana and Ben: co-founded Studio A | Ben and Cal: co-founded Studio B"


def test_nobody_to_introduce_a_person_without_acquaintances():
    from freelance_kg.queries.paths import introductions_report
    report = introductions_report(weak_and_strong_ties(), "Zoe Quin")
    assert report["rows"] == [] and report["person"]["name"] == "Zoe Quinn"
    assert report["empty"] == ("Nobody can introduce Zoe Quinn: the graph gives Zoe Quinn no "
                               "acquaintances (no other person shares an organisation, event, "
                               "funder or sentence with them).")


def test_ego_and_who_knows_of_an_unlinked_person_name_the_matched_entity():
    from freelance_kg.queries.paths import acquaintances_report, ego_report, who_knows_report
    G = weak_and_strong_ties()
    ego = ego_report(G, "zoe quin")
    assert ego["rows"] == [] and ego["empty"] == "Zoe Quinn has no links in the graph."
    assert ego["centre"]["matched_by"] == "close spelling"
    report = who_knows_report(G, "Zoe Quinn", "Ana")
    assert report["empty"] == ("Zoe Quinn has no links in the graph, so nothing connects them "
                               "to Ana.")
    assert acquaintances_report(G, "Zoe Quinn")["empty"] == "Zoe Quinn has no links in the graph."


def test_connected_only_through_a_place():
    facts = [("Ana", "WORKS_FOR", "Org A"), ("Ben", "WORKS_FOR", "Org B"),
             ("Org A", "LOCATED_IN", "Lyon"), ("Org B", "LOCATED_IN", "Lyon")]
    G = _graph_of(facts, ["Ana", "Ben"], {"Org A": "Organization", "Org B": "Organization",
                                          "Lyon": "Place"})
    from freelance_kg.queries.paths import who_knows_report
    report = who_knows_report(G, "Ana", "Ben")
    assert report["rows"] == []
    assert report["empty"] == ("Ana and Ben are connected only through a place (a city or "
                               "country), which does not make people acquainted; --via-places "
                               "allows it.")
    assert who_knows_report(G, "Ana", "Ben", via_places=True)["empty"] is None
