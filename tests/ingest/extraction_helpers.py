"""Shared helpers for the extraction tests: run the extractor on a text you write and read its
result as plain names (tests assert exact triples, roles, types). These are the rules' tests:
the learned components (``fkg.types``, ``fkg.pairs``) are off here and have their own tests in
test_learned.py and test_training.py."""

from __future__ import annotations

from freelance_kg.graph.model import Document
from freelance_kg.ingest.extractor import extract


def run(nlp, text, pairs=None, types=None):
    return extract(Document.from_text(text), nlp, pairs=pairs, types=types)


def triples(nlp, text):
    """{(subject name, PREDICATE, object name)} extracted from ``text``."""
    ex = run(nlp, text)
    names = {e.id: e.name for e in ex.entities}
    return {(names[r.subject], r.predicate, names[r.object]) for r in ex.relations}


def roles(nlp, text):
    """Like :func:`triples` with the relation's role as a fourth element."""
    ex = run(nlp, text)
    names = {e.id: e.name for e in ex.entities}
    return {(names[r.subject], r.predicate, names[r.object], r.role) for r in ex.relations}


def types(nlp, text):
    """{entity name: type}."""
    return {e.name: e.type for e in run(nlp, text).entities}


def names(nlp, text):
    """{entity name}."""
    return {e.name for e in run(nlp, text).entities}
