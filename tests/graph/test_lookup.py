"""The shared name lookup: exact id, name or alias; fuzzy acceptance; candidates; policies."""

from __future__ import annotations

import pytest

from freelance_kg.errors import AmbiguousName, BadInput, EntityNotFound
from freelance_kg.graph.lookup import NameIndex, find_entity

ENTRIES = [
    ("person/jordan-lee", "Person", "Jordan Lee", ["J. Lee"]),
    ("person/jamie-lee", "Person", "Jamie Lee", ["J. Lee"]),
    ("platform/quillmark", "Platform", "Quillmark", ["QM"]),
    ("organization/qm", "Organization", "QM", []),
]


@pytest.fixture
def index():
    return NameIndex(ENTRIES)


@pytest.mark.parametrize("typed, expected", [
    ("platform/quillmark", "platform/quillmark"), ("  quillmark ", "platform/quillmark"),
    ("Jordan Lee", "person/jordan-lee"), ("Quilmark", "platform/quillmark"),
])
def test_finds_by_id_name_and_close_spelling(index, typed, expected):
    assert find_entity(index, typed) == expected


def test_shared_alias_is_ambiguous_with_sorted_candidates(index):
    with pytest.raises(AmbiguousName) as info:
        find_entity(index, "J. Lee")
    assert info.value.candidates == ["person/jamie-lee", "person/jordan-lee"]


def test_type_narrows_and_is_named_in_the_message(index):
    assert find_entity(index, "QM", entity_type="Platform") == "platform/quillmark"
    with pytest.raises(EntityNotFound, match="no Place entity named 'Quillmark' in the graph"):
        find_entity(index, "Quillmark", entity_type="Place")


def test_prefer_canonical_breaks_a_tie_between_a_name_and_an_alias(index):
    with pytest.raises(AmbiguousName):
        find_entity(index, "QM")
    assert find_entity(index, "QM", prefer_canonical=True) == "organization/qm"


def test_without_fuzzy_a_close_spelling_is_only_suggested(index):
    with pytest.raises(EntityNotFound) as info:
        find_entity(index, "Quilmark", fuzzy=False, where="the store", hint="; check the spelling",
                    suggest_from=60)
    assert str(info.value) == "no entity named 'Quilmark' in the store; check the spelling"
    assert info.value.candidates[0] == "platform/quillmark"
    assert not isinstance(info.value, AmbiguousName)


def test_blank_name_is_bad_input(index):
    with pytest.raises(BadInput):
        find_entity(index, "  ")
