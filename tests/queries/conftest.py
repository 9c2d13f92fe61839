"""A small freelance ecosystem with known answers (sentences written for these tests).

Two "towns" joined by a few people:

* GigHub (Lisbon): co-founded by Ana Ruiz and Ben Okafor; Ana is CEO; Chloe Martin works there.
* TalentLoop (Berlin): founded and led by Dev Patel; Eva Lind works there.
* Northstar Ventures funds both platforms; Farid Haddad is a partner there.
* Freelancers Guild (Lisbon): led by Grace Kim; Ben Okafor and Hugo Brandt are members.
* Remote Workers Alliance (Berlin): led by Ines Costa; Jonas Weber is a member; it partners
  with the Freelancers Guild.
* Independent Work Summit (Berlin): Ben Okafor, Grace Kim and Ines Costa took part.
* Kai Muller and Lena Muller run the unrelated Muller Studio (a separate component).

Written-down answers the tests check:
* Ana Ruiz -> Hugo Brandt: one path of 4 hops, Ana FOUNDED GigHub, Ben FOUNDED GigHub,
  Ben MEMBER_OF Freelancers Guild, Hugo MEMBER_OF Freelancers Guild (the 4-hop route through
  Lisbon does not count: places are not acquaintances).
* Ben Okafor is the person broker (co-founder, guild member, summit participant).
* KNOWS: Ana-Ben co-founders (3) + same sentence (2) = 5; Ana-Chloe same organisation (1).
* Farid Haddad knows GigHub's and TalentLoop's people through Northstar (same funder).
"""

from __future__ import annotations

import pytest

from freelance_kg.graph import projection
from freelance_kg.graph.model import Document, Entity, Evidence, Relation

PEOPLE = ["Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eva Lind", "Farid Haddad",
          "Grace Kim", "Hugo Brandt", "Ines Costa", "Jonas Weber", "Kai Muller", "Lena Muller"]
OTHERS = [("GigHub", "Platform"), ("TalentLoop", "Platform"), ("Northstar Ventures", "Funder"),
          ("Freelancers Guild", "Organization"), ("Remote Workers Alliance", "Organization"),
          ("Muller Studio", "Organization"), ("Independent Work Summit", "Event"),
          ("Lisbon", "Place"), ("Berlin", "Place")]
ALIASES = {"Ana Ruiz": ["Ruiz"], "Remote Workers Alliance": ["RWA"], "Kai Muller": ["Muller"],
           "Lena Muller": ["Muller"]}

# (subject, predicate, object, role, sentence) -- sentence written for this fixture
FACTS = [
    ("Ana Ruiz", "FOUNDED", "GigHub", None, "Ana Ruiz and Ben Okafor founded GigHub in a Lisbon flat."),
    ("Ben Okafor", "FOUNDED", "GigHub", None, "Ana Ruiz and Ben Okafor founded GigHub in a Lisbon flat."),
    ("Ana Ruiz", "LEADS", "GigHub", "CEO", "Ruiz is now chief executive of GigHub."),
    ("Chloe Martin", "WORKS_FOR", "GigHub", "VP Product", "Chloe Martin, GigHub's product lead, joined last spring."),
    ("Dev Patel", "FOUNDED", "TalentLoop", None, "Dev Patel started TalentLoop after years of contracting."),
    ("Dev Patel", "LEADS", "TalentLoop", "CEO", "TalentLoop chief executive Dev Patel spoke to us."),
    ("Eva Lind", "WORKS_FOR", "TalentLoop", None, "Eva Lind writes the matching code at TalentLoop."),
    ("Northstar Ventures", "FUNDS", "GigHub", None, "Northstar Ventures led GigHub's seed round."),
    ("Northstar Ventures", "FUNDS", "TalentLoop", None, "TalentLoop raised money from Northstar Ventures."),
    ("Farid Haddad", "WORKS_FOR", "Northstar Ventures", "partner", "Farid Haddad is a partner at Northstar Ventures."),
    ("Grace Kim", "LEADS", "Freelancers Guild", "president", "Grace Kim chairs the Freelancers Guild."),
    ("Ben Okafor", "MEMBER_OF", "Freelancers Guild", None, "Ben Okafor sits on the board of the Freelancers Guild."),
    ("Hugo Brandt", "MEMBER_OF", "Freelancers Guild", None, "Illustrator Hugo Brandt joined the Freelancers Guild."),
    ("Ines Costa", "LEADS", "Remote Workers Alliance", "director", "Ines Costa directs the Remote Workers Alliance."),
    ("Jonas Weber", "MEMBER_OF", "Remote Workers Alliance", None, "Jonas Weber is a member of the RWA."),
    ("Freelancers Guild", "PARTNERS_WITH", "Remote Workers Alliance", None, "The Freelancers Guild and the RWA formed an alliance."),
    ("Ben Okafor", "PARTICIPATED_IN", "Independent Work Summit", None, "Ben Okafor spoke at the Independent Work Summit."),
    ("Grace Kim", "PARTICIPATED_IN", "Independent Work Summit", None, "Grace Kim and Ines Costa attended the Independent Work Summit."),
    ("Ines Costa", "PARTICIPATED_IN", "Independent Work Summit", None, "Grace Kim and Ines Costa attended the Independent Work Summit."),
    ("GigHub", "LOCATED_IN", "Lisbon", None, "GigHub is based in Lisbon."),
    ("Freelancers Guild", "LOCATED_IN", "Lisbon", None, "The Lisbon-based Freelancers Guild has 900 members."),
    ("TalentLoop", "LOCATED_IN", "Berlin", None, "TalentLoop is headquartered in Berlin."),
    ("Remote Workers Alliance", "LOCATED_IN", "Berlin", None, "The Berlin-based RWA campaigns for fair pay."),
    ("Independent Work Summit", "LOCATED_IN", "Berlin", None, "The Independent Work Summit took place in Berlin."),
    ("Kai Muller", "FOUNDED", "Muller Studio", None, "Kai Muller and Lena Muller founded Muller Studio."),
    ("Lena Muller", "FOUNDED", "Muller Studio", None, "Kai Muller and Lena Muller founded Muller Studio."),
]

TYPES = {**{p: "Person" for p in PEOPLE}, **dict(OTHERS)}


def ecosystem():
    """(documents, entities, relations) of the fixture ecosystem."""
    text = " ".join(dict.fromkeys(f[4] for f in FACTS))
    doc = Document.from_text(text, source="https://example.org/freelance-towns",
                             title="Two freelance towns")
    entities = {name: Entity.make(name, t, ALIASES.get(name, ())) for name, t in TYPES.items()}
    relations = {}
    for subject, predicate, obj, role, sentence in FACTS:
        start = text.index(sentence)
        ev = Evidence(doc.id, sentence, start, start + len(sentence), "test.v1", 0.9, role)
        rel = Relation(entities[subject].id, predicate, entities[obj].id, role, [ev])
        if rel.key in relations:
            relations[rel.key].merge(rel)
        else:
            relations[rel.key] = rel
    return [doc], list(entities.values()), list(relations.values())


def eid(name: str) -> str:
    """The entity id of a fixture name."""
    return Entity.make(name, TYPES[name]).id


@pytest.fixture(name="eid")
def eid_fixture():
    """name -> entity id for the fixture's names (tests cannot import conftest modules)."""
    return eid


@pytest.fixture
def eco_graph():
    documents, entities, relations = ecosystem()
    return projection.to_multidigraph(entities, relations, documents)


@pytest.fixture
def eco_store(store_path):
    """The ecosystem written to a real Oxigraph store on disk; yields the store path."""
    from freelance_kg.graph.store import open_store
    documents, entities, relations = ecosystem()
    with open_store("oxigraph", store_path) as store:
        store.add(documents, entities, relations)
    return store_path


def member_town(people: int = 30, groups: int = 8):
    """(documents, entities, relations) of a synthetic town: person i is a member of groups
    i % groups and (i // 4 + 3) % groups, so the people form one component of overlapping
    cliques (large enough for small-world measures), beside 20 separate pairs; each fact has its own made-up sentence."""
    facts = []
    for i in range(people):
        for g in sorted({i % groups, (i // 4 + 3) % groups}):
            facts.append((f"Member {i:02d}", f"Guild {g}", f"Member {i:02d} belongs to Guild {g}."))
    for i in range(100, 140):   # 20 separate pairs: the large component is under half the town
        g = f"Studio {(i - 100) // 2}"
        facts.append((f"Member {i}", g, f"Member {i} belongs to {g}."))
    text = " ".join(f[2] for f in facts)
    doc = Document.from_text(text, source="https://example.org/member-town", title="Member town")
    entities = {}
    relations = []
    for person, group, sentence in facts:
        p = entities.setdefault(person, Entity.make(person, "Person"))
        o = entities.setdefault(group, Entity.make(group, "Organization"))
        start = text.index(sentence)
        ev = Evidence(doc.id, sentence, start, start + len(sentence), "test.v1", 0.9, None)
        relations.append(Relation(p.id, "MEMBER_OF", o.id, None, [ev]))
    return [doc], list(entities.values()), relations


@pytest.fixture
def town_store(store_path):
    """:func:`member_town` in a real Oxigraph store on disk; yields the store path."""
    from freelance_kg.graph.store import open_store
    documents, entities, relations = member_town()
    with open_store("oxigraph", store_path) as store:
        store.add(documents, entities, relations)
    return store_path
