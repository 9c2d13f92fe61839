"""Name lookup: exact, alias, normalised, fuzzy, ambiguous, unknown."""

from __future__ import annotations

import pytest

from freelance_kg.errors import AmbiguousName, BadInput, EntityNotFound
from freelance_kg.queries.names import resolve_entity


@pytest.mark.parametrize("typed, expected", [
    ("Ana Ruiz", "Ana Ruiz"), ("person/ana-ruiz", "Ana Ruiz"), ("ruiz", "Ana Ruiz"),
    ("  ANA RUIZ ", "Ana Ruiz"), ("Ana Ruis", "Ana Ruiz"), ("RWA", "Remote Workers Alliance"),
    ("The Freelancers Guild", "Freelancers Guild"), ("GigHub Inc.", "GigHub"),
    ("Dr. Grace Kim", "Grace Kim"), ("Hugo", "Hugo Brandt"),
])
def test_resolves(eco_graph, eid, typed, expected):
    assert resolve_entity(eco_graph, typed) == eid(expected)


def test_ambiguous_lists_candidates(eco_graph):
    with pytest.raises(AmbiguousName) as info:
        resolve_entity(eco_graph, "Muller")
    assert info.value.candidates == ["Kai Muller (Person)", "Lena Muller (Person)"]


def test_unknown_lists_closest(eco_graph):
    with pytest.raises(EntityNotFound) as info:
        resolve_entity(eco_graph, "Talent Pool Loop Inc")
    assert "TalentLoop (Platform)" in info.value.candidates
    with pytest.raises(EntityNotFound) as info:
        resolve_entity(eco_graph, "Qwxz")
    assert not isinstance(info.value, AmbiguousName)


def test_type_narrows(eco_graph):
    with pytest.raises(EntityNotFound, match="Person"):
        resolve_entity(eco_graph, "GigHub", entity_type="Person")
    with pytest.raises(BadInput):
        resolve_entity(eco_graph, "   ")
