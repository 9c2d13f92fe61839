"""Curation commands (`fkg merge --as-type`, `unmerge`, `retype`, `split`, `undo`, `review`) on a
real on-disk store through click's CliRunner: every command done then undone gives the same
sorted N-Quads, bad input is one line with its exit code, and undo is a stack."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from freelance_kg.cli import cli
from freelance_kg.errors import BadInput
from freelance_kg.graph import identity
from freelance_kg.graph.formats import export
from freelance_kg.graph.model import Document, Entity, Evidence, Relation
from freelance_kg.graph.store import open_store
from freelance_kg.ingest import resolve

S_FIVERR = "Micha Kaufman founded Fiverr."
S_TOPTAL = "Taso Du Val founded Toptal with Breanden Beneschott."
S_A16Z = "Andreessen Horowitz invested in Toptal."
S_UPWORK = "Hayden Brown leads Upwork."
S_ACME = "Nadia Haddad joined Acme / Partners Ltd as analyst."
S_QM = "QM hired Ines Costa."


def _ev(doc, sentence, n=0):
    return [Evidence(doc.id, sentence, n, n + len(sentence), "test.v1", 0.9)]


@pytest.fixture(autouse=True)
def _no_user_overrides(monkeypatch):
    monkeypatch.delenv("FKG_OVERRIDES", raising=False)


@pytest.fixture
def seeded(store_path):
    """Platforms, a funder and people in two documents, written straight to a real store."""
    one = Document.from_text(" ".join([S_FIVERR, S_TOPTAL, S_A16Z]), source="mem:one")
    two = Document.from_text(" ".join([S_UPWORK, S_ACME, S_QM]), source="mem:two")
    ents = {name: Entity.make(name, etype, aliases) for name, etype, aliases in [
        ("Fiverr", "Platform", []), ("Toptal", "Platform", []), ("Upwork", "Platform", []),
        ("Micha Kaufman", "Person", []), ("Taso Du Val", "Person", []),
        ("Breanden Beneschott", "Person", []), ("Hayden Brown", "Person", ["Brown"]),
        ("Andreessen Horowitz", "Person", []), ("Acme / Partners Ltd", "Organization", []),
        ("Nadia Haddad", "Person", []), ("Quill Market", "Platform", ["QM"]), ("Ines Costa", "Person", [])]}
    e = {k: v.id for k, v in ents.items()}
    rels = [Relation(e["Micha Kaufman"], "FOUNDED", e["Fiverr"], evidence=_ev(one, S_FIVERR)),
            Relation(e["Taso Du Val"], "FOUNDED", e["Toptal"], evidence=_ev(one, S_TOPTAL)),
            Relation(e["Breanden Beneschott"], "FOUNDED", e["Toptal"], evidence=_ev(one, S_TOPTAL, 1)),
            Relation(e["Andreessen Horowitz"], "FUNDS", e["Toptal"], evidence=_ev(one, S_A16Z)),
            Relation(e["Hayden Brown"], "LEADS", e["Upwork"], role="CEO", evidence=_ev(two, S_UPWORK)),
            Relation(e["Nadia Haddad"], "WORKS_FOR", e["Acme / Partners Ltd"], role="analyst",
                     evidence=_ev(two, S_ACME)),
            Relation(e["Ines Costa"], "WORKS_FOR", e["Quill Market"], evidence=_ev(two, S_QM))]
    with open_store("oxigraph", store_path) as store:
        store.add([one, two], ents.values(), rels)
    return store_path


def run(runner, store_path, *args):
    result = runner.invoke(cli, ["--store", store_path, *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def nquads(runner, store_path, tmp_path):
    out = tmp_path / "graph.nq"
    done = run(runner, store_path, "export", "--format", "nq", "-o", str(out))
    assert done.exit_code == 0, done.output
    return sorted(out.read_text(encoding="utf-8").splitlines())


def relation_keys(store_path):
    with open_store("oxigraph", store_path, read_only=True) as store:
        return {r.key for r in store.relations()}


def entity_types(store_path, name):
    with open_store("oxigraph", store_path, read_only=True) as store:
        return sorted((e.id, e.type) for e in store.entities() if e.name == name)


# --- undo is a stack (the reproducer of the issue, on hand-built entities) ---------------------
def test_unmerge_out_of_order_refuses_then_undoes_exactly_in_order(runner, seeded, tmp_path):
    before = nquads(runner, seeded, tmp_path)
    assert run(runner, seeded, "merge", "Fiverr", "Toptal").exit_code == 0
    assert run(runner, seeded, "merge", "Upwork", "Fiverr").exit_code == 0
    merged = nquads(runner, seeded, tmp_path)
    refused = run(runner, seeded, "unmerge", "platform/toptal")
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines() == [refused.stderr.strip()]      # one line
    assert "undo it first with `fkg unmerge platform/fiverr`" in refused.stderr
    assert nquads(runner, seeded, tmp_path) == merged                       # nothing changed
    assert run(runner, seeded, "unmerge", "platform/fiverr").exit_code == 0
    keys = relation_keys(seeded)
    assert ("person/taso-du-val", "FOUNDED", "platform/fiverr") in keys    # Toptal is still in Fiverr
    assert ("person/taso-du-val", "FOUNDED", "platform/upwork") not in keys
    assert run(runner, seeded, "unmerge", "platform/toptal").exit_code == 0
    keys = relation_keys(seeded)
    assert ("person/taso-du-val", "FOUNDED", "platform/fiverr") not in keys
    assert ("person/andreessen-horowitz", "FUNDS", "platform/fiverr") not in keys
    assert nquads(runner, seeded, tmp_path) == before


def test_unmerge_never_brings_back_evidence_of_a_replaced_document(seeded):
    with open_store("oxigraph", seeded) as store:
        resolve.merge(store, "Fiverr", "Toptal")
        one = next(d for d in store.documents() if d.source == "mem:one")
        newer = Document.from_text(S_FIVERR, source="mem:one")           # the article changed
        store.remove_documents([one.id])
        store.add([newer], [], [Relation("person/micha-kaufman", "FOUNDED", "platform/fiverr",
                                         evidence=_ev(newer, S_FIVERR))])
        resolve.unmerge(store, "Toptal")
        evidence_docs = {ev.document_id for r in store.relations() for ev in r.evidence}
        keys = {r.key for r in store.relations()}
    assert one.id not in evidence_docs
    assert ("person/taso-du-val", "FOUNDED", "platform/toptal") not in keys
    assert ("person/micha-kaufman", "FOUNDED", "platform/fiverr") in keys
    assert store_entity(seeded, "platform/toptal").name == "Toptal"


def store_entity(store_path, entity_id):
    with open_store("oxigraph", store_path, read_only=True) as store:
        return store.get_entity(entity_id)


def test_names_with_a_slash_and_spaces_work_everywhere(runner, seeded, tmp_path):
    before = nquads(runner, seeded, tmp_path)
    done = run(runner, seeded, "merge", "Acme / Partners Ltd", "Quill Market", "--as-type", "Organization")
    assert done.exit_code == 0, done.output
    assert ("person/ines-costa", "WORKS_FOR", "organization/acme-partners") in relation_keys(seeded)
    assert run(runner, seeded, "unmerge", "Quill Market").exit_code == 0
    assert nquads(runner, seeded, tmp_path) == before
    assert run(runner, seeded, "retype", "Acme / Partners Ltd", "Platform").exit_code == 0
    assert run(runner, seeded, "undo", "Acme / Partners Ltd").exit_code == 0
    assert nquads(runner, seeded, tmp_path) == before
    missing = run(runner, seeded, "retype", "Acme / Nobody Ltd", "Platform")
    assert missing.exit_code == 3 and missing.stderr.startswith("Error: no entity named 'Acme / Nobody Ltd'")


# --- each command: a round trip and its bad input ----------------------------------------------
def test_retype_round_trip(runner, seeded, tmp_path):
    before = nquads(runner, seeded, tmp_path)
    done = run(runner, seeded, "retype", "Andreessen Horowitz", "Funder", "--format", "json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)[0] | {"retype": ""} == {
        "retype": "", "from": "person/andreessen-horowitz", "to": "funder/andreessen-horowitz", "relations": 1}
    assert entity_types(seeded, "Andreessen Horowitz") == [("funder/andreessen-horowitz", "Funder")]
    assert ("funder/andreessen-horowitz", "FUNDS", "platform/toptal") in relation_keys(seeded)
    undone = run(runner, seeded, "undo", "--format", "json")
    assert undone.exit_code == 0, undone.output
    assert json.loads(undone.stdout)[0] | {"undone": ""} == {
        "undone": "", "op": "retype", "restored": "person/andreessen-horowitz", "relations_restored": 1,
        "later_evidence_kept": 0}
    assert nquads(runner, seeded, tmp_path) == before


@pytest.mark.parametrize("args, code, message", [
    (("retype", "Nobody Here", "Funder"), 3, "Error: no entity named 'Nobody Here'"),
    (("retype", "Andreessen Horowitz", "Investor"), 2,
     "Error: unknown type 'Investor'; choose one of Person, Platform, Organization, Funder, Place, Event"),
    (("retype", "Fiverr", "platform"), 2, "Error: Fiverr (platform/fiverr) is already a Platform"),
])
def test_retype_bad_input(runner, seeded, args, code, message):
    result = run(runner, seeded, *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1


def test_retype_of_an_ambiguous_name_lists_the_candidates(runner, seeded):
    with open_store("oxigraph", seeded) as store:
        store.add([], [Entity.make("Hayley Brown", "Person", ["Brown"])])
    result = run(runner, seeded, "retype", "Brown", "Funder")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "Error: 'Brown' names 2 entities; give the full name or the id",
        "  closest: Hayden Brown (person/hayden-brown), Hayley Brown (person/hayley-brown)"]


def test_merge_across_types_round_trip(runner, seeded, tmp_path):
    before = nquads(runner, seeded, tmp_path)
    refused = run(runner, seeded, "merge", "Toptal", "Andreessen Horowitz")
    assert refused.exit_code == 2 and "add --as-type Platform" in refused.stderr
    done = run(runner, seeded, "merge", "Andreessen Horowitz", "Toptal", "--as-type", "Funder")
    assert done.exit_code == 0, done.output
    assert entity_types(seeded, "Andreessen Horowitz") == [("funder/andreessen-horowitz", "Funder")]
    keys = relation_keys(seeded)
    assert ("person/taso-du-val", "FOUNDED", "funder/andreessen-horowitz") in keys
    assert not any("person/andreessen-horowitz" in k or "platform/toptal" in k for k in keys)
    assert run(runner, seeded, "unmerge", "Toptal").exit_code == 0
    assert nquads(runner, seeded, tmp_path) == before


def test_merge_across_types_bad_type(runner, seeded):
    result = run(runner, seeded, "merge", "Fiverr", "Toptal", "--as-type", "Company")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown type 'Company'; choose one of")


def test_split_round_trip(runner, seeded, tmp_path):
    before = nquads(runner, seeded, tmp_path)
    done = run(runner, seeded, "split", "Quill Market", "QM", "--format", "json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)[0]["into"] == "platform/qm"
    keys = relation_keys(seeded)
    assert ("person/ines-costa", "WORKS_FOR", "platform/qm") in keys          # its sentence says "QM"
    assert ("person/ines-costa", "WORKS_FOR", "platform/quill-market") not in keys
    assert store_entity(seeded, "platform/quill-market").aliases == []
    assert run(runner, seeded, "undo").exit_code == 0
    assert nquads(runner, seeded, tmp_path) == before


@pytest.mark.parametrize("args, code, message", [
    (("split", "Quill Market", "Quillie"), 2,
     "Error: 'Quillie' is not an alias of Quill Market (platform/quill-market); its aliases: 'QM'"),
    (("split", "Nobody Here", "QM"), 3, "Error: no entity named 'Nobody Here'"),
    (("split", "Quill Market", "QM", "--into", "Quill Market"), 2,
     "Error: --into 'Quill Market' is platform/quill-market itself"),
    (("undo", "Fiverr"), 3, "Error: nothing to undo"),
])
def test_split_and_undo_bad_input(runner, seeded, args, code, message):
    result = run(runner, seeded, *args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(message)


def test_undo_after_an_undone_operation_takes_the_one_before(runner, seeded, tmp_path):
    before = nquads(runner, seeded, tmp_path)
    assert run(runner, seeded, "retype", "Andreessen Horowitz", "Funder").exit_code == 0
    assert run(runner, seeded, "merge", "Fiverr", "Toptal").exit_code == 0
    refused = run(runner, seeded, "undo", "funder/andreessen-horowitz")
    assert refused.exit_code == 1 and "undo it first with `fkg unmerge platform/toptal`" in refused.stderr
    assert run(runner, seeded, "undo").exit_code == 0          # the merge
    assert run(runner, seeded, "undo").exit_code == 0          # then the retype
    assert nquads(runner, seeded, tmp_path) == before
    assert run(runner, seeded, "undo").stderr.startswith("Error: nothing to undo")


# --- review ---------------------------------------------------------------------------------
def test_review_lists_most_doubtful_first_with_evidence(runner, seeded):
    with open_store("oxigraph", seeded) as store:
        store.add([], [Entity.make("Hayley Brown", "Person", ["Brown"])])
        resolve.log_resolution(store.folder, [
            {"how": "fuzzy", "mention": "Fiverrr", "type": "Platform", "entity": "platform/fiverr",
             "score": 92.3, "document": "mem:three"},
            {"how": "exact", "mention": "Upwork", "type": "Platform", "entity": "platform/upwork",
             "score": None, "document": "mem:three"},
            {"how": "types", "entity": "platform/toptal", "votes": {"Platform": 2, "Organization": 1}},
            {"how": "alias_conflict", "alias": "Brown", "entity": "person/ines-costa",
             "held_by": ["person/hayden-brown"], "document": "mem:four"}])
    result = run(runner, seeded, "review", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["kind"], r["entities"], r["evidence"]) for r in rows] == [
        ("alias on two entities", "Hayden Brown (person/hayden-brown), Hayley Brown (person/hayley-brown)",
         "'brown' names all of them"),
        ("fuzzy match", "Fiverr (platform/fiverr)", "'Fiverrr' [Platform] in mem:three (score 92.3)"),
        ("types disagree", "Toptal (platform/toptal)", "documents typed it Organization 1, Platform 2"),
        ("alias kept off", "Ines Costa (person/ines-costa), Hayden Brown (person/hayden-brown)",
         "'Brown' in mem:four was not made an alias of person/ines-costa: person/hayden-brown has it")]
    assert [r["doubt"] for r in rows] == [4.1, 3.1, 2.8, 1.9]      # kind weight + 0.1 per relation


# --- any characters ---------------------------------------------------------------------------
NAME_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(NAME_CHARS, min_size=1, max_size=24).filter(lambda n: n.strip()),
       other=st.text(NAME_CHARS, min_size=1, max_size=24).filter(lambda n: n.strip()))
def test_merge_retype_split_round_trip_with_any_names(tmp_path_factory, name, other):
    folder = tmp_path_factory.mktemp("anynames")
    doc = Document.from_text(f"{name} works with {other}.", source="mem:any")
    a, b = Entity.make(name, "Organization", [f"{other} Labs"]), Entity.make(other, "Platform")
    if not identity.normalize(a.name) or not identity.normalize(b.name) or a.id == b.id:
        return
    with open_store("oxigraph", str(folder / "store")) as store:
        store.add([doc], [a, b], [Relation(a.id, "PARTNERS_WITH", b.id, evidence=_ev(doc, doc.text))])

        def dump():
            out = io.BytesIO()
            export(store, "nq", out)
            return sorted(out.getvalue().decode("utf-8").splitlines())

        before = dump()
        resolve.retype(store, a.id, "Funder")
        resolve.undo(store)
        assert dump() == before
        resolve.merge(store, a.id, b.id, as_type="Organization")
        resolve.undo(store)
        assert dump() == before
        try:
            resolve.split(store, a.id, f"{other} Labs")
        except BadInput as exc:    # the alias's id is an existing entity's: refused, nothing written
            assert "already exists" in str(exc) and dump() == before
        else:
            resolve.undo(store)
            assert dump() == before


def test_review_bad_input_and_empty_store(runner, store_path):
    bad = run(runner, store_path, "review", "--top", "0")
    assert bad.exit_code == 2 and "Invalid value for '--top'" in bad.stderr
    with open_store("oxigraph", store_path):
        pass
    empty = run(runner, store_path, "review")
    assert empty.exit_code == 0 and empty.stderr == "Nothing to review.\n" and empty.stdout == ""


def test_unmerge_reads_merge_records_written_before_retype_and_split(seeded, tmp_path):
    with open_store("oxigraph", seeded) as store:
        before = sorted((e.id, tuple(e.aliases)) for e in store.entities()), \
            sorted((r.key, len(r.evidence)) for r in store.relations())
        resolve.merge(store, "Quill Market", "Upwork")
        log = resolve.MergeLog(store.folder)
        [record] = log.records()
        old = {"op": "merge", "id": record["id"], "at": record["at"], "kept": record["kept"],
               "merged": record["merged"], "before": record["before"],
               "after": {"entity": record["after"]["entities"][0], "evidence": record["after"]["evidence"]}}
        log.path.write_text(json.dumps(old) + "\n", encoding="utf-8")
        assert resolve.unmerge(store, "Upwork")["restored"] == "platform/upwork"
        after = sorted((e.id, tuple(e.aliases)) for e in store.entities()), \
            sorted((r.key, len(r.evidence)) for r in store.relations())
    assert after == before
