import pytest
from hypothesis import given, strategies as st

from freelance_kg.graph import identity, schema
from freelance_kg.graph.model import Entity, Relation


@pytest.mark.parametrize("a, b", [
    ("Hon. Albert Azis-Clauson", "Albert Azis-Clauson"),
    ("The Association for the Future of Work", "association for the future of work"),
    ("Viscount Younger", "Younger"),
    ("Sara\u00a0Horowitz", "sara horowitz"),
    ("Freelancers\u2019 Union", "Freelancers' Union"),
])
def test_normalize_folds_case_honorifics_punctuation(a, b):
    assert identity.normalize(a) == identity.normalize(b)


def test_corporate_suffixes_dropped_for_organisations_only():
    assert identity.entity_id("Upwork Inc.", "Platform") == identity.entity_id("Upwork", "Platform")
    assert identity.normalize("Mr Ltd", "Person") == "ltd"


def test_namesakes_of_different_types_get_different_ids():
    assert identity.entity_id("Washington", "Person") != identity.entity_id("Washington", "Place")


def test_ids_are_readable_for_ascii_and_distinct_for_unicode():
    assert identity.entity_id("Albert Azis-Clauson", "Person") == "person/albert-azis-clauson"
    assert identity.entity_id("Zoë Müller", "Person") != identity.entity_id("Zoe Muller", "Person")
    assert identity.entity_id("!!!", "Event") != identity.entity_id("???", "Event")
    with pytest.raises(ValueError):
        identity.entity_id("   ", "Person")


def test_type_roundtrips_through_id():
    for t in schema.ENTITY_TYPES:
        assert identity.type_of_id(identity.entity_id("Some Name", t)) == t


names = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(str.strip)


@given(names, names)
def test_id_is_a_function_of_the_normal_form(a, b):
    same_key = identity.normalize(a, "Person") == identity.normalize(b, "Person") != ""
    if same_key:
        assert identity.entity_id(a, "Person") == identity.entity_id(b, "Person")
    if identity.entity_id(a, "Person") == identity.entity_id(b, "Person") and identity.normalize(a, "Person"):
        assert identity.normalize(a, "Person") == identity.normalize(b, "Person")


def test_schema_rejects_unknown_predicates_and_checks_types():
    with pytest.raises(ValueError):
        Relation("person/a", "KNOWS_ABOUT", "person/b")
    assert schema.allowed("FOUNDED", "Person", "Platform")
    assert not schema.allowed("FOUNDED", "Place", "Platform")
    assert schema.allowed("PARTNERS_WITH", "Platform", "Funder")
    assert not schema.allowed("LOCATED_IN", "Person", "Place")


def test_symmetric_relations_have_one_orientation():
    a, b = Entity.make("Malt", "Platform"), Entity.make("Deel", "Platform")
    assert Relation(a.id, "PARTNERS_WITH", b.id).key == Relation(b.id, "PARTNERS_WITH", a.id).key
    assert Relation(a.id, "ACQUIRED", b.id).key != Relation(b.id, "ACQUIRED", a.id).key
