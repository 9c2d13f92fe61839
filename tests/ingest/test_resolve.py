"""Cross-document resolution, overrides, and reversible merges on a real on-disk store."""

from __future__ import annotations

import json

import pytest

from freelance_kg.errors import AmbiguousName, BadInput, EntityNotFound
from freelance_kg.graph import identity
from freelance_kg.graph.model import Document, Entity, Evidence, Extraction, Relation
from freelance_kg.graph.store import open_store
from freelance_kg.ingest import resolve
from freelance_kg.ingest.resolve import MergeLog, Overrides, Resolver, load_overrides


def extraction(text, entities, relations=(), source=""):
    """An Extraction built by hand: entities as (name, type, aliases), relations as
    (subject name, subject type, predicate, object name, object type); evidence = the text."""
    doc = Document.from_text(text, source=source or f"mem:{identity.content_hash(text)[:8]}")
    ents = [Entity.make(n, t, a) for n, t, a in entities]
    rels = []
    for i, (sn, st, p, on, ot) in enumerate(relations):
        start = max(text.find(sn), 0)
        rels.append(Relation(identity.entity_id(sn, st), p, identity.entity_id(on, ot),
                             evidence=[Evidence(doc.id, text, start, start + len(sn) + i, "test.v1", 0.9)]))
    return Extraction(doc, ents, rels)


def ingest_into(store, resolver, ex):
    resolved, decisions = resolver.resolve(ex)
    store.add([resolved.document], resolved.entities, resolved.relations)
    return resolved, {d.mention: (d.entity, d.how) for d in decisions}


def snapshot(store):
    """Everything that defines the graph, in a comparable form."""
    entities = sorted((e.id, e.name, e.type, tuple(sorted(e.aliases))) for e in store.entities())
    relations = sorted((r.key, r.role, tuple(sorted((ev.document_id, ev.sentence, ev.start, ev.end,
                                                     ev.extractor, ev.confidence) for ev in r.evidence)))
                       for r in store.relations())
    return entities, relations


@pytest.fixture
def store(store_path):
    with open_store("oxigraph", store_path) as st:
        yield st


@pytest.fixture(autouse=True)
def _no_user_overrides(monkeypatch):
    monkeypatch.delenv("FKG_OVERRIDES", raising=False)


# --- resolution ------------------------------------------------------------------------------
def test_honorific_form_is_the_same_person(store):
    resolver = Resolver.for_store(store, store.folder)
    ingest_into(store, resolver, extraction("Jane Porter leads Harbourline.", [
        ("Jane Porter", "Person", []), ("Harbourline", "Platform", [])],
        [("Jane Porter", "Person", "LEADS", "Harbourline", "Platform")]))
    _, how = ingest_into(store, Resolver.for_store(store, store.folder), extraction(
        "Hon. Jane Porter spoke for Harbourline Ltd.", [("Hon. Jane Porter", "Person", []),
                                                       ("Harbourline Ltd", "Platform", [])]))
    assert how["Hon. Jane Porter"] == ("person/jane-porter", "exact")
    assert how["Harbourline Ltd"] == ("platform/harbourline", "exact")
    assert len(list(store.entities("Person"))) == 1
    assert "Hon. Jane Porter" in store.get_entity("person/jane-porter").aliases


def test_alias_table_resolves_an_acronym_to_the_known_entity(store):
    ingest_into(store, Resolver.for_store(store), extraction(
        "The Independent Workers Alliance (IWA) met in Cork.",
        [("Independent Workers Alliance", "Organization", ["IWA"]), ("Cork", "Place", [])]))
    resolved, how = ingest_into(store, Resolver.for_store(store), extraction(
        "Gigharbor joined the IWA.", [("IWA", "Organization", []), ("Gigharbor", "Platform", [])],
        [("Gigharbor", "Platform", "MEMBER_OF", "IWA", "Organization")]))
    assert how["IWA"] == ("organization/independent-workers-alliance", "alias")
    [rel] = resolved.relations
    assert rel.object == "organization/independent-workers-alliance"
    assert {e.id for e in store.entities("Organization")} == {"organization/independent-workers-alliance"}


def test_namesakes_of_different_types_stay_apart(store):
    resolver = Resolver.for_store(store)
    ingest_into(store, resolver, extraction("Washington founded Quillmark.", [
        ("Washington", "Person", []), ("Quillmark", "Platform", [])]))
    _, how = ingest_into(store, resolver, extraction("Quillmark is based in Washington.", [
        ("Washington", "Place", []), ("Quillmark", "Platform", [])]))
    assert how["Washington"] == ("place/washington", "new")
    assert {e.id for e in store.entities() if e.name == "Washington"} == {"person/washington",
                                                                           "place/washington"}


def test_surname_alone_never_joins_people_across_documents():
    resolver = Resolver([Entity.make("Michael Jordan", "Person", ["Jordan"])])
    # another article's "Jordan" alone, and a different Jordan whose surname is also an alias
    out, decisions = resolver.resolve(extraction("Jordan spoke.", [("Jordan", "Person", [])]))
    assert decisions[0].how == "new" and out.entities[0].id == "person/jordan"
    out, decisions = resolver.resolve(extraction("Sarah Jordan spoke; Jordan said more.",
                                                 [("Sarah Jordan", "Person", ["Jordan"])]))
    assert decisions[0].how == "new" and out.entities[0].id == "person/sarah-jordan"
    # but the full name resolves
    _, decisions = resolver.resolve(extraction("Mr Michael Jordan spoke.", [("Michael Jordan", "Person", [])]))
    assert decisions[0].how == "exact"


def test_fuzzy_matching_needs_same_type_high_score_and_same_digits():
    resolver = Resolver([Entity.make("Michal Kaufman", "Person"), Entity.make("Joan Smith", "Person"),
                         Entity.make("Web Summit 2023", "Event"), Entity.make("Brightloom", "Platform")])

    def how(name, etype):
        _, [decision] = resolver.resolve(extraction(f"{name} x.", [(name, etype, [])]))
        return decision.entity, decision.how

    assert how("Micha Kaufman", "Person") == ("person/michal-kaufman", "fuzzy")
    assert how("John Smith", "Person") == ("person/john-smith", "new")           # score 90 < 92
    assert how("Web Summit 2024", "Event") == ("event/web-summit-2024", "new")    # digits differ
    assert how("Brightlom", "Platform") == ("platform/brightloom", "fuzzy")
    assert how("Brigthloom", "Organization") == ("organization/brigthloom", "new")   # type differs


def test_two_candidates_for_one_alias_is_ambiguous_and_stays_new():
    resolver = Resolver([Entity.make("Jonas Berg Nielsen", "Person", ["J. Nielsen"]),
                         Entity.make("Julia Nielsen", "Person", ["J. Nielsen"])])
    out, [decision] = resolver.resolve(extraction("J. Nielsen said.", [("J. Nielsen", "Person", [])]))
    assert decision.how == "ambiguous" and out.entities[0].id == "person/j-nielsen"


def test_resolution_collapses_relations_and_drops_self_loops_it_created():
    resolver = Resolver([Entity.make("Upwork", "Platform")], overrides=load_overrides())
    out, decisions = resolver.resolve(extraction(
        "Upwork, formerly Elance-oDesk, acquired Elance-oDesk. Hayden Brown leads Elance-oDesk.",
        [("Upwork", "Platform", []), ("Elance-oDesk", "Platform", []), ("Hayden Brown", "Person", [])],
        [("Upwork", "Platform", "ACQUIRED", "Elance-oDesk", "Platform"),
         ("Hayden Brown", "Person", "LEADS", "Elance-oDesk", "Platform")]))
    assert {d.mention: d.how for d in decisions}["Elance-oDesk"] == "override"
    assert [e.id for e in out.entities] == ["platform/upwork", "person/hayden-brown"]
    assert "Elance-oDesk" in out.entities[0].aliases
    assert [r.key for r in out.relations] == [("person/hayden-brown", "LEADS", "platform/upwork")]


# --- overrides -------------------------------------------------------------------------------
def test_shipped_never_same_blocks_a_fuzzy_match():
    plain = Resolver([Entity.make("Freelancer.com", "Platform")])
    _, [d] = plain.resolve(extraction("Freelance.com x.", [("Freelance.com", "Platform", [])]))
    assert d.how == "fuzzy"                        # without the curated rule they would merge
    curated = Resolver([Entity.make("Freelancer.com", "Platform")], overrides=load_overrides())
    _, [d] = curated.resolve(extraction("Freelance.com x.", [("Freelance.com", "Platform", [])]))
    assert d.how == "new" and d.entity == "platform/freelance-com"


def test_user_overrides_from_env_and_store_folder(tmp_path, monkeypatch):
    state = tmp_path / "state"
    state.mkdir()
    (state / "overrides.json").write_text(json.dumps({"same_as": [
        {"type": "Organization", "canonical": "Independent Workers Alliance", "names": ["Workers Alliance"]}]}))
    user = tmp_path / "mine.json"
    user.write_text(json.dumps({"never_same": [{"type": "Person", "names": ["Petra Okafor", "Petra Okafore"]}]}))
    monkeypatch.setenv("FKG_OVERRIDES", str(user))
    overrides = load_overrides(state)
    assert overrides.files[-2:] == [str(state / "overrides.json"), str(user)]
    resolver = Resolver([Entity.make("Petra Okafor", "Person")], overrides=overrides)
    out, decisions = resolver.resolve(extraction("Petra Okafore and the Workers Alliance.", [
        ("Petra Okafore", "Person", []), ("Workers Alliance", "Organization", [])]))
    assert [(d.entity, d.how) for d in decisions] == [
        ("person/petra-okafore", "new"), ("organization/independent-workers-alliance", "override")]
    assert out.entities[1].name == "Independent Workers Alliance"


@pytest.mark.parametrize("content, message", [
    ("{not json", "is not valid UTF-8 JSON"),
    ('{"same_as": [{"type": "Company", "canonical": "X", "names": ["Y"]}]}', "type 'Company' is not one of"),
    ('{"never_same": [{"type": "Person", "names": ["Only One"]}]}', "at least two names"),
    ('{"same_as": [{"type": "Person", "names": ["A B"]}]}', "needs a 'canonical' name"),
])
def test_bad_overrides_file_names_file_and_problem(tmp_path, monkeypatch, content, message):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    monkeypatch.setenv("FKG_OVERRIDES", str(bad))
    with pytest.raises(BadInput) as info:
        load_overrides()
    assert str(bad) in str(info.value) and message in str(info.value)


# --- merge / unmerge -------------------------------------------------------------------------
def _seed(store):
    resolver = Resolver.for_store(store)
    ingest_into(store, resolver, extraction(
        "Ingrid Solberg founded Quillmark. Quillmark partners with Northwind Capital.",
        [("Ingrid Solberg", "Person", ["Solberg"]), ("Quillmark", "Platform", []),
         ("Northwind Capital", "Funder", [])],
        [("Ingrid Solberg", "Person", "FOUNDED", "Quillmark", "Platform"),
         ("Quillmark", "Platform", "PARTNERS_WITH", "Northwind Capital", "Funder")]))
    ingest_into(store, resolver, extraction(
        "Northwind Capital backed Quill Market. Tomas Verhoeven works for Quill Market.",
        [("Quill Market", "Platform", ["QM"]), ("Northwind Capital", "Funder", []),
         ("Tomas Verhoeven", "Person", [])],
        [("Northwind Capital", "Funder", "FUNDS", "Quill Market", "Platform"),
         ("Tomas Verhoeven", "Person", "WORKS_FOR", "Quill Market", "Platform"),
         ("Quill Market", "Platform", "PARTNERS_WITH", "Northwind Capital", "Funder")]))


def test_merge_then_unmerge_restores_the_exact_graph(store):
    _seed(store)
    before = snapshot(store)
    assert store.get_entity("platform/quill-market") is not None
    result = resolve.merge(store, "Quillmark", "QM")
    assert result["kept"] == "platform/quillmark" and result["merged"] == "platform/quill-market"
    assert store.get_entity("platform/quill-market") is None
    kept = store.get_entity("platform/quillmark")
    assert {"Quill Market", "QM"} <= set(kept.aliases)
    keys = {r.key for r in store.relations()}
    assert ("person/tomas-verhoeven", "WORKS_FOR", "platform/quillmark") in keys
    assert not any("platform/quill-market" in k for k in keys)
    partners = [r for r in store.relations("PARTNERS_WITH")]
    assert len(partners) == 1 and len(partners[0].evidence) == 2    # both statements kept

    resolve.unmerge(store, "Quill Market")
    assert snapshot(store) == before
    records = MergeLog(store.folder).records()
    assert [r["op"] for r in records] == ["merge", "unmerge"]
    assert MergeLog(store.folder).redirects() == {}


def test_merge_redirects_later_mentions_and_unmerge_keeps_later_evidence(store):
    _seed(store)
    resolve.merge(store, "platform/quillmark", "platform/quill-market")
    later = extraction("Amara Nwosu leads Quill Market.", [
        ("Amara Nwosu", "Person", []), ("Quill Market", "Platform", [])],
        [("Amara Nwosu", "Person", "LEADS", "Quill Market", "Platform")])
    _, how = ingest_into(store, Resolver.for_store(store, store.folder), later)
    assert how["Quill Market"] == ("platform/quillmark", "redirect")
    result = resolve.unmerge(store, "platform/quill-market")
    assert result["later_evidence_kept"] == 1
    # the later statement stays on the kept entity; the restored one is as before the merge
    assert ("person/amara-nwosu", "LEADS", "platform/quillmark") in {r.key for r in store.relations()}
    assert store.get_entity("platform/quill-market").aliases == ["QM"]


def test_merge_refuses_different_types_and_unknown_names(store):
    _seed(store)
    with pytest.raises(BadInput, match="different types"):
        resolve.merge(store, "Quillmark", "Northwind Capital")
    with pytest.raises(EntityNotFound) as info:
        resolve.merge(store, "Quillmrak", "QM")
    assert any("Quillmark" in c for c in info.value.candidates)
    with pytest.raises(BadInput, match="same entity"):
        resolve.merge(store, "Quillmark", "platform/quillmark")
    with pytest.raises(EntityNotFound, match="no merge"):
        resolve.unmerge(store, "Quillmark")


def test_lookup_reports_ambiguous_names(store):
    store.add([], [Entity.make("Jordan Lee", "Person", ["J. Lee"]), Entity.make("Jamie Lee", "Person", ["J. Lee"])])
    with pytest.raises(AmbiguousName) as info:
        resolve.lookup(store, "J. Lee")
    assert len(info.value.candidates) == 2


def test_overrides_dataclass_forbids_is_symmetric():
    overrides = Overrides()
    overrides.never_same.add(("Person", frozenset({"a b", "a c"})))
    assert overrides.forbids("Person", ["A C"], ["A B"]) and overrides.forbids("Person", ["A B"], ["A C"])
    assert not overrides.forbids("Place", ["A B"], ["A C"])


# --- decisions measured by bench/resolution_bench.py, each on hand-built entities -------------
def test_fuzzy_never_merges_a_name_into_a_longer_name():
    resolver = Resolver([Entity.make("Atomico", "Funder"), Entity.make("Harbour Labs", "Organization")])
    out, [decision] = resolver.resolve(extraction("Atomic invested.", [("Atomic", "Funder", [])]))
    assert (decision.entity, decision.how) == ("funder/atomic", "new")
    _, [decision] = resolver.resolve(extraction("Harbour Lab said.", [("Harbour Lab", "Organization", [])]))
    assert (decision.entity, decision.how) == ("organization/harbour-lab", "new")
    _, [decision] = resolver.resolve(extraction("Atomicoo invested.", [("Atomicoo", "Funder", [])]))
    assert decision.how == "new"


def test_an_alias_never_sits_on_two_entities(store):
    resolver = Resolver.for_store(store, store.folder)
    ingest_into(store, resolver, extraction("Eliot Brown wrote it. Brown said so.", [
        ("Eliot Brown", "Person", ["Brown"])]))
    out, how = ingest_into(store, resolver, extraction("Hayden Brown leads Quillmark. Brown said.", [
        ("Hayden Brown", "Person", ["Brown", "H. Brown"]), ("Quillmark", "Platform", [])]))
    assert how["Hayden Brown"] == ("person/hayden-brown", "new")
    assert store.get_entity("person/hayden-brown").aliases == ["H. Brown"]
    assert store.get_entity("person/eliot-brown").aliases == ["Brown"]
    assert resolver.conflicts == [{"alias": "Brown", "entity": "person/hayden-brown",
                                   "held_by": ["person/eliot-brown"], "document": out.document.source}]
    assert resolve.lookup(store, "Brown").id == "person/eliot-brown"     # one entity, not ambiguous


def test_one_thing_typed_differently_by_articles_is_one_node_of_the_voted_type(store):
    resolver = Resolver.for_store(store, store.folder)
    ingest_into(store, resolver, extraction("Glovo, a company, hired Ana Ruiz.", [
        ("Glovo", "Organization", []), ("Ana Ruiz", "Person", [])],
        [("Ana Ruiz", "Person", "WORKS_FOR", "Glovo", "Organization")]))
    for text in ("Glovo is a delivery app.", "Riders use the Glovo app."):
        _, how = ingest_into(store, resolver, extraction(text, [("Glovo", "Platform", [])]))
        assert how["Glovo"] == ("organization/glovo", "cross_type")
    _, how = ingest_into(store, resolver, extraction("Glovo, in Barcelona.", [("Glovo", "Place", [])]))
    assert how["Glovo"] == ("organization/glovo", "cross_type")
    assert resolver.type_changes() == {"organization/glovo": "Platform"}   # 2 Platform, 1 each other
    renamed = resolve.retype_entities(store, resolver.type_changes(), store.folder)
    assert renamed == {"organization/glovo": "platform/glovo"}
    assert [e.id for e in store.entities() if e.name == "Glovo"] == ["platform/glovo"]
    assert {r.key for r in store.relations()} == {("person/ana-ruiz", "WORKS_FOR", "platform/glovo")}
    # the vote is logged as one operation and can be undone
    resolve.undo(store)
    assert [e.id for e in store.entities() if e.name == "Glovo"] == ["organization/glovo"]


@pytest.mark.parametrize("order", [("Person", "Funder"), ("Funder", "Person")])
def test_an_investor_typed_person_in_one_article_and_funder_in_another_ends_funder(store, order):
    resolver = Resolver.for_store(store, store.folder)
    for etype in order:
        ingest_into(store, resolver, extraction(f"Northwind Capital backed Quillmark ({etype}).", [
            ("Northwind Capital", etype, []), ("Quillmark", "Platform", [])],
            [("Northwind Capital", etype, "FUNDS", "Quillmark", "Platform")]))
    resolve.retype_entities(store, resolver.type_changes(), store.folder)
    assert [(e.id, e.type) for e in store.entities() if e.name == "Northwind Capital"] == [
        ("funder/northwind-capital", "Funder")]
    funds = list(store.relations("FUNDS"))
    assert [r.key for r in funds] == [("funder/northwind-capital", "FUNDS", "platform/quillmark")]
    assert len(funds[0].evidence) == 2


def test_types_that_never_name_one_thing_stay_apart():
    resolver = Resolver([Entity.make("Jordan", "Place"), Entity.make("Quillmark", "Platform"),
                         Entity.make("Harbour Summit", "Event")])
    cases = [("Jordan", "Person", "person/jordan"),            # a person and a place
             ("Quillmark", "Person", "person/quillmark"),      # a one-word person name
             ("Harbour Summit", "Place", "place/harbour-summit")]
    for name, etype, expected in cases:
        _, [decision] = resolver.resolve(extraction(f"{name}.", [(name, etype, [])]))
        assert (decision.entity, decision.how) == (expected, "new")
    assert resolver.type_changes() == {}


def test_a_former_name_and_an_acronym_resolve_to_the_current_name():
    resolver = Resolver(overrides=load_overrides())
    out, decisions = resolver.resolve(extraction("IPSE, the freelancers' body, spoke.", [("IPSE", "Organization", [])]))
    assert (decisions[0].entity, decisions[0].how) == ("organization/ipse", "new")
    for name in ("Professional Contractors Group", "PCG"):
        _, [decision] = resolver.resolve(extraction(f"{name} was founded in 1999.", [(name, "Organization", [])]))
        assert (decision.entity, decision.how) == ("organization/ipse", "override")
    assert sorted(resolver.known["organization/ipse"].aliases) == ["PCG", "Professional Contractors Group"]


def test_a_short_person_name_and_one_name_given_two_types_fold_within_a_document():
    resolver = Resolver()
    out, decisions = resolver.resolve(extraction(
        "Oscar Pierre founded Lola Market. Pierre said Lola Market grew; Oscar agreed.", [
            ("Oscar", "Person", []), ("Oscar Pierre", "Person", ["Pierre"]),
            ("Lola Market", "Person", []), ("Lola Market", "Organization", []),
            ("Pierre Dupont", "Person", []), ("Pierre", "Person", [])]))
    assert [(d.mention, d.entity, d.how) for d in decisions] == [
        ("Oscar", "person/oscar-pierre", "same_document"),
        ("Oscar Pierre", "person/oscar-pierre", "new"),
        ("Lola Market", "person/lola-market", "new"),
        ("Lola Market", "person/lola-market", "same_document"),
        ("Pierre Dupont", "person/pierre-dupont", "new"),
        ("Pierre", "person/pierre", "new")]        # first name of one, surname of another: unsure
    assert resolver.type_changes() == {"person/lola-market": "Organization"}


def test_a_name_with_a_corporate_suffix_and_its_short_alias_is_one_entity_in_either_order():
    for first, second in [(("Fiverr", []), ("Fiverr International Ltd.", ["Fiverr"])),
                          (("Fiverr International Ltd.", ["Fiverr"]), ("Fiverr", []))]:
        resolver = Resolver()
        out, _ = resolver.resolve(extraction("One.", [(first[0], "Platform", first[1])]))
        _, [decision] = resolver.resolve(extraction("Two.", [(second[0], "Platform", second[1])]))
        assert (decision.entity, decision.how) == (out.entities[0].id, "alias")


def test_folds_within_a_document_follow_a_chain_to_its_root():
    resolver = Resolver()
    _, decisions = resolver.resolve(extraction("Mara Lind Studio. Mara Lind. Lind.", [
        ("Mara Lind", "Organization", []), ("Lind", "Person", []), ("Mara Lind", "Person", [])]))
    assert [(d.entity, d.how) for d in decisions] == [
        ("organization/mara-lind", "new"), ("organization/mara-lind", "same_document"),
        ("organization/mara-lind", "same_document")]


@pytest.mark.parametrize("votes, current, expected", [
    ({"Platform": 2, "Organization": 1}, "Organization", "Platform"),
    ({"Platform": 1, "Organization": 1}, "Organization", "Organization"),   # a tie keeps the type
    ({"Person": 1, "Funder": 1}, "Person", "Funder"),
    ({"Event": 1, "Person": 1, "Organization": 1}, "Event", "Organization"),
    ({"Place": 1, "Organization": 1}, "Place", "Place"),
    ({"Person": 2, "Funder": 1}, "Funder", "Person"),
])
def test_voted_type(votes, current, expected):
    assert resolve.voted_type(votes, current) == expected


def test_two_companies_that_merged_into_a_third_stay_apart_from_it_and_each_other():
    resolver = Resolver([Entity.make("Just Eat", "Platform"), Entity.make("Takeaway.com", "Platform")])
    out, [decision] = resolver.resolve(extraction("Just Eat Takeaway.com was formed.", [
        ("Just Eat Takeaway.com", "Platform", ["Just Eat", "Takeaway.com"])]))
    assert (decision.entity, decision.how) == ("platform/just-eat-takeaway-com", "ambiguous")
    assert out.entities[0].aliases == []          # the former names stay the names of their own entities
    assert sorted(c["alias"] for c in resolver.conflicts) == ["Just Eat", "Takeaway.com"]
    assert resolver.known["platform/just-eat"].aliases == [] and len(resolver.known) == 3


def test_an_organisation_acronym_folds_into_the_one_name_it_spells_in_its_document():
    resolver = Resolver()
    _, decisions = resolver.resolve(extraction(
        "The Professional Contractors Group (PCG) met in New York, NY. The FA and the Freelancers "
        "Alliance spoke; so did the Film Academy.", [
            ("Professional Contractors Group", "Organization", []), ("PCG", "Organization", []),
            ("New York", "Place", []), ("NY", "Place", []),
            ("FA", "Organization", []), ("Freelancers Alliance", "Organization", []),
            ("Film Academy", "Organization", [])]))
    assert [(d.mention, d.entity, d.how) for d in decisions] == [
        ("Professional Contractors Group", "organization/professional-contractors-group", "new"),
        ("PCG", "organization/professional-contractors-group", "same_document"),
        ("New York", "place/new-york", "new"),
        ("NY", "place/ny", "new"),                           # a place's acronym stays apart
        ("FA", "organization/fa", "new"),                    # spells two names: unsure
        ("Freelancers Alliance", "organization/freelancers-alliance", "new"),
        ("Film Academy", "organization/film-academy", "new")]
    assert resolver.known["organization/professional-contractors-group"].aliases == ["PCG"]
