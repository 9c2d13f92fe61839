"""Dependency-parse rules that state relations, one small function per pattern family.

Every rule yields :class:`Candidate` s (subject entity, predicate, object entity, the sentence,
a confidence and an optional role). Arguments are expanded over conjunctions ("founded by A and
B") and lists ("investors including A, B and C"), and resolved through pronouns and
descriptions ("the company") by :class:`references.Resolver`. The extractor keeps only
candidates whose types the schema allows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from freelance_kg.graph import schema
from freelance_kg.ingest.entities import TITLES
from freelance_kg.ingest.references import DocEntity, Resolver

# --- lexicons -------------------------------------------------------------------------------------
FOUND_VERBS = {"found", "co-found", "cofound", "establish", "create", "launch", "start", "conceive",
               "organize", "organise", "set", "co-create", "build"}
HOST_VERBS = {"host", "co-host", "cohost", "convene", "co-organise", "co-organize"}
FUND_VERBS = {"fund", "finance", "back", "sponsor", "bankroll", "underwrite", "co-fund"}
LEAD_VERBS = {"lead", "run", "head", "chair", "helm", "co-lead", "colead", "direct"}
ACQUIRE_VERBS = {"acquire", "buy", "purchase"}
PARTNER_VERBS = {"partner", "collaborate", "team", "ally", "cooperate"}
ATTEND_VERBS = {"attend", "speak", "participate", "present", "exhibit", "keynote", "take", "join"}
LOCATE_VERBS = {"base", "headquarter", "locate"}
AFFILIATE_VERBS = {"incubate", "spin"}
#: hedges that make a verb a rumour or an intention, not a fact ("may be looking to purchase")
HEDGES = {"may", "might", "could", "would", "reportedly", "rumor", "rumour", "look", "consider",
          "plan", "seek", "want", "offer", "explore", "try", "aim", "hope", "propose", "bid",
          "intend", "talk", "eye", "mull", "possibility", "if", "potential"}

#: Verbs that, about money, say what "raised" says ("secured $8m in funding from X").
RAISE_VERBS = {"secure", "close", "receive", "land", "bag", "get", "attract", "obtain", "net", "pull", "take",
               "complete", "finalise", "finalize", "wrap"}


def _about_money(verb) -> bool:
    return any(t.lemma_.lower() in FUNDING_NOUNS or t.tag_ == "$" or t.ent_type_ == "MONEY"
               for c in verb.children if c.dep_ in ("dobj", "prep") for t in c.subtree)


#: Verbs that deny what their clause says ("denied that she founded X").
NEGATING_VERBS = {"deny", "dismiss", "refute", "reject", "rule", "doubt"}

LEAD_ROLES = {"ceo", "chief executive", "chief executive officer", "president", "chair", "chairman",
              "chairwoman", "chairperson", "head", "leader", "managing director", "executive director",
              "boss", "director general", "secretary general", "managing partner", "founding partner",
              "general manager", "chief", "co-director", "co-chair", "co-president", "general secretary",
              "national secretary", "secretary-general", "executive chair", "executive chairman", "director"}
FOUND_ROLES = {"founder", "co-founder", "cofounder", "founding member", "co-creator", "creator"}
MEMBER_ROLES = {"member", "board member", "trustee", "councilmember", "fellow"}
WORK_ROLES = {"cto", "coo", "cfo", "cmo", "cpo", "cio", "cro", "vp", "vice president", "svp", "evp",
              "partner", "executive", "employee", "analyst", "engineer", "editor", "manager",
              "ambassador", "advisor", "adviser", "economist", "researcher", "scientist",
              "developer", "designer", "consultant", "staffer", "spokesperson", "spokesman",
              "spokeswoman", "officer", "ghostwriter", "writer", "reporter", "journalist", "intern",
              "associate", "principal", "strategist", "evangelist", "professor", "lecturer",
              "head of product", "lead", "programmer", "columnist", "correspondent", "producer",
              "recruiter", "investor relations", "organiser", "organizer", "coordinator", "treasurer",
              "secretary", "staff writer", "counsel", "general counsel", "official", "aide", "staffer",
              "colleague", "research fellow", "senior fellow", "visiting fellow", "postdoctoral fellow"}
INVEST_ROLES = {"investor", "backer", "angel", "funder", "sponsor"}
AFFIL_NOUNS = {"sister", "subsidiary", "parent", "division", "branch", "arm", "unit", "spin-off",
               "spinoff", "affiliate", "offshoot", "chapter"}
FUNDING_NOUNS = {"round", "funding", "financing", "investment", "seed", "series", "capital",
                 "pre-seed", "raise", "tranche"}
FORMER = {"former", "ex", "ex-", "previous", "previously", "erstwhile", "onetime", "one-time", "left"}

_BASE = 0.85


@dataclass
class Candidate:
    subject: DocEntity
    predicate: str
    object: DocEntity
    sent: object                  # spaCy Span
    confidence: float = _BASE
    role: str | None = None
    tokens: tuple = ()            # token indices used (for the stripped-link check)
    rule: str = ""


class Context:
    """What the rules see of one document: parse, entities, resolver, gaps, funding target."""

    def __init__(self, doc, resolver: Resolver, gaps):
        self.doc = doc
        self.r = resolver
        self.gaps = set(gaps)
        self.funding_target: DocEntity | None = None
        self.org_counts: dict = {}        # (sentence start, types) -> Counter, see _org_counts
        self._words: dict = {}            # sentence start -> its lower-case words and lemmas
        self.lemmas = [t.lemma_.lower() for t in doc]     # read once: rules look at lemmas many times

    def fresh(self) -> "Context":
        """A new context for a second pass over the same document (keeps the per-token caches)."""
        again = Context.__new__(Context)
        again.__dict__.update(self.__dict__)
        again.funding_target, again.org_counts = None, {}
        return again

    def words(self, sent) -> set[str]:
        """The sentence's lower-case words and lemmas: rules whose trigger words are absent skip it."""
        got = self._words.get(sent.start)
        if got is None:
            got = {t.lower_ for t in sent}
            got.update(self.lemmas[sent.start:sent.end])
            self._words[sent.start] = got
        return got

    # ----- arguments ---------------------------------------------------------------------------
    def entity(self, tok) -> tuple[DocEntity | None, float]:
        """The entity a single token stands for: a name, an apposed name, a pronoun, a description."""
        e, conf, _ = self._entity(tok)
        return e, conf

    def _entity(self, tok):
        e = self.r.entity_at(tok.i)
        if e is not None:
            return e, 1.0, tok
        if tok.lower_ in ("who", "whom") and tok.head.dep_ == "relcl":
            e, conf, m = self._entity(tok.head.head)
            if e is not None and e.type != schema.PERSON:
                # "A of Sweden's X, who led the EFA": "who" is the person the phrase belongs to
                t = tok.head.head
                while t.dep_ in ("pobj", "prep", "poss", "compound", "appos") and t.head != t:
                    t = t.head
                    person = self.r.entity_at(t.i)
                    if person is not None and person.type == schema.PERSON:
                        return person, 0.9, t
                return None, 0.0, tok
            return e, conf, m
        if tok.lower_ in ("which", "that", "who", "whom") and tok.head.dep_ == "relcl" and tok.head.head != tok:
            noun = tok.head.head
            if noun.dep_ == "attr" and noun.head.lemma_ == "be" and self.r.entity_at(noun.i) is None:
                subj = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
                if subj is not None:        # "X is an industry group that counts A among its members"
                    return self._entity(subj)
            return self._entity(noun)          # "The company, which is backed by X"
        if tok.lower_ in ("we", "us", "our") and tok.pos_ == "PRON":
            if any(c.lower_ in ("both", "all") for c in tok.children) or \
                    tok.i + 1 < len(self.doc) and self.doc[tok.i + 1].lower_ in ("both", "all"):
                return None, 0.0, tok       # "which we both joined": the people, not the company
            if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in FUND_VERBS | {"invest", "co-lead"}:
                funder = _top_funder(self, tok.i)      # "which we backed": an investor writing
                if funder is not None:
                    return funder, 0.7, tok
            e = _topic_org(self, tok.i)        # "We signed a partnership with Malt": the speaker's company
            return e, 0.7, tok
        if tok.lower_ in ("i", "me", "my") and tok.pos_ == "PRON":
            return _narrator(self, tok), 0.75, tok   # "I founded X" in a founder's post or a Q&A answer
        if tok.dep_ == "appos" and self.r.entity_at(tok.head.i) is not None:
            return self.r.entity_at(tok.head.i), 0.95, tok.head   # "X, an event organised by Y"
        for c in tok.children:      # "The programme, called Skills Forward, ..."
            if c.dep_ == "acl" and c.lemma_.lower() in ("call", "name", "dub", "brand", "title", "know"):
                for n in c.children:
                    if n.dep_ in ("oprd", "attr", "dobj") and self.r.entity_at(n.i) is not None:
                        return self.r.entity_at(n.i), 0.95, n
        # the apposed name first: "the Lagos design marketplace Kora Studio" is Kora Studio, not Lagos
        for c in sorted(tok.children, key=lambda c: c.dep_ != "appos"):
            if c.dep_ in ("appos", "compound", "nmod") and c.i < tok.i + 6:
                e = self.r.entity_at(c.i)
                if e is not None and c.dep_ != "appos" and e.type == schema.PLACE and c.i < tok.i:
                    continue
                if e is not None and (c.dep_ == "appos" or c.i > tok.i or tok.pos_ == "NOUN"):
                    if c.dep_ != "compound" or tok.lemma_.lower() in _DESCRIPTIVE:
                        return e, 0.95, c
        e, conf = self.r.resolve(tok)
        return e, conf, tok

    def _counted(self, tok) -> list[tuple[DocEntity, float, int]] | None:
        """"the two companies", "these three founders", "the pair": the last N distinct entities
        of the fitting kind named before, within three sentences (exactly N must be in reach)."""
        lemma = tok.lemma_.lower()
        if tok.pos_ != "NOUN" or self.r.entity_at(tok.i) is not None:
            return None
        n = _GROUP_NOUNS.get(lemma)
        kids = {c.lower_: c for c in tok.children if c.dep_ in ("nummod", "det", "predet", "quantmod")}
        if n is None:
            if not (tok.tag_ == "NNS" and (kids.keys() & {"the", "these", "those", "both"})):
                return None
            n = 2 if "both" in kids else next((_NUMBERS[k] for k in kids if k in _NUMBERS), None)
            if n is None:
                return None
        elif not kids.keys() & {"the", "this"}:
            return None
        types = _GROUP_KINDS.get(lemma)
        if types is None:
            return None
        sent = tok.sent
        start = sent.start
        for _ in range(3):
            if start == 0:
                break
            start = self.doc[start - 1].sent.start
        found = []
        for m in reversed(self.r.in_span(start, tok.i)):
            e = self.r.entities[m.entity]
            if e.type in types and e not in found:
                found.append(e)
        if len(found) < n:
            return []
        return [(e, 0.7, tok.i) for e in reversed(found[:n])]

    def args(self, tok, depth: int = 0) -> list[tuple[DocEntity, float, int]]:
        """Entities a noun phrase headed by ``tok`` names, over conjunctions and "including" lists."""
        if tok is None or depth > 6:
            return []
        out = []
        if tok.lower_ in ("they", "them") and tok.pos_ == "PRON" or \
                tok.lower_ == "both" and tok.dep_ in ("nsubj", "nsubjpass"):
            return [(e, c, tok.i) for e, c in self.r.resolve_group(tok)]
        group = self._counted(tok)
        if group is not None:
            return group            # [] when too few fit: "the three companies" is then nobody
        e, conf, matched = self._entity(tok)
        if tok.lower_ in ("who", "whom", "which", "that") and matched is not tok and \
                any(c.i > tok.i for c in matched.conjuncts):
            return [(e, conf, tok.i)] if e is not None else []     # "A, who founded X, and B": A only
        if e is not None:
            out.append((e, conf, tok.i))
        elif tok.lemma_.lower() in _LIST_HEADS and tok.i + 1 < len(self.doc) and \
                self.r.entity_at(tok.i + 1) is not None:
            # "existing investors A, B and C" where the parser lost the list: read the names
            m = self.r.at[tok.i + 1]
            first = self.doc[m.start:m.end].root
            out.append((self.r.entities[m.entity], 0.9, first.i))
            for c in first.conjuncts:
                if c.i > first.i:
                    out += self.args(c, depth + 1)
        heads = [tok] if matched is tok else [tok, matched]
        for h in heads:
            for c in h.children:
                other = self.r.at.get(c.i)
                if c.dep_ in ("nmod", "compound") and other is not None and e is not None and \
                        other.entity != e.index and other.end < len(self.doc) and \
                        self.doc[other.end].lower_ in ("and", ","):
                    out.append((self.r.entities[other.entity], 0.9, c.i))   # "A and B" parsed as modifiers
                    continue
                if c.dep_ == "conj":
                    out += self.args(c, depth + 1)
                elif c.dep_ == "prep" and c.lower_ in ("including", "like") or \
                        c.dep_ == "prep" and c.lower_ == "as" and any(x.lower_ == "such" for x in c.children):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out += self.args(p, depth + 1)
                elif c.dep_ == "relcl" and c.lemma_ == "include":
                    for p in c.children:
                        if p.dep_ in ("dobj", "attr"):
                            out += self.args(p, depth + 1)
                elif c.dep_ == "prep" and e is None and h.lemma_.lower() in _COLLECTIVES:
                    for p in c.subtree:         # "a strong line up of other investors, including A"
                        if p.dep_ == "pobj":
                            out += self.args(p, depth + 1)
                            break
                elif c.dep_ == "appos" and e is None:
                    out += self.args(c, depth + 1)
                elif c.dep_ == "appos" and self.r.entity_at(c.i) is not None and \
                        self.r.entity_at(h.i) is not None and c.i <= h.i + 3 and \
                        any(x.dep_ == "conj" for x in c.children):
                    out += self.args(c, depth + 1)      # "A, B, C and D" parsed as A + apposition
                elif c.dep_ == "appos" and e is not None and c.left_edge.i <= h.i + 2 and \
                        self.r.entity_at(c.i) is None:
                    # "A, head of community at X, and B": the list goes on after A's apposition
                    for x in c.children:
                        other = self.r.entity_at(x.i)
                        if x.dep_ == "conj" and other is not None and other.type == e.type:
                            out += self.args(x, depth + 1)
        seen, uniq = set(), []
        for item in out:
            if item[0].index not in seen:
                seen.add(item[0].index)
                uniq.append(item)
        return uniq

    def child(self, tok, *deps):
        for c in tok.children:
            if c.dep_ in deps:
                return c
        return None

    def pobj(self, tok, preps) -> list:
        """Objects of ``tok``'s prepositions in ``preps``, also of a repeated one ("in X and in Y")."""
        out = []
        for c in tok.children:
            if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
                for q in [c] + [x for x in c.conjuncts if x.i > c.i and x.lower_ == c.lower_]:
                    out += [p for p in q.children if p.dep_ in ("pobj", "pcomp")]
        return out

    def is_passive(self, verb) -> bool:
        return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children) or \
            (verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and
             not any(c.dep_ == "aux" for c in verb.children))

    def subjects(self, verb, depth: int = 0):
        """Active subject of ``verb``, inherited along conj / xcomp / participial clauses."""
        subs = [c for c in verb.children if c.dep_ == "nsubj"]
        if subs:
            return [a for c in subs for a in self.args(c)]
        named = [c for c in verb.children if c.dep_ == "advmod" and c.i < verb.i and self.r.entity_at(c.i) is not None]
        if named:       # "Benchly had raised $9m": the tagger read a "-ly" brand as an adverb
            return [a for c in named for a in self.args(c)]
        if verb.dep_ == "ROOT" and verb.i > 0 and verb.tag_ in ("VBD", "VBZ", "VBP") and \
                not any(c.dep_ in ("nsubjpass", "expl", "csubj") for c in verb.children):
            # "In 2023 Skillbridge bought DataDesk": the parser took the subject for the date's object
            prev = self.doc[verb.i - 1]
            if prev.dep_ == "pobj" and prev.head.head == verb and prev.head.i == verb.sent.start and \
                    any(c.like_num or c.ent_type_ == "DATE" for c in prev.children) and \
                    self.r.entity_at(prev.i) is not None:
                return self.args(prev)
        if depth > 4 or verb.head == verb:
            return []
        if verb.dep_ == "acl" and self.r.entity_at(verb.head.i) is not None and \
                not any(c.dep_ == "agent" for c in verb.children):
            return self.args(verb.head)     # "Nordhaven Capital invested in X" parsed as a noun phrase
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and \
                not any(c.dep_ == "nsubj" for c in verb.head.children) and \
                any(c.dep_ == "nsubjpass" for c in verb.head.children):
            # "X was launched in 2020 by A and has raised $5m": X is the subject of both
            return [a for c in verb.head.children if c.dep_ == "nsubjpass" for a in self.args(c)]
        if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp") and verb.head.pos_ in ("VERB", "AUX"):
            return self.subjects(verb.head, depth + 1)
        if verb.dep_ == "pcomp" and verb.head.head != verb.head:
            gov = verb.head.head        # "a month after buying X": climb to the clause's verb
            while gov.pos_ not in ("VERB", "AUX") and gov.dep_ in ("npadvmod", "pobj", "prep", "advmod") \
                    and gov.head != gov:
                gov = gov.head
            return self.subjects(gov, depth + 1)
        if verb.dep_ == "relcl":
            head = verb.head        # "A, who founded X, and B": only A; "A and B, who founded X": both
            if any(c.i > verb.i for c in head.conjuncts):
                e, conf, _ = self._entity(head)
                return [(e, conf, head.i)] if e is not None else []
            return self.args(head)
        return []

    def passive_objects(self, verb, depth: int = 0):
        """What a passive verb is about: nsubjpass, the noun an acl modifies, the main subject."""
        s = self.child(verb, "nsubjpass")
        if s is not None:
            return self.args(s)
        if depth > 3:
            return []
        if verb.dep_ == "acl":
            # "A, co-founded by X; B, a platform ...": the participle describes what precedes it,
            # not the list members after it
            got = [a for a in self.args(verb.head) if a[2] < verb.i]
            if not got and verb.head.dep_ == "attr" and verb.head.head.lemma_ == "be":
                # "X is a marketplace founded by A": the marketplace is X
                got = [a for c in verb.head.head.children if c.dep_ == "nsubj" for a in self.args(c)]
            if not got and any(c.dep_ == "agent" for c in verb.children):
                # "X, a conference on freelancing and remote teams organised by Y": the parser hangs
                # the participle on the last noun of the PP; climb back to the described noun
                t = verb.head
                for _ in range(4):
                    if t.dep_ not in ("conj", "pobj", "prep") or t.head == t:
                        break
                    t = t.head
                    if t.pos_ in ("NOUN", "PROPN") and t.dep_ not in ("conj", "pobj"):
                        got = self.args(t)
                        break
            return got
        if verb.dep_ in ("acomp", "xcomp") and verb.head.lemma_ == "be":
            return [a for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") for a in self.args(c)]
        if verb.dep_ == "advcl":
            return self.subjects(verb.head) or self.passive_objects(verb.head, depth + 1)
        if verb.dep_ == "conj":
            return self.passive_objects(verb.head, depth + 1)
        return []

    def agents(self, verb, depth: int = 0):
        objs = self.pobj(verb, ("by",))
        # "financed by a grant from X", "covered by funding from X": the money's giver
        objs = [q for o in objs for q in (self.pobj(o, ("from",)) if o.lemma_.lower() in _MONEY_NOUNS
                                          and self.r.entity_at(o.i) is None else [o])] or objs
        if objs:
            return [a for o in objs for a in self.args(o)]
        if any(c.lower_ == "by" for c in verb.children):
            return []           # "funded by, and ..." : the agent was stripped; inherit nothing
        if depth == 0:
            for c in verb.conjuncts:         # "conceived and led by X": share the later agent
                if c.i > verb.i and c.pos_ == "VERB":
                    objs = self.pobj(c, ("by",))
                    if objs:
                        return [(e, conf * 0.9, i) for o in objs for e, conf, i in self.args(o)]
        return []

    def hedged(self, verb, strict: bool = True, announced: bool = False) -> bool:
        """Whether ``verb`` is negated, denied, hoped for or rumoured rather than stated as fact.

        ``strict`` also counts "would" (an acquisition that "would" happen has not happened; but
        "she would go on to found X" is narrative past, so founding is not strict). ``announced``
        lets a plain "will" pass: "the coalition will be chaired by A" announces A's post."""
        hedges = HEDGES if strict else HEDGES - {"would"}
        future = ("never",) if announced else ("never", "will", "'ll")
        t = verb
        for _ in range(5):
            if any((c.lower_ in hedges or c.dep_ == "neg" or c.lower_ in future)
                   for c in t.children if c.dep_ in ("aux", "neg", "advmod")):
                return True
            if t != verb and (t.lemma_.lower() in hedges or t.lemma_.lower() in NEGATING_VERBS):
                return True
            # climb only through complement clauses ("plans to invest", "denied that she founded");
            # a relative clause or participle keeps its own truth ("X, which was founded by Y, may ...")
            if t.dep_ in ("xcomp", "ccomp") and t.head != t:
                if any(x.text == ";" for x in t.doc[min(t.i, t.head.i):max(t.i, t.head.i)]):
                    break       # "A was elected X; B will serve as Y": two clauses, not one
                t = t.head
            elif t.dep_ == "pcomp" and t.head.head != t.head:
                t = t.head.head
            elif t.dep_ == "acl" and t.head.lemma_.lower() in hedges:
                return True         # "an offer to buy", "in talks to buy"
            else:
                break
        return False

    def former(self, tokens) -> bool:
        return any(t.lower_.rstrip("-") in FORMER or t.lower_ in FORMER for t in tokens)


_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "2": 2, "3": 3, "4": 4, "5": 5}
_ORG_KINDS = (schema.PLATFORM, schema.ORGANIZATION, schema.FUNDER)
#: plural nouns that, counted ("the two companies"), point back at entities of these types
_GROUP_KINDS = {**{w: _ORG_KINDS for w in ("company", "firm", "startup", "start-up", "platform", "business",
                                           "organisation", "organization", "group", "marketplace", "partner",
                                           "investor", "fund", "union", "association", "venture")},
                **{w: (schema.PERSON,) for w in ("founder", "co-founder", "cofounder", "entrepreneur", "man",
                                                 "woman", "executive", "friend", "pair", "duo", "trio",
                                                 "brother", "sister", "sibling")}}
#: singular nouns that are groups of a known size ("the pair", "the duo")
_GROUP_NOUNS = {"pair": 2, "duo": 2, "trio": 3}

_INVESTOR_NOUNS = {"angel", "investor", "backer", "fund", "firm", "operator"}

_MONEY_NOUNS = {"grant", "donation", "funding", "investment", "loan", "money", "backing", "contribution",
                "gift", "endowment", "sponsorship", "financing"}

_COLLECTIVES = {"group", "number", "team", "consortium", "syndicate", "host", "line-up", "lineup",
                "list", "line", "roster", "range", "slate", "set", "coalition", "network"}
_LIST_HEADS = {"investor", "backer", "firm", "fund", "angel", "partner", "company", "startup",
               "platform", "member", "speaker", "panelist", "panellist", "founder", "participant"}

_DESCRIPTIVE = {"company", "firm", "startup", "platform", "marketplace", "group", "fund",
                "organization", "organisation", "nonprofit", "association", "branch", "team",
                "investor", "site", "network", "network", "coalition", "union", "giant", "blog",
                "business", "venture", "conference", "event", "summit", "data", "toolkit"}


def _cand(ctx, sent, s, pred, o, conf, tokens, rule, role=None):
    """A candidate if both ends are entities and different; the gap check lowers confidence."""
    if s is None or o is None or s.index == o.index:
        return []
    lo, hi = min(tokens), max(tokens)
    if any(lo < g <= hi for g in ctx.gaps):
        conf *= 0.5
    return [Candidate(s, pred, o, sent, round(min(conf, 1.0), 3), role, tuple(tokens), rule)]


# --- verb families ------------------------------------------------------------------------------
#: every lemma a verb rule reads (the rest of the sentence's verbs are skipped before the hedge check)
_VERB_LEMMAS = (HOST_VERBS | FOUND_VERBS | FUND_VERBS | RAISE_VERBS | LEAD_VERBS | ACQUIRE_VERBS |
                PARTNER_VERBS | LOCATE_VERBS | AFFILIATE_VERBS | ATTEND_VERBS |
                {"invest", "raise", "pick", "snap", "hold", "stage", "join", "leave", "quit", "spend", "work",
                 "serve", "team", "merge", "replace", "succeed", "include", "comprise", "feature", "be",
                 "unite", "bring", "count", "sell", "fold", "absorb", "accept", "admit", "select", "name",
                 "appoint", "elect", "support", "gather", "meet", "convene", "assemble"})


def verb_rules(ctx: Context, sent) -> list[Candidate]:
    """FOUNDED / FUNDS / LEADS / ACQUIRED / PARTNERS_WITH / PARTICIPATED_IN / MEMBER_OF /
    AFFILIATED_WITH / LOCATED_IN stated by a verb, active or passive."""
    out = []
    lemmas = ctx.lemmas
    for v in sent:
        lemma = lemmas[v.i]
        if lemma not in _VERB_LEMMAS:
            continue
        if v.pos_ not in ("VERB", "AUX") and not (v.tag_ in ("VBN", "VBD", "VBG")):
            continue
        if lemma == "be":           # only the copula lists read "be": "Members include / are A and B"
            if v.dep_ == "ROOT" and not ctx.hedged(v):
                if v.pos_ == "AUX":
                    out += _members_include(ctx, sent, v)
                out += _backers_are(ctx, sent, v)
            continue
        announced = lemma in LEAD_VERBS and ctx.is_passive(v) and v.dep_ == "ROOT" or lemma in PARTNER_VERBS or \
            lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in v.children)
        if lemma != "raise" and ctx.hedged(v, strict=lemma in ACQUIRE_VERBS, announced=announced):
            continue            # "did not invest", "could back", "plans to invest", "denied founding"
        if lemma == "set" and not any(c.dep_ == "prt" and c.lower_ == "up" for c in v.children):
            continue
        if lemma in ("take", "acquire", "buy", "hold") and ctx.child(v, "dobj") is not None and \
                ctx.child(v, "dobj").lemma_.lower() == "stake" and not ctx.hedged(v):
            # "Westbury Equity took a majority stake in the company": an investor in it
            stake = ctx.child(v, "dobj")
            for f, cf, fi in ctx.subjects(v):
                for o, co, oi in [a for p in ctx.pobj(stake, ("in",)) + ctx.pobj(v, ("in",)) for a in ctx.args(p)]:
                    out += _cand(ctx, sent, f, "FUNDS", o, 0.7 * min(cf, co), (fi, v.i, oi), "stake-in")
            continue
        if lemma in HOST_VERBS:
            # "A and B co-hosted the summit": hosting an event is organising it (FOUNDED -> Event)
            hosted = [c for c in _subject_object(ctx, sent, v, "FOUNDED", "host") if c.object.type == schema.EVENT]
            out += hosted
            # "A is co-hosting the event with two partner associations, B and C": B and C host it too
            partners = [a for p in ctx.pobj(v, ("with",)) for a in ctx.args(p) if a[0].type in _ORGISH]
            for c in hosted:
                for b, cb, bi in partners:
                    out += _cand(ctx, sent, b, "FOUNDED", c.object, 0.7 * cb, (bi, v.i), "co-host")
                    out += _cand(ctx, sent, c.subject, "PARTNERS_WITH", b, 0.7 * cb, (c.tokens[0], bi), "co-host")
        elif lemma in FOUND_VERBS:
            out += _subject_object(ctx, sent, v, "FOUNDED", "found")
            if lemma in ("set", "found", "establish", "launch", "start", "create"):
                out += _located_by_verb(ctx, sent, v)     # "founded in Paris", "set up in London"
        elif lemma in FUND_VERBS:
            out += _subject_object(ctx, sent, v, "FUNDS", "fund")
        elif lemma == "support" and ctx.is_passive(v):
            # "The forum ... is organised by X and supported by the Nordic Council": an event's backer
            out += [c for c in _subject_object(ctx, sent, v, "FUNDS", "supported-by") if c.object.type == schema.EVENT]
        elif lemma == "invest":
            out += _invest(ctx, sent, v)
        elif lemma == "raise" or (lemma in RAISE_VERBS and _about_money(v)):
            out += _raise(ctx, sent, v)
        elif lemma in LEAD_VERBS:
            out += _lead(ctx, sent, v)
        elif lemma in ACQUIRE_VERBS or lemma in ("pick", "snap") and \
                any(c.dep_ == "prt" and c.lower_ == "up" for c in v.children):
            out += _subject_object(ctx, sent, v, "ACQUIRED", "acquire")      # "it picked up X"
        elif lemma in PARTNER_VERBS:
            out += _partner(ctx, sent, v)
        elif lemma in LOCATE_VERBS:
            out += _located_by_verb(ctx, sent, v)
        elif lemma in ("gather", "meet", "convene", "assemble") and ctx.pobj(v, ("for",)):
            # "Delegates gathered in Cape Town, South Africa, for the fourth Global Freelance Assembly"
            events = [a for p in ctx.pobj(v, ("for",)) for a in ctx.args(p) if a[0].type == schema.EVENT]
            places = [a for p in ctx.pobj(v, ("in",)) for a in ctx.args(p) if a[0].type == schema.PLACE]
            places += _place_appositions(ctx, places)
            out += [c for e, ce, ei in events for p, cp, pi in places
                    for c in _cand(ctx, sent, e, "LOCATED_IN", p, 0.7 * min(ce, cp), (ei, v.i, pi), "gathered-in")]
        elif lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in v.children):
            # "its annual conference, FreeCon 2025, will take place in Montreal, Quebec"
            places = [a for p in ctx.pobj(v, ("in",)) for a in ctx.args(p) if a[0].type == schema.PLACE]
            places += _place_appositions(ctx, places)
            out += [c for e, ce, ei in ctx.subjects(v) if e.type == schema.EVENT for p, cp, pi in places
                    for c in _cand(ctx, sent, e, "LOCATED_IN", p, 0.75 * min(ce, cp), (ei, v.i, pi), "takes-place")]
        elif lemma in ("hold", "stage") and ctx.is_passive(v):
            # "Freelance Days, held in Seville": only an event is held somewhere
            out += [c for c in _located_by_verb(ctx, sent, v) if c.subject.type == schema.EVENT]
        elif lemma in AFFILIATE_VERBS:
            out += _subject_object(ctx, sent, v, "AFFILIATED_WITH", "affiliate")
        elif lemma == "join":
            out += _join(ctx, sent, v)
        elif lemma in ("leave", "quit") and not ctx.is_passive(v) and ctx.child(v, "dobj") is not None:
            for s_, cs, si in ctx.subjects(v):
                for o, co, oi in ctx.args(ctx.child(v, "dobj")):
                    if s_.type == schema.PERSON:
                        out += _cand(ctx, sent, s_, "WORKS_FOR", o, 0.7 * min(cs, co), (si, v.i, oi), "left",
                                     "former employee")
        elif lemma == "spend" and not ctx.is_passive(v):
            orgs = [a for p in ctx.pobj(v, ("at", "with")) for a in ctx.args(p)]
            orgs += [a for q in ctx.pobj(v, ("in", "on")) for p in ctx.pobj(q, ("at", "with"))
                     for a in ctx.args(p)]        # "spent seven years in corporate finance at X"
            for s_, cs, si in ctx.subjects(v):
                for o, co, oi in orgs:
                    if s_.type == schema.PERSON:
                        out += _cand(ctx, sent, s_, "WORKS_FOR", o, 0.7 * min(cs, co), (si, v.i, oi), "spent-at")
        elif lemma in ("work", "team") and any(c.lower_ == "together" for c in v.children) and \
                not ctx.is_passive(v):
            # "the two companies have worked together on the launch of X": partners, and makers of X
            subs = [a for a in ctx.subjects(v) if a[0].type in _ORGISH]
            for k, (a, ca, ai) in enumerate(subs):
                for b, cb, bi in subs[k + 1:]:
                    out += _cand(ctx, sent, a, "PARTNERS_WITH", b, 0.7 * min(ca, cb), (ai, v.i, bi), "worked-together")
            for launch in ctx.pobj(v, ("in", "on")):
                if launch.lemma_.lower() in ("launch", "creation", "development"):
                    makers = {x[0].index for x in subs}
                    named = [p for p in ctx.pobj(launch, ("of",)) if ctx.r.entity_at(p.i) is not None]
                    for made, cm, mi in [a for p in named for a in ctx.args(p) if a[0].index not in makers]:
                        for a, ca, ai in subs:
                            out += _cand(ctx, sent, a, "FOUNDED", made, 0.65 * min(ca, cm), (ai, v.i, mi),
                                         "launched-together")
        elif lemma in ("work", "serve") and not ctx.is_passive(v):
            for s_, cs, si in ctx.subjects(v):       # "The hub is also working with Cleveland State University"
                if s_.type in _ORGISH and not any(c.lower_ == "together" for c in v.children):
                    for o, co, oi in [a for p in ctx.pobj(v, ("with",)) for a in ctx.args(p)]:
                        if o.type in _ORGISH:
                            out += _cand(ctx, sent, s_, "PARTNERS_WITH", o, 0.7 * min(cs, co), (si, v.i, oi),
                                         "works-with")
            orgs = [a for p in ctx.pobj(v, ("at", "for")) for a in ctx.args(p)]
            orgs += [a for q in ctx.pobj(v, ("in", "on")) for p in ctx.pobj(q, ("at", "for"))
                     for a in ctx.args(p)]        # "worked in partnerships at Malt"
            for s_, cs, si in ctx.subjects(v):
                for o, co, oi in orgs:
                    if s_.type == schema.PERSON:
                        out += _cand(ctx, sent, s_, "WORKS_FOR", o, 0.75 * min(cs, co), (si, v.i, oi), "work-at")
        elif lemma == "sell" and not ctx.hedged(v):
            # "The site was sold to X", "A sold B to C": the buyer acquired it
            sold = ctx.passive_objects(v) if ctx.is_passive(v) else \
                [a for d in (ctx.child(v, "dobj"),) if d is not None for a in ctx.args(d)]
            for buyer, cb, bi in [a for p in ctx.pobj(v, ("to",)) for a in ctx.args(p)]:
                for thing, ct, ti in sold:
                    out += _cand(ctx, sent, buyer, "ACQUIRED", thing, 0.75 * min(cb, ct), (bi, v.i, ti), "sold-to")
        elif lemma == "hold" and not ctx.is_passive(v) and ctx.child(v, "dobj") is not None and \
                ctx.child(v, "dobj").lemma_.lower() in ("role", "position", "post", "job", "seat"):
            # "She previously held commercial roles at Unilever"
            d = ctx.child(v, "dobj")
            for s_, cs, si in ctx.subjects(v):
                for o, co, oi in [a for p in ctx.pobj(v, ("at", "with")) + ctx.pobj(d, ("at", "with"))
                                  for a in ctx.args(p)]:
                    if s_.type == schema.PERSON and o.type in _ORGISH:
                        out += _cand(ctx, sent, s_, "WORKS_FOR", o, 0.7 * min(cs, co), (si, v.i, oi), "held-role")
        elif lemma in ("fold", "merge", "absorb") and ctx.is_passive(v) and ctx.pobj(v, ("into",)):
            # "Codeharbor will be folded into Brieflane": the absorber acquires it
            for buyer, cb, bi in [a for p in ctx.pobj(v, ("into",)) for a in ctx.args(p)]:
                for s_, cs, si in ctx.passive_objects(v):
                    out += _cand(ctx, sent, buyer, "ACQUIRED", s_, 0.7 * min(cs, cb), (si, v.i, bi), "merged-into")
        elif lemma in ("accept", "admit", "select") and ctx.is_passive(v):
            # "In 2022 we were accepted into Foundry North, the Manchester accelerator"
            for prog, cp, pi in [a for p in ctx.pobj(v, ("into", "to", "for")) for a in ctx.args(p)]:
                if prog.type in (schema.ORGANIZATION, schema.EVENT):
                    for s_, cs, si in ctx.passive_objects(v):
                        out += _cand(ctx, sent, s_, "PARTICIPATED_IN", prog, 0.7 * min(cs, cp), (si, v.i, pi),
                                     "accepted-into")
        elif lemma in ("name", "appoint", "elect") and ctx.is_passive(v) and ctx.pobj(v, ("to",)):
            # "A has been named to the advisory board of Hatch Hub"
            for board in ctx.pobj(v, ("to",)):
                if board.lemma_.lower() in ("board", "council", "committee", "panel"):
                    for o, co, oi in [a for p in ctx.pobj(board, ("of", "at")) for a in ctx.args(p)]:
                        for s_, cs, si in ctx.passive_objects(v):
                            if s_.type == schema.PERSON and o.type == schema.ORGANIZATION:
                                out += _cand(ctx, sent, s_, "MEMBER_OF", o, 0.75 * min(cs, co), (si, v.i, oi),
                                             "named-to-board", "board member")
        elif lemma == "merge" and not ctx.is_passive(v):
            # "X merged into Y": Y absorbed X (a merger "with" is between equals: no acquirer)
            for buyer, cb, bi in [a for p in ctx.pobj(v, ("into",)) for a in ctx.args(p)]:
                for s_, cs, si in ctx.subjects(v):
                    out += _cand(ctx, sent, buyer, "ACQUIRED", s_, 0.75 * min(cs, cb), (si, v.i, bi), "merged-into")
        if lemma in ("replace", "succeed") and not ctx.is_passive(v):
            out += _succeeds(ctx, sent, v)
        if lemma in ("include", "feature") and not ctx.is_passive(v) and ctx.child(v, "nsubj") is not None \
                and _is_funding_noun(ctx.child(v, "nsubj")) and ctx.child(v, "dobj") is not None:
            target = _funding_owner(ctx, ctx.child(v, "nsubj"))     # "The round also included A and B"
            out += [c for f, cf, fi in ctx.args(ctx.child(v, "dobj")) if target is not None
                    for c in _cand(ctx, sent, f, "FUNDS", target, 0.65 * cf, (fi, v.i), "round-included")]
        if lemma in ("include", "comprise") and not ctx.is_passive(v) and ctx.child(v, "nsubj") is not None \
                and _singular(ctx.child(v, "nsubj")) in INVEST_ROLES | {"shareholder"}:
            out += _investors_include(ctx, sent, v, ctx.child(v, "nsubj"))
        if lemma == "count" and not ctx.is_passive(v):
            # "X counts A and B among its investors" ("among" may hang on the last of the list)
            d = ctx.child(v, "dobj")
            amongs = ctx.pobj(v, ("among",)) or \
                [p for x in ([d, *d.conjuncts] if d is not None else []) for p in ctx.pobj(x, ("among",))]
            for p in amongs:
                pred = "FUNDS" if p.lemma_.lower() in INVEST_ROLES else \
                    "MEMBER_OF" if p.lemma_.lower() in ("member", "affiliate") else None
                if pred is not None and d is not None:
                    # "... that counts Upwork and Etsy among its members"
                    out += [c for f, cf, fi in ctx.args(d) for r, cr, ri in ctx.subjects(v)
                            for c in _cand(ctx, sent, f, pred, r, 0.75 * min(cf, cr), (fi, v.i, ri), "counts-among")]
        if lemma in ("include", "comprise") and not ctx.is_passive(v) or \
                lemma == "be" and v.pos_ == "AUX" and v.dep_ == "ROOT":
            out += _members_include(ctx, sent, v)
        if lemma == "be" and v.dep_ == "ROOT":
            out += _backers_are(ctx, sent, v)
        if (lemma == "unite" or lemma == "bring" and any(c.lower_ == "together" for c in v.children)) \
                and not ctx.is_passive(v):
            out += _brings_together(ctx, sent, v)
        if lemma in ATTEND_VERBS and lemma != "join":
            out += _attend(ctx, sent, v)
    return out


def _singular(tok) -> str:
    """Lower-case lemma, also of a capitalised plural the tagger took for a name ("Investors")."""
    lemma = tok.lemma_.lower()
    return lemma[:-1] if tok.pos_ == "PROPN" and lemma.endswith("s") and not lemma.endswith("ss") else lemma


def _backers_are(ctx, sent, v):
    """"Among the investors are A and B", "Headline sponsors for 2025 are A and B": a list of backers
    of the round just described, or of the event the sentence or the article names."""
    subj = ctx.child(v, "nsubj")
    among = [p for p in ctx.pobj(v, ("among",)) if _singular(p) in INVEST_ROLES or p.lower_ == "them"]
    if among:
        backers = [a for c in v.children if c.dep_ in ("nsubj", "attr") for a in ctx.args(c)]
        target = ctx.funding_target
    elif subj is not None and _singular(subj) in INVEST_ROLES and ctx.child(v, "attr") is not None:
        backers = ctx.args(ctx.child(v, "attr"))
        owners = [e for c in subj.children if c.dep_ == "poss" for e, _ in (ctx.entity(c),) if e is not None]
        owners += [e for p in ctx.pobj(subj, ("of", "for", "in")) for e, _ in (ctx.entity(p),) if e is not None]
        if owners:
            target = owners[0]
        elif _singular(subj) == "sponsor":
            target = _event_for(ctx, sent, v.i)[0]
        else:
            target = ctx.funding_target or _topic_org(ctx, v.i)
    else:
        return []
    if target is None:
        return []
    return [c for f, cf, fi in backers if f.index != target.index
            for c in _cand(ctx, sent, f, "FUNDS", target, 0.65 * cf, (fi, v.i), "backers-are")]


def _investors_include(ctx, sent, v, subj):
    """"Investors in the round include A, B and C", "Its backers include A", "X's investors include A"."""
    owner = None
    for c in subj.children:
        if c.dep_ == "poss":
            owner, _ = ctx.entity(c)
    for p in ctx.pobj(subj, ("in", "of")):
        if owner is None:
            owner = _funding_owner(ctx, p) if _is_funding_noun(p) else ctx.entity(p)[0]
    if owner is None:
        owner = ctx.funding_target or _topic_org(ctx, v.i)
    d = ctx.child(v, "dobj")
    if owner is None or d is None:
        return []
    return [c for f, cf, fi in ctx.args(d) if f.index != owner.index
            for c in _cand(ctx, sent, f, "FUNDS", owner, 0.7 * cf, (fi, v.i), "investors-include")]


def _fronted_participle(ctx, v, subs, objs):
    """"Founded in 2016 by A and B, Gigbridge connects ...": the parser often lists Gigbridge
    with A and B. The name right after the clause's comma is what the participle is about."""
    if v.dep_ not in ("advcl", "csubj") or v.i > v.head.i:
        return subs, objs           # ("Founded in 2017 by A and B, X lets ..." is sometimes parsed as a csubj)
    commas = [t.i for t in ctx.doc[v.i:v.head.i] if t.text == ","]
    if not commas:
        return subs, objs
    boundary = commas[-1]
    after = ctx.r.entity_at(boundary + 1)
    if after is None and boundary + 2 < len(ctx.doc) and ctx.doc[boundary + 1].lower_ in ("the", "this"):
        noun = ctx.doc[boundary + 2]        # "Founded in 2021 by A and B, the startup ..."
        if noun.lemma_.lower() in _DESCRIPTIVE and noun.dep_ in ("nsubj", "nsubjpass"):
            after, _ = ctx.entity(noun)
            if after is not None:
                subs = [a for a in subs if a[2] < boundary and a[0].index != after.index]
                return subs, [(after, 0.8, noun.i)]
    if after is None:
        return subs, objs
    subs = [a for a in subs if a[2] < boundary]
    if not any(o[0].index == after.index for o in objs):
        objs = [(after, 0.9, boundary + 1)] + [o for o in objs if o[2] > boundary]
    return subs, objs


def _subject_object(ctx, sent, v, pred, rule):
    if ctx.is_passive(v):
        subs, objs = ctx.agents(v), ctx.passive_objects(v)
        subs, objs = _fronted_participle(ctx, v, subs, objs)
    else:
        subs = ctx.subjects(v)
        objs = [a for o in (ctx.child(v, "dobj"),) if o is not None for a in ctx.args(o)]
        if not objs:        # "has acquired Benchly, an online marketplace": the brand parsed as an adverb
            objs = [a for c in v.children if c.dep_ == "advmod" and c.i == v.i + 1
                    and ctx.r.entity_at(c.i) is not None for a in ctx.args(c)]
        if pred == "FOUNDED" and any(x[0].type == schema.PERSON for x in subs):
            # "A co-founded the company with his sister B": B is a founder too
            subs = subs + [a for p in ctx.pobj(v, ("with",)) for a in ctx.args(p) if a[0].type == schema.PERSON]
    if pred in ("FUNDS", "FOUNDED"):
        # "It also backed X alongside General Catalyst", "organised by A together with B"
        kind = {x[0].type for x in subs} or {schema.PERSON, *_ORGISH}
        subs = subs + [a for p in ctx.pobj(v, ("alongside",)) for a in ctx.args(p) if a[0].type in kind]
        if any(c.lower_ == "together" for c in v.children) or any(
                c.lower_ == "together" for a in v.children if a.dep_ == "agent" or a.dep_ == "prep" and
                a.lower_ == "with" for c in a.children):
            subs = subs + [a for p in ctx.pobj(v, ("with",)) for a in ctx.args(p) if a[0].type in kind]
        for agent in [c for c in v.children if c.dep_ == "agent"]:
            for q in [p for p in agent.children if p.dep_ == "pobj"]:
                for adv in [c for c in q.children if c.lower_ == "together"]:
                    subs = subs + [a for p in ctx.pobj(adv, ("with",)) for a in ctx.args(p) if a[0].type in kind]
    out = []
    for s, cs, si in subs:
        for o, co, oi in objs:
            out += _cand(ctx, sent, s, pred, o, _BASE * min(cs, co), (si, v.i, oi), rule)
    return out


def _invest(ctx, sent, v):
    subs = ctx.subjects(v)
    pobjs = ctx.pobj(v, ("in", "into"))
    objs = [a for p in pobjs for a in ctx.args(p)]
    conf = _BASE
    if not objs and any(_is_funding_noun(p) and p.dep_ == "pobj" for p in pobjs):
        # "Tiger Global invested in its Series C": whose round
        owner = _funding_owner(ctx, next(p for p in pobjs if _is_funding_noun(p)), {x[0].index for x in subs})
        if owner is not None:
            objs, conf = [(owner, 0.9, pobjs[0].i)], 0.75
    if not objs and ctx.funding_target is not None:     # "Angels X and Y have invested too"
        objs, conf = [(ctx.funding_target, 0.7, v.i)], 0.6
    return [c for s, cs, si in subs for o, co, oi in objs
            for c in _cand(ctx, sent, s, "FUNDS", o, conf * min(cs, co), (si, v.i, oi), "invest")]


def _raise(ctx, sent, v):
    """"X raised $N from A, B and C": A, B, C fund X (and X becomes the funding target)."""
    recipients = ctx.passive_objects(v) if ctx.is_passive(v) else ctx.subjects(v)
    if ctx.is_passive(v) and not recipients:
        recipients = []
    for r, _, _ in recipients[:1]:
        ctx.funding_target = r
    funders = [a for p in ctx.pobj(v, ("from",)) for a in ctx.args(p)]
    for c in v.children:              # "has raised $45 million, most of it from A and from B"
        if c.dep_ in ("npadvmod", "dobj", "advmod", "conj", "appos") and c.lower_ in ("most", "much", "all", "part",
                                                                                     "half", "some"):
            funders += [a for p in ctx.pobj(c, ("from",)) for a in ctx.args(p)]
    for c in v.children:              # "in funding from A and B"
        if c.dep_ == "prep" and c.lower_ == "in":
            for n in c.children:
                if n.dep_ == "pobj" and n.lemma_.lower() in FUNDING_NOUNS:
                    funders += [a for p in ctx.pobj(n, ("from",)) for a in ctx.args(p)]
    dobj = ctx.child(v, "dobj")
    heads = [v] + ([dobj] if dobj is not None else [])
    heads += [c for h in list(heads) for c in h.children if c.dep_ in ("advcl", "acl") and c.lemma_ == "lead"]
    for head in heads:
        if head is dobj:
            funders += [a for p in ctx.pobj(dobj, ("from",)) for a in ctx.args(p)]
        for part in ctx.pobj(head, ("with",)):          # "with participation from A and B"
            if part.lemma_.lower() in ("participation", "backing", "support", "investment"):
                funders += [a for q in ctx.pobj(part, ("from", "by")) for a in ctx.args(q)]
    return [c for r, cr, ri in recipients for f, cf, fi in funders
            for c in _cand(ctx, sent, f, "FUNDS", r, _BASE * min(cr, cf), (ri, v.i, fi), "raise")]


def _lead(ctx, sent, v):
    if ctx.is_passive(v):
        leaders, things = ctx.agents(v), ctx.passive_objects(v)
    else:
        leaders = ctx.subjects(v)
        d = ctx.child(v, "dobj")
        things = ctx.args(d) if d is not None else []
        if d is not None and _is_funding_noun(d):
            named = [e for p in ctx.pobj(d, ("in", "for", "of")) for e, _ in (ctx.entity(p),) if e is not None
                     and e.type in _ORGISH]
            target = named[0] if named else _funding_owner(ctx, d, {x[0].index for x in leaders})
            if target is None:
                return []
            ctx.funding_target = target
            backers = leaders + [a for p in ctx.pobj(v, ("alongside", "with")) + ctx.pobj(d, ("alongside", "with"))
                                 for a in ctx.args(p)]
            backers += [a for p in ctx.pobj(v, ("with",)) + ctx.pobj(d, ("with",))    # "with participation from C"
                        if p.lemma_.lower() in ("participation", "backing", "support")
                        for q in ctx.pobj(p, ("from", "by")) for a in ctx.args(q)]
            return [c for s, cs, si in backers
                    for c in _cand(ctx, sent, s, "FUNDS", target, 0.7 * cs, (si, v.i), "lead-round")]
    # "the round was led by X" / "a Series B round led by X": a funding round, not an organisation, is led
    subj = ctx.child(v, "nsubjpass")
    if subj is not None and subj.lemma_.lower() == "board" and ctx.is_passive(v) and ctx.r.entity_at(subj.i) is None:
        owner = next((e for c in subj.children if c.dep_ == "poss" for e, _ in (ctx.entity(c),) if e is not None),
                     None) or next((e for p in ctx.pobj(subj, ("of",)) for e, _ in (ctx.entity(p),) if e is not None),
                                   None) or _topic_org(ctx, v.i)
        # "The board is chaired by A": A chairs the company the article is about
        return [c for s, cs, si in leaders if owner is not None and s.type == schema.PERSON
                for c in _cand(ctx, sent, s, "LEADS", owner, 0.7 * cs, (si, v.i), "board-chair", "chair")]
    if subj is None and v.dep_ == "acl" and _is_funding_noun(v.head):
        subj = v.head           # "a seed round led by X", "a $14 million Series A led by X"
    if subj is not None and subj.lower_ in ("which", "that") and v.dep_ == "relcl":
        subj = v.head           # "Gigloop's Series B, which was led by A and B"
    if subj is None and ctx.is_passive(v) and v.dep_ in ("advcl", "conj") and \
            v.head.lemma_.lower() in RAISE_VERBS | {"raise"} and _about_money(v.head):
        # "X took a $4m seed round from A and a $15m Series A, led by B": B funds X
        return [c for s, cs, si in ctx.agents(v) for r, cr, ri in ctx.subjects(v.head)
                for c in _cand(ctx, sent, s, "FUNDS", r, 0.7 * min(cs, cr), (si, v.i, ri), "lead-round")]
    if subj is not None and subj.lemma_.lower() in FUNDING_NOUNS and ctx.is_passive(v) and not leaders:
        leaders = ctx.agents(v)
    if subj is not None and (subj.lemma_.lower() in FUNDING_NOUNS or subj.tag_ == "$" or
                             any(t.lemma_.lower() in FUNDING_NOUNS for t in subj.subtree)):
        target = _funding_owner(ctx, subj)
        extra = [a for p in ctx.pobj(v, ("with",)) for c in [p]
                 for q in ctx.pobj(c, ("from",)) for a in ctx.args(q)]
        extra += [a for p in ctx.pobj(v, ("with", "alongside")) for a in ctx.args(p)]
        extra += [a for p in ctx.pobj(v, ("with",)) if p.dep_ == "pcomp"      # "with A and B coming in"
                  for n in p.children if n.dep_ == "nsubj" for a in ctx.args(n)]
        return [c for s, cs, si in leaders + extra if target is not None
                for c in _cand(ctx, sent, s, "FUNDS", target, 0.65 * cs, (si, v.i), "lead-round")]
    out = []
    for s, cs, si in leaders:
        for o, co, oi in things:
            if s.type in _ORGISH and o.type in _ORGISH and v.lemma_.lower() in ("run", "operate", "manage"):
                # "It is run by Lakeside Works, a nonprofit": the hub is the nonprofit's
                out += _cand(ctx, sent, s, "AFFILIATED_WITH", o, 0.7 * min(cs, co), (si, v.i, oi), "run-by")
                continue
            out += _cand(ctx, sent, s, "LEADS", o, _BASE * min(cs, co), (si, v.i, oi), "lead")
    d = ctx.child(v, "dobj")
    if not things and not ctx.is_passive(v) and d is not None and d.lemma_.lower() in ("board", "council", "committee"):
        # "currently chairs the board of the Norwegian fintech Kronfeldt": leads it as chair
        owners = [a for p in ctx.pobj(d, ("of", "at")) for a in ctx.args(p)]
        owners += [(e, ce, c.i) for c in d.children if c.dep_ == "poss" for e, ce in (ctx.entity(c),) if e is not None]
        return [c for s, cs, si in leaders if s.type == schema.PERSON for o, co, oi in owners
                for c in _cand(ctx, sent, s, "LEADS", o, 0.75 * min(cs, co), (si, v.i, oi), "chairs-board",
                               "chair of the board")]
    if not things and not ctx.is_passive(v) and ctx.child(v, "dobj") is not None:
        # "previously led engineering at X", "runs operations at X", "now runs X's data team":
        # a team there, not X itself
        d = ctx.child(v, "dobj")
        owners = [(e, ce, c.i) for c in d.children if c.dep_ == "poss" for e, ce in (ctx.entity(c),)
                  if e is not None]
        for s, cs, si in leaders:
            for o, co, oi in [a for p in ctx.pobj(v, ("at",)) for a in ctx.args(p)] + owners:
                if s.type == schema.PERSON and o.type in _ORGISH:
                    out += _cand(ctx, sent, s, "WORKS_FOR", o, 0.7 * min(cs, co), (si, v.i, oi), "lead-team-at")
    return out


def _is_funding_noun(tok) -> bool:
    """"round", "funding", and "Series B" (parsed as "B" with the compound "Series")."""
    return tok.lemma_.lower() in FUNDING_NOUNS or \
        any(c.dep_ == "compound" and c.lemma_.lower() in FUNDING_NOUNS for c in tok.children)


def _funding_owner(ctx, noun, funders=()):
    """Whose round: "their round" / "Gigster's round" / the document's last fund-raiser.
    ``funders`` (entity indexes) lead or join the round, so "its" cannot mean them: "Sequoia led
    its Series B" is the round of the company the text is about."""
    for t in noun.subtree:
        if t.dep_ == "poss" and not any(a.dep_ in ("acl", "relcl", "agent") and a.i > noun.i
                                        for a in t.ancestors if a.i != noun.i and noun in a.ancestors):
            e, _ = ctx.entity(t)        # "Gigster's round" (not "a round led by Berlin's Kestrel")
            if e is not None and e.type == schema.PLACE:
                continue
            if e is not None and t.pos_ == "PRON" and (e.index in funders or e.type == schema.FUNDER):
                start = noun.sent.start
                e = ctx.funding_target or (ctx.r._salient(start - 1, (schema.PLATFORM, schema.ORGANIZATION))
                                           if start > 0 else None)
                return e if e is not None and e.index not in funders else None
            if e is not None:
                return e
    return ctx.funding_target or _topic_org(ctx, noun.i)


def _org_counts(ctx, i, types) -> Counter:
    """How often each entity of ``types`` is named before the sentence of token ``i``
    (cached per sentence: rules ask this many times)."""
    key = (ctx.doc[i].sent.start, types)
    cache = ctx.org_counts
    if key not in cache:
        cache[key] = Counter(m.entity for m in ctx.r.before(ctx.doc[i].sent.start, window=10 ** 9)
                             if ctx.r.entities[m.entity].type in types)
    return cache[key]


_QUOTES = {'"', "“", "”"}


def _narrator(ctx, tok):
    """Who "I" is outside quotation marks: the person a first-person post names itself as ("My
    name is A", "I'm A") or, in a Q&A (questions on lines of their own), the person named first.
    Inside quotes (a speaker's own words) and in ordinary reports: nobody."""
    line_start = tok.i
    while line_start > 0 and "\n" not in ctx.doc[line_start - 1].text:
        line_start -= 1
    if sum(ctx.doc[k].text in _QUOTES for k in range(line_start, tok.i)) % 2:
        return None
    if "fkg_narrator" not in ctx.doc.user_data:
        ctx.doc.user_data["fkg_narrator"] = _find_narrator(ctx)
    index = ctx.doc.user_data["fkg_narrator"]
    return ctx.r.entities[index] if index is not None else None


def _find_narrator(ctx):
    doc = ctx.doc
    for t in doc:
        if t.lower_ == "name" and t.i > 0 and doc[t.i - 1].lower_ == "my" and t.head.lemma_ == "be" \
                or t.lower_ in ("'m", "am") and t.i > 0 and doc[t.i - 1].lower_ == "i":
            be = t.head if t.lower_ == "name" else t
            for c in list(be.children) + [be.head]:
                e = ctx.r.entity_at(c.i)
                if e is not None and e.type == schema.PERSON and c.i > t.i:
                    return e.index
    text = doc.text
    questions = re.findall(r"(?m)^[^\n\"“”]{3,120}\?[ \t]*$", text)
    if len(questions) >= 2:
        people = [m for m in ctx.r.mentions if m.entity >= 0
                  and ctx.r.entities[m.entity].type == schema.PERSON]
        if people:
            return people[0].entity
    return None


def _top_funder(ctx, i):
    """The funder named most often before token ``i`` (None on a tie or when none is named)."""
    ranked = _org_counts(ctx, i, (schema.FUNDER,)).most_common(2)
    if not ranked or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ctx.r.entities[ranked[0][0]]


def _topic_org(ctx, i):
    """The organisation the article is about, before token ``i``: named at least twice and more
    often than any other organisation or platform (None on a tie)."""
    counts = _org_counts(ctx, i, (schema.PLATFORM, schema.ORGANIZATION))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ctx.r.entities[ranked[0][0]]


def _partner(ctx, sent, v):
    subs = ctx.subjects(v)
    objs = [a for p in ctx.pobj(v, ("with",)) for a in ctx.args(p)]
    if not objs:
        up = [c for c in v.children if c.dep_ == "prt"]
        for u in up:
            objs += [a for p in ctx.pobj(u, ("with",)) for a in ctx.args(p)]
    if not objs and len(subs) >= 2:         # "A and B have teamed up to ...": with each other
        return [c for k, (a, ca, ai) in enumerate(subs) for b, cb, bi in subs[k + 1:]
                for c in _cand(ctx, sent, a, "PARTNERS_WITH", b, 0.75 * min(ca, cb), (ai, v.i, bi), "partner")]
    return [c for s, cs, si in subs for o, co, oi in objs
            for c in _cand(ctx, sent, s, "PARTNERS_WITH", o, _BASE * min(cs, co), (si, v.i, oi), "partner")]


def _attend(ctx, sent, v):
    lemma = v.lemma_.lower()
    if lemma == "take" and not any(c.lower_ == "part" for c in v.children):
        return []
    subs = ctx.subjects(v) if not ctx.is_passive(v) else ctx.agents(v)
    if lemma == "attend":
        objs = ctx.args(ctx.child(v, "dobj")) if ctx.child(v, "dobj") is not None else []
    else:
        objs = [a for p in ctx.pobj(v, ("at", "in", "on")) for a in ctx.args(p)]
    if lemma in ("participate", "take") and ctx.funding_target is not None:
        # "A and B also took part, alongside angel investor C": C is in the round too
        subs = subs + [a for p in ctx.pobj(v, ("alongside",)) for a in ctx.args(p)]
    if lemma in ("participate", "take") and ctx.funding_target is not None and (
            not objs or any(t.lemma_.lower() in FUNDING_NOUNS for t in sent)):
        # "In addition to A, B and C also participated": everyone named before the verb is in
        seen = {x[0].index for x in subs}
        for m in _mention_spans(ctx, sent):
            e = ctx.r.entities[m.entity]
            if m.start < v.i and e.index not in seen and e.index != ctx.funding_target.index and \
                    e.type in (schema.PERSON, schema.FUNDER):
                subs.append((e, 0.8, m.start))
                seen.add(e.index)
        return [c for s, cs, si in subs
                for c in _cand(ctx, sent, s, "FUNDS", ctx.funding_target, 0.6 * cs, (si, v.i), "participate-round")]
    objs = [o for o in objs if o[0].type in (schema.EVENT, schema.ORGANIZATION)]
    return [c for s, cs, si in subs for o, co, oi in objs
            for c in _cand(ctx, sent, s, "PARTICIPATED_IN", o, 0.8 * min(cs, co), (si, v.i, oi), "attend")]


def _members_include(ctx, sent, v):
    """"The coalition's members include A, B and C" / "X, whose members include A"."""
    subj = ctx.child(v, "nsubj")
    if subj is None or subj.lemma_.lower() not in ("member", "membership", "affiliate", "signatory"):
        return []
    owners = []
    for c in subj.children:
        if c.dep_ == "poss":
            if c.lower_ == "whose" and v.dep_ == "relcl":
                e, conf = ctx.entity(v.head)
                if e is not None:
                    owners.append((e, conf, v.head.i))
            else:
                e, conf = ctx.entity(c)
                if e is not None:
                    owners.append((e, conf, c.i))
    owners += [a for p in ctx.pobj(subj, ("of",)) for a in ctx.args(p)]
    if not owners and not any(c.dep_ == "poss" for c in subj.children):
        # "Members so far include A and B": the membership body named in the sentence before
        prev = ctx.doc[sent.start - 1].sent if sent.start > 0 else None
        bodies = [ctx.r.entities[m.entity] for m in (_mention_spans(ctx, prev) if prev is not None else [])
                  if _is_membership_body(ctx.r.entities[m.entity])
                  and ctx.r.entities[m.entity].type == schema.ORGANIZATION]
        if len({b.index for b in bodies}) >= 1:
            owners = [(bodies[0], 0.8, v.i)]
    members = [a for d in (ctx.child(v, "attr" if v.lemma_ == "be" else "dobj"),) if d is not None
               for a in ctx.args(d)]
    founding = any(c.dep_ in ("amod", "compound") and c.lower_ in ("founding", "founder") for c in subj.children)
    out = []
    for o, co, oi in owners:
        for m, cm, mi in members:
            out += _cand(ctx, sent, m, "MEMBER_OF", o, 0.8 * min(co, cm), (mi, v.i, oi), "members-include")
            if founding:        # "the coalition's founding members are A and B"
                out += _cand(ctx, sent, m, "FOUNDED", o, 0.75 * min(co, cm), (mi, v.i, oi), "founding-members")
    return out


def _succeeds(ctx, sent, v):
    """"She replaces / succeeds A" in or up to two sentences after one that names a leading role: A held that
    role before, at the organisation the article is about ("... has hired B as chief executive.
    She replaces A, who co-founded the company")."""
    d = ctx.child(v, "dobj")
    if d is None or not any(a[0].type == schema.PERSON for a in ctx.subjects(v)):
        return []
    window = [sent]
    while len(window) < 3 and window[-1].start > 0:      # this sentence and the two before
        window.append(ctx.doc[window[-1].start - 1].sent)
    role = None
    for s_ in window:
        found = [r for p, r in role_predicates(list(s_)) if p == "LEADS" and r.lower() != "head"]
        if found:
            role = found[0]
            break
    org = _topic_org(ctx, v.i)
    if role is None or org is None:
        return []
    return [c for p, cp, pi in ctx.args(d) if p.type == schema.PERSON
            for c in _cand(ctx, sent, p, "LEADS", org, 0.65 * cp, (pi, v.i), "succeeds", "former " + role)]


def _brings_together(ctx, sent, v):
    """"The coalition brings together A, B and C" / "X unites A and B": members of a body."""
    bodies = [a for a in ctx.subjects(v) if a[0].type == schema.ORGANIZATION and _is_membership_body(a[0])]
    members = [a for d in (ctx.child(v, "dobj"),) if d is not None for a in ctx.args(d)]
    return [c for b, cb, bi in bodies for m, cm, mi in members if m.type != schema.PLACE
            for c in _cand(ctx, sent, m, "MEMBER_OF", b, 0.75 * min(cb, cm), (mi, v.i, bi), "brings-together")]


def _join(ctx, sent, v):
    if ctx.is_passive(v):
        subs, objs = ctx.agents(v), ctx.passive_objects(v)
        us = ctx.child(v, "nsubjpass")
        if ctx.funding_target is not None and us is not None and (
                us.lower_ in ("we", "us") or objs and all(o[0].type == schema.FUNDER for o in objs)):
            # "We're joined by A and B" in an investor's post about a round: co-investors
            return [c for f, cf, fi in subs if f.index != ctx.funding_target.index
                    for c in _cand(ctx, sent, f, "FUNDS", ctx.funding_target, 0.6 * cf, (fi, v.i), "joined-by")]
    else:
        subs = ctx.subjects(v)
        d = ctx.child(v, "dobj")
        objs = ctx.args(d) if d is not None else []
        if d is not None and not objs and d.lemma_.lower() in ("board", "team", "staff", "council", "committee"):
            orgs = [a for p in ctx.pobj(d, ("of", "at")) for a in ctx.args(p)]
            pred = "MEMBER_OF" if d.lemma_.lower() in ("board", "council", "committee") else "WORKS_FOR"
            role = "board member" if d.lemma_.lower() == "board" else None
            return [c for s_, cs, si in subs for o, co, oi in orgs if s_.type == schema.PERSON
                    for c in _cand(ctx, sent, s_, pred, o, 0.75 * min(cs, co), (si, v.i, oi), "join-board", role)]
    out = []
    subj = ctx.child(v, "nsubj")
    if not objs and not ctx.is_passive(v) and ctx.funding_target is not None and subj is not None and \
            subj.lemma_.lower() in _INVESTOR_NOUNS | _COLLECTIVES | {"handful"}:
        # "A handful of angels joined too, including A and B": into the round just described
        backers = [a for p in ctx.pobj(v, ("including",)) + ctx.pobj(subj, ("including",)) for a in ctx.args(p)]
        backers += [a for a in subs if a not in backers]
        return [c for f, cf, fi in backers
                for c in _cand(ctx, sent, f, "FUNDS", ctx.funding_target, 0.6 * cf, (fi, v.i), "joined-round")]
    if not ctx.is_passive(v):
        # "she joins from Zalando", "who joined us from Deloitte": the previous employer
        for s_, cs, si in subs:
            for o, co, oi in [a for p in ctx.pobj(v, ("from",)) for a in ctx.args(p)]:
                if s_.type == schema.PERSON and o.type in _ORGISH:
                    out += _cand(ctx, sent, s_, "WORKS_FOR", o, 0.7 * min(cs, co), (si, v.i, oi), "join-from",
                                 "former employee")
    for s, cs, si in subs:
        for o, co, oi in objs:
            if o.type == schema.ORGANIZATION:
                pred = "MEMBER_OF"
            elif s.type == schema.PERSON:
                pred = "WORKS_FOR"
            else:
                continue            # an organisation "joins" a platform: no relation
            if pred == "MEMBER_OF" and s.type == schema.PERSON and not _is_membership_body(o):
                pred = "WORKS_FOR"      # joining a company is a job, joining a guild is membership
            out += _cand(ctx, sent, s, pred, o, 0.75 * min(cs, co), (si, v.i, oi), "join")
    return out


_BODY_WORDS = {"association", "union", "guild", "council", "coalition", "alliance", "network", "board",
               "parliament", "club", "society", "federation", "chamber", "committee", "collective",
               "community", "movement", "group", "forum", "lords", "commons", "assembly", "senate",
               "congress", "institute", "league", "consortium", "cooperative", "co-op", "accelerator",
               "incubator", "programme", "program", "cohort"}


def _is_membership_body(entity) -> bool:
    return any(w.casefold() in _BODY_WORDS for s in entity.surfaces for w in s.replace("-", " ").split())


def _located_by_verb(ctx, sent, v):
    """"based in X", "headquartered in X", "set up in London"."""
    places = [a for p in ctx.pobj(v, ("in", "out")) for a in ctx.args(p) if a[0].type == schema.PLACE]
    places += _place_appositions(ctx, places)
    if not places:
        return []
    things = ctx.passive_objects(v) if ctx.is_passive(v) or v.dep_ == "acl" else ctx.subjects(v)
    if not ctx.is_passive(v) and v.lemma_.lower() in FOUND_VERBS and ctx.child(v, "dobj") is not None:
        things = ctx.args(ctx.child(v, "dobj"))     # "which A founded in Tel Aviv": the founded thing
    if not things and v.dep_ in ("acl", "advcl", "relcl"):
        things = ctx.args(v.head)
    named = [a for p in ctx.pobj(v, ("in", "out")) for a in ctx.args(p) if a[0].type == schema.PLACE]
    if len({x[0].index for x in things}) >= 2 and len({a[0].index for a in named}) >= 2:
        if any(t.lower_ == "respectively" for t in sent) and len(things) == len(named):
            return [c for (s, cs, si), (o, co, oi) in zip(things, named)      # in order
                    for c in _cand(ctx, sent, s, "LOCATED_IN", o, _BASE * min(cs, co), (si, v.i, oi), "based-in")]
        return []       # "A and B are based in Toronto and Ottawa": which is where is not said
    things = [x for x in things if x[0].type != schema.PLACE]
    return [c for s, cs, si in things for o, co, oi in places
            for c in _cand(ctx, sent, s, "LOCATED_IN", o, _BASE * min(cs, co), (si, v.i, oi), "based-in")]


def _place_appositions(ctx, places):
    """"Braga, Portugal": the second place of "City, Country" counts too."""
    extra = []
    for p, c, i in places:
        tok = ctx.doc[i]
        for ch in tok.children:
            if ch.dep_ in ("appos", "npadvmod") or (ch.dep_ == "conj" and ch.i == i + 2 and ctx.doc[i + 1].text == ","):
                e = ctx.r.entity_at(ch.i)
                if e is not None and e.type == schema.PLACE:
                    extra.append((e, c, ch.i))
    return extra


# --- noun-phrase families: roles, appositions, "X-based", "X-backed", sister organisations -------
PARTICIPANT_ROLES = {"speaker", "panelist", "panellist", "keynote speaker", "attendee", "participant",
                     "delegate", "moderator", "exhibitor", "keynote"}
_ROLE_FAMILIES = (("FOUNDED", FOUND_ROLES), ("LEADS", LEAD_ROLES), ("MEMBER_OF", MEMBER_ROLES),
                  ("FUNDS", INVEST_ROLES), ("PARTICIPATED_IN", PARTICIPANT_ROLES),
                  ("WORKS_FOR", WORK_ROLES))
_STOP_PUNCT = {",", ";", ":", "(", ")", '"', "“", "”", "—", "–", ".", "!", "?"}
_ROLE_PREPS = {"of", "at", "for", "with", "to"}


#: words that make a leading title a second-rank post ("assistant general secretary", "vice-president")
_SECOND_RANK = {"assistant", "deputy", "vice", "associate", "regional", "country"}

#: teams a "Head of ..." leads (capitalised in bylines: "Head of Community")
_DEPARTMENTS = {"community", "growth", "product", "marketing", "sales", "engineering", "operations", "policy",
                "people", "partnerships", "design", "content", "data", "research", "finance", "communications",
                "talent", "strategy", "brand", "legal", "technology", "customer", "public", "global", "europe",
                "emea", "international", "business", "platform", "supply", "demand", "editorial", "events"}

#: words before "director" that keep it the organisation's head ("the director", "its director")
_DIRECTOR_LEFT = {"the", "a", "an", "its", "their", "his", "her", "our", "my", "former", "new", "current",
                  "founding", "and", ",", "'s", "’s", "s", "as", "interim", "acting", "sole", "is", "was"}


def role_predicates(tokens) -> list[tuple[str, str]]:
    """(predicate, role text) for the role words in ``tokens`` ("founder and chief executive")."""
    words = [t.lower_.strip(".") for t in tokens]
    lemmas = [t.lemma_.lower() if t.tag_ in ("NNS", "NNPS") else w for t, w in zip(tokens, words)]
    found, i = [], 0
    while i < len(words):
        hit = None
        for n in (3, 2, 1):
            phrase = " ".join(words[i:i + n])
            if len(words[i:i + n]) < n:
                continue
            plural = " ".join(lemmas[i:i + n])          # "former employees of X"
            bare = phrase[3:] if phrase.startswith("co-") else phrase    # "co-director" (one token)
            for pred, lexicon in _ROLE_FAMILIES:
                if phrase in lexicon or plural in lexicon or bare in lexicon:
                    hit = (pred, n)
                    break
            if hit:
                break
        if hit and phrase in ("director", "chief", "head") and i > 0 and words[i - 1] not in _DIRECTOR_LEFT \
                and tokens[i - 1].pos_ in ("NOUN", "ADJ", "PROPN"):
            hit = ("WORKS_FOR", 1)      # "policy director", "creative director": a function, not the head
        if hit and i > 0 and (words[i - 1] in _SECOND_RANK or words[i - 1] in ("-", "–") and i > 1 and
                              words[i - 2] in _SECOND_RANK):
            hit = ("WORKS_FOR", hit[1])     # "assistant general secretary", "deputy director": not the head
        if hit and hit[0] == "LEADS" and i + hit[1] + 1 < len(words) and (
                words[i + hit[1]] == "for" or words[i + hit[1]] == "of" and
                words[i + hit[1] + 1] not in ("the", "a", "an", "its", "their", "his", "her", "our") and
                (tokens[i + hit[1] + 1].is_lower or words[i + hit[1] + 1] in _DEPARTMENTS)):
            # "head of growth", "general manager for East Africa": a team or a region, not the company
            hit = ("WORKS_FOR", len(words) - i)
        if hit:
            pred, n = hit
            # "director" leads only as managing/executive director; "chief" alone is not a role
            if not (phrase == "chief" and i + 1 < len(words) and words[i + 1] not in _ROLE_PREPS):
                found.append((pred, " ".join(t.text for t in tokens[i:i + n])))
            if phrase == "founding member":
                found.append(("MEMBER_OF", "founding member"))
            i += n
        else:
            i += 1
    return found


def _role_text(tokens, former: bool) -> str:
    text = " ".join(t.text for t in tokens).replace(" - ", "-").strip(" ,")
    return ("former " + text) if former and not text.lower().startswith("former") else text


def _emit_roles(ctx, sent, person, cp, pi, org, co, oi, roles_tokens, former, rule, default=None):
    out = []
    roles = role_predicates(roles_tokens)
    if not roles and default:
        roles = [(default, "")]
    kept = [t for t in roles_tokens if t.pos_ not in ("DET", "PRON") and t.tag_ != "POS" and t.dep_ != "poss"
            and t.lower_ not in ("new", "current")]
    text = _role_text(kept, former) if kept else None
    for pred, _word in roles:
        role = text if pred in schema.ROLE_PREDICATES and text else None
        conf = 0.8 if pred != "WORKS_FOR" or roles_tokens else 0.7
        out += _cand(ctx, sent, person, pred, org, conf * min(cp, co), (pi, oi), rule, role)
    return out


def _mention_spans(ctx, sent):
    return ctx.r.in_span(sent.start, sent.end)


#: Nouns that name a body a person sits on ("Council members A and B", "Committee chair C").
_BODY_NOUNS = {"council", "committee", "board", "union", "association", "guild", "coalition", "alliance",
               "federation", "commission", "parliament", "senate", "assembly"}

#: Titles that, listed after "X CEO A and", still belong to X ("and CTO B"); an occupation does not.
_CORPORATE_TITLES = {"ceo", "cto", "coo", "cfo", "cmo", "cpo", "cio", "cro", "president", "vice", "vp", "chair",
                     "chairman", "chairwoman", "founder", "co-founder", "cofounder", "co", "-", "head",
                     "managing", "director", "partner", "svp", "evp", "chief", "executive", "officer",
                     "general", "counsel", "operating", "technology", "financial", "marketing", "product",
                     "secretary", "treasurer", "national", "coordinator", "organiser", "organizer"}


def role_rules(ctx: Context, sent) -> list[Candidate]:
    """Person-organisation roles stated around a person's name:
    "Underpinned CEO A", "A, co-founder of B", "CEO of B, A", "A of B", "A (B)", "B's A",
    "as a partner of B, he ...", "A is the CEO of B"."""
    out = []
    doc = ctx.doc
    mentions = _mention_spans(ctx, sent)
    at = {t: m for m in mentions for t in range(m.start, m.end)}
    premod: dict[int, list[Candidate]] = {}
    for m in mentions:
        person = ctx.r.entities[m.entity]
        if person.type != schema.PERSON:
            continue
        # -- left window: "[ORG] [role words] PERSON" ------------------------------------------
        window, i = [], m.start - 1
        while i >= sent.start:
            t = doc[i]
            if t.text in _STOP_PUNCT or t.i in ctx.gaps:
                break
            if t.i in at and ctx.r.entities[at[t.i].entity].type == schema.PERSON:
                break
            mistagged = t.dep_ == "compound" and t.lower_ in _CORPORATE_TITLES    # "Inovia partner A" (VBP)
            if t.pos_ in ("VERB", "AUX", "PRON", "SCONJ") and not mistagged or \
                    (t.pos_ == "ADP" and t.lower_ not in _ROLE_PREPS) \
                    or (t.pos_ == "DET" and t.i < m.start - 1 and t.lower_ != "the"):
                break
            window.insert(0, t)
            i -= 1
        if not window and m.start >= 3 and doc[m.start - 1].text == "," and \
                m.end < len(doc) and doc[m.end].text in (",", "."):
            # "TrampoJá, whose chief executive, Rafael Nogueira, told us ...": the role set off by commas
            j = m.start - 2
            while j > sent.start and doc[j].lower_ != "whose" and doc[j].is_lower and doc[j].is_alpha and \
                    m.start - j <= 5:
                j -= 1
            if doc[j].lower_ == "whose" and j < m.start - 2:
                window, i = [doc[k] for k in range(j + 1, m.start - 1)], j
        orgs = [t for t in window if t.i in at and ctx.r.entities[at[t.i].entity].type != schema.PERSON]
        cands = []
        if not orgs and window and i >= sent.start and doc[i].lower_ in ("its", "their", "whose") and \
                role_predicates(window):
            if doc[i].lower_ == "whose":            # "Spreewald Ventures, whose partner Jonas Keller"
                rel = next((a for a in doc[i].ancestors if a.dep_ == "relcl"), None)
                org, co = ctx.entity(rel.head) if rel is not None else (None, 0.0)
                if org is None or org.type == schema.PLACE:
                    # misparsed: the nearest organisation before "whose", past its "based in X"
                    back = next((at[k] for k in range(i - 1, sent.start - 1, -1) if k in at and
                                 ctx.r.entities[at[k].entity].type not in (schema.PERSON, schema.PLACE)), None)
                    org, co = (ctx.r.entities[back.entity], 0.8) if back is not None else (None, 0.0)
            else:
                org, co = ctx.r.resolve(doc[i])         # "Its partner Amara Otieno"
            if org is not None and org.type not in (schema.PERSON, schema.PLACE):
                cands = _emit_roles(ctx, sent, person, 1.0, m.start, org, co, i, window,
                                    ctx.former(window), "possessive-premodifier")
        elif not orgs and window and i >= sent.start and doc[i].lower_ in ("his", "her", "my", "our") and \
                {p for p, _ in role_predicates(window)} == {"FOUNDED"}:
            org = _topic_org(ctx, i)        # "with her co-founder Daniel Tan": of the company profiled
            if org is not None:
                cands = _emit_roles(ctx, sent, person, 1.0, m.start, org, 0.7, i, window, False,
                                    "possessive-premodifier")
        elif not orgs and window and window[0].i == _first_word(sent) and \
                {p for p, _ in role_predicates(window)} <= {"FOUNDED", "LEADS"} and role_predicates(window) and \
                _previous_subject(ctx, sent) is not None:
            org = _previous_subject(ctx, sent)      # "... has raised $6m. Founder and CEO Tolu Adeyemi said ..."
            cands = _emit_roles(ctx, sent, person, 1.0, m.start, org, 0.65, m.start, window, ctx.former(window),
                                "premodifier-previous")
        elif not orgs and window and role_predicates(window) and _fronted_at(ctx, sent, [])[0] is not None:
            org, oi, co = _fronted_at(ctx, sent, [])     # "Over at Kvik Talent, chief product officer A"
            cands = _emit_roles(ctx, sent, person, 1.0, m.start, org, co, oi, window, ctx.former(window),
                                "premodifier-at")
        elif not orgs and window:
            body = next((t for t in window if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in _BODY_NOUNS), None)
            org = ctx.r._closest_named(body.i, body.lemma_.lower()) if body is not None else None
            if org is not None and org.type == schema.ORGANIZATION and \
                    role_predicates([t for t in window if t.i > body.i]):
                # "Council members A and B", "Committee chair C": of the body named before
                cands = _emit_roles(ctx, sent, person, 1.0, m.start, org, 0.8, body.i,
                                    [t for t in window if t.i > body.i], ctx.former(window), "body-premodifier")
        if orgs:
            last = at[orgs[-1].i]
            org = ctx.r.entities[last.entity]
            between = [t for t in window if t.i >= last.end and t.tag_ != "POS" and t.lower_ not in ("'s", "’s")]
            if org.type != schema.PLACE:
                if not between:
                    cands = _emit_roles(ctx, sent, person, 1.0, m.start, org, 1.0, last.start, [], False,
                                        "premodifier", default="WORKS_FOR")
                else:
                    cands = _emit_roles(ctx, sent, person, 1.0, m.start, org, 1.0, last.start, between,
                                        ctx.former(window), "premodifier")
                    if {t.lemma_.lower() for t in between} == {"colleague"} and i >= sent.start and \
                            doc[i].lower_ in ("his", "her", "their"):
                        other, co = ctx.r.resolve(doc[i])     # "with her former Zalando colleague A": she too
                        if other is not None and other.type == schema.PERSON and other.index != person.index:
                            cands += _emit_roles(ctx, sent, other, co, i, org, 1.0, last.start, between,
                                                 ctx.former(window), "colleague-premodifier")
        # "Golden State Warriors A and B": B shares A's organisation
        roles_only = [t for t in window if t.pos_ != "CCONJ"]
        if not orgs and roles_only and all(t.lower_ in _CORPORATE_TITLES for t in roles_only) and \
                roles_only[0].i - 2 >= sent.start and \
                doc[roles_only[0].i - 1].lower_ in ("and", ",") and (roles_only[0].i - 2) in at and \
                at[roles_only[0].i - 2].entity in premod:
            for c in premod[at[roles_only[0].i - 2].entity]:      # "X CEO A and CTO B"
                cands += _emit_roles(ctx, sent, person, 1.0, m.start, c.object, 0.9, c.tokens[-1], roles_only,
                                     ctx.former(window), "premodifier-conj")
                break
        if not orgs and m.start - 2 >= sent.start and doc[m.start - 1].lower_ in ("and", ",") \
                and (m.start - 2) in at and at[m.start - 2].entity in premod:
            for c in premod[at[m.start - 2].entity]:
                if c.role is None:
                    cands += _cand(ctx, sent, person, c.predicate, c.object, c.confidence * 0.9,
                                   (m.start, *c.tokens), "premodifier-conj")
        premod[m.entity] = cands
        out += cands
        # -- "ROLE of ORG, PERSON" -----------------------------------------------------------------
        first = m.start
        while first - 1 > sent.start and (doc[first - 1].lower_.rstrip(".") in TITLES or doc[first - 1].text == "."):
            first -= 1          # "..., Viscount Charles Colville"
        if first - 1 > sent.start and doc[first - 1].text == ",":
            phrase, i = [], first - 2
            while i >= sent.start and doc[i].text not in _STOP_PUNCT and i not in ctx.gaps:
                if i in at and ctx.r.entities[at[i].entity].type == schema.PERSON:
                    phrase = []
                    break
                if doc[i].pos_ in ("VERB", "AUX") and doc[i].tag_ != "VBN" or \
                        doc[i].pos_ == "ADP" and doc[i].lower_ not in _ROLE_PREPS:
                    break
                phrase.insert(0, doc[i])
                i -= 1
            if i >= sent.start + 1 and doc[i].text == "," and (i - 1) in at and \
                    ctx.r.entities[at[i - 1].entity].type == schema.PERSON:
                phrase = []     # "A, director of X, B": the phrase describes A, not B
            got = _phrase_roles(ctx, sent, person, m.start, phrase, "role-before")
            out += got + _listed_people_roles(ctx, sent, person, m, phrase, got, "role-before")
        # -- right: "PERSON, ROLE of ORG" / "PERSON of ORG" / "PERSON (ORG)" -----------------------
        j = m.end
        if j < sent.end and doc[j].lower_ in ("of", "at") and j + 1 < sent.end:
            k = j + 1
            while k < sent.end and doc[k].lower_ == "the":
                k += 1
            while k < min(j + 5, sent.end) and k not in at and doc[k].is_lower and doc[k].pos_ in ("NOUN", "ADJ"):
                k += 1          # "A of the magazine X", "A at the payments company X"
            if k in at and ctx.r.entities[at[k].entity].type not in (schema.PERSON, schema.PLACE):
                org = ctx.r.entities[at[k].entity]
                out += _cand(ctx, sent, person, "WORKS_FOR", org, 0.7, (m.start, k), "person-of")
        elif j < sent.end and doc[j].text in (",", "("):
            phrase, k = [], j + 1
            closing = ")" if doc[j].text == "(" else None
            while k < sent.end and doc[k].text not in _STOP_PUNCT and k not in ctx.gaps:
                if k in at and ctx.r.entities[at[k].entity].type == schema.PERSON:
                    phrase = []     # "A, PCG director B": the phrase is B's
                    break
                if doc[k].pos_ in ("VERB", "AUX") and doc[k].dep_ not in ("amod", "compound") or \
                        doc[k].lower_ in ("who", "which", "that"):
                    break           # "the former chief operating officer of X" goes on
                phrase.append(doc[k])
                k += 1
            if closing and k < sent.end and doc[k].text == ")" and phrase:
                ents = [at[t.i] for t in phrase if t.i in at]
                if ents and ents[0].start == phrase[0].i and ents[0].end == phrase[-1].i + 1:
                    org = ctx.r.entities[ents[0].entity]
                    if org.type not in (schema.PERSON, schema.PLACE):
                        out += _cand(ctx, sent, person, "WORKS_FOR", org, 0.7, (m.start, phrase[0].i), "person-paren")
                        continue
            got = _phrase_roles(ctx, sent, person, m.start, phrase, "role-after")
            if not got and phrase and role_predicates(phrase) and k + 1 < sent.end and doc[k].text == "," and \
                    (k + 1) in at and ctx.r.entities[at[k + 1].entity].type in _ORGISH and \
                    at[k + 1].end >= sent.end - 1 and not any(t.i in at for t in phrase):
                # "Media contact: Julie Tran, communications manager, Canadian Freelance Alliance"
                org = ctx.r.entities[at[k + 1].entity]
                got = _emit_roles(ctx, sent, person, 1.0, m.start, org, 0.9, k + 1, phrase, False, "role-comma-org")
            out += got + _listed_people_roles(ctx, sent, person, m, phrase, got, "role-after")
        # "Guy Oseary's Sound Ventures": the person's organisation
        if j + 1 < sent.end and (doc[j].tag_ == "POS" or doc[j].lower_ in ("'s", "’s")) and (j + 1) in at:
            org = ctx.r.entities[at[j + 1].entity]
            if org.type in (schema.ORGANIZATION, schema.FUNDER, schema.PLATFORM):
                owners = [(person, m.start)]
                root = doc[m.start:m.end].root
                for k in range(sent.start, m.start):
                    if k in at and ctx.r.entities[at[k].entity].type == schema.PERSON and \
                            any(c.i == root.i for c in doc[k].conjuncts):
                        owners.append((ctx.r.entities[at[k].entity], k))
                for owner, oi in owners:
                    out += _cand(ctx, sent, owner, "LEADS", org, 0.6, (oi, j + 1), "possessive-org")
    out += _as_role(ctx, sent)
    out += _copula_role(ctx, sent)
    return out


def _listed_people_roles(ctx, sent, person, m, phrase, got, rule):
    """A plural title given to a list belongs to everyone in it: "our founders, A and B", "A and B,
    Vikar's founders" (``got`` is what the phrase gave the person at ``m``)."""
    if not got or not any(t.tag_ == "NNS" and role_predicates([t]) for t in phrase):
        return []
    out = []
    for other in ctx.r.root(m).conjuncts:
        e = ctx.r.entity_at(other.i)
        if e is not None and e.type == schema.PERSON and e.index != person.index:
            out += _phrase_roles(ctx, sent, e, other.i, phrase, rule)
    return out


def _phrase_roles(ctx, sent, person, pi, phrase, rule):
    """A role phrase next to a person: role words + the organisation (named, possessive, described)."""
    if not phrase:
        return []
    roles = role_predicates(phrase)
    if not roles:
        return []
    at = ctx.r.at
    org, oi, co = None, None, 1.0
    for t in phrase:        # "Sydney-based Airtasker's chief executive": the place is not the employer
        if t.i in at and ctx.r.entities[at[t.i].entity].type not in (schema.PERSON, schema.PLACE):
            org, oi = ctx.r.entities[at[t.i].entity], t.i
            break
    if org is None:
        for t in phrase:
            if t.lower_ in ("our", "my", "his", "her") and t.dep_ == "poss" and \
                    (t.lower_ in ("our", "my") or {p for p, _ in roles} == {"FOUNDED"}):
                e = _topic_org(ctx, t.i)        # "My co-founder, A": of the company the post is about
                if e is not None:
                    org, oi, co = e, t.i, 0.7
                    break
            if t.lower_ in ("its", "their") or (t.pos_ == "NOUN" and t.i > phrase[0].i and
                                                 ctx.doc[t.i - 1].lower_ in ("the",) and
                                                 ctx.doc[t.i - 2].lower_ in _ROLE_PREPS) or \
                    (t.pos_ == "NOUN" and t.i + 1 < len(ctx.doc) and ctx.doc[t.i + 1].tag_ == "POS"):
                e, co = ctx.r.resolve(t)
                if e is not None:
                    org, oi = e, t.i
                    break
    if org is None and rule in ("as-role", "role-after", "copula-role", "named-role"):
        org, oi, co = _fronted_at(ctx, ctx.doc[pi].sent, phrase)
    if org is None and rule in _IMPLICIT_ORG_RULES:
        org, oi, co = _implicit_employer(ctx, person, pi, phrase)
    if org is None or org.type == schema.PLACE:
        return []
    role_tokens = [t for t in phrase if not (t.i in at and at[t.i].entity == org.index)]
    while role_tokens and (role_tokens[-1].lower_ in _ROLE_PREPS | {"the", "'s", "’s"} or
                           role_tokens[-1].tag_ == "POS"):
        role_tokens.pop()
    while role_tokens and role_tokens[0].lower_ in ("the", "a", "an", "'s", "’s"):
        role_tokens.pop(0)
    if role_tokens:
        # "chief executive of X" (roles before the name) or "Sydney-based X's chief executive" (after)
        before = [t for t in role_tokens if t.i < oi]
        after = [t for t in role_tokens if t.i > oi]
        role_tokens = after if role_predicates(after) and not role_predicates(before) else before
    return _emit_roles(ctx, sent, person, 1.0, pi, org, co, oi, role_tokens or phrase,
                       ctx.former(phrase), rule)


_IMPLICIT_ORG_RULES = {"copula-role", "as-role", "role-after", "named-role"}
_ORGISH = (schema.PLATFORM, schema.ORGANIZATION, schema.FUNDER)


def _first_word(sent) -> int:
    """Index of the first non-space token of ``sent``."""
    for t in sent:
        if not t.is_space:
            return t.i
    return sent.start


def _previous_subject(ctx, sent):
    """The one organisation that is the subject of the sentence before ``sent`` (None otherwise)."""
    if sent.start == 0:
        return None
    prev = ctx.doc[sent.start - 1].sent
    subj = {m.entity for m in _mention_spans(ctx, prev)
            if ctx.r.entities[m.entity].type in _ORGISH and ctx.r.root(m).dep_ in ("nsubj", "nsubjpass")
            and ctx.r.root(m).head.dep_ == "ROOT"}
    if len(subj) == 1:
        return ctx.r.entities[subj.pop()]
    if ctx.funding_target is not None and any(t.lemma_.lower() in FUNDING_NOUNS for t in prev):
        return ctx.funding_target       # "The round was led by A ... Chief executive B said"
    return None


def _fronted_at(ctx, sent, phrase):
    """"At Gigbridge, the Dublin marketplace, she will report to chief executive A", "Over at Kvik
    Talent, chief product officer B is leaving", "... resurfaces at X as a venture partner": the
    organisation of a sentence-initial "At X," or of the verb the "as" phrase hangs on."""
    doc = ctx.doc
    k = sent.start
    while k < sent.end and doc[k].is_space:
        k += 1
    if k + 1 < sent.end and doc[k].lower_ == "over":
        k += 1
    if k + 1 < sent.end and doc[k].lower_ == "at":
        e = ctx.r.entity_at(k + 1)
        if e is not None and e.type in _ORGISH:
            return e, k + 1, 0.75
    first = phrase[0] if phrase else None
    as_tok = next((a for a in first.ancestors if a.lower_ == "as"), None) if first is not None else None
    if as_tok is not None and as_tok.head.pos_ == "VERB":
        for p in ctx.pobj(as_tok.head, ("at", "with", "for")):
            e = ctx.r.entity_at(p.i)
            if e is not None and e.type in _ORGISH:
                return e, p.i, 0.8      # "resurfaces at Remote-first Capital as a venture partner"
    return None, None, 1.0


def _implicit_employer(ctx, person, pi, phrase):
    """"Okonkwo is the chief executive", "Yilmaz, the chief product officer, ...": a bare corporate
    title with no organisation in the phrase is a post at the organisation the article is about
    (named at least twice before, and more often than any other), when no organisation is named
    in the sentence."""
    words = [t for t in phrase if t.pos_ not in ("DET", "PUNCT") and t.lower_ not in ("our", "now", "also",
                                                                                      "still", "new")]
    if not words or any(t.lower_ not in _CORPORATE_TITLES for t in words):
        return None, None, 1.0          # "the head of engineering", "a former teacher": no
    if any(t.lower_ in _ROLE_PREPS for t in phrase) or len(words) > 4:
        return None, None, 1.0
    sent = ctx.doc[pi].sent
    if any(ctx.r.entities[m.entity].type in _ORGISH for m in _mention_spans(ctx, sent)):
        return None, None, 1.0          # an organisation named in the sentence: too close to guess
    ranked = _org_counts(ctx, pi, _ORGISH).most_common(2)
    if len(ranked) == 1 and ranked[0][1] == 1 and _sole_subject(ctx, ctx.r.entities[ranked[0][0]], sent):
        return ctx.r.entities[ranked[0][0]], pi, 0.6     # "Versia was founded by A and B. A is chief executive."
    if not ranked or ranked[0][1] < 2 or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        # the sentence before was about one organisation by description: "The union was founded by
        # A and B. A has been elected general secretary"
        prev = ctx.doc[sent.start - 1].sent if sent.start > 0 else None
        described = ctx.r._described_subject(prev) if prev is not None else None
        if described is not None and described.type in _ORGISH:
            return described, pi, 0.65
        return None, None, 1.0          # only the article's main organisation is meant so implicitly
    return ctx.r.entities[ranked[0][0]], pi, 0.7


def _sole_subject(ctx, org, sent) -> bool:
    """Whether the only organisation named before ``sent`` was the subject of its sentence (the
    article is about it) and is no investor."""
    if org.type == schema.FUNDER:
        return False
    for m in ctx.r.before(sent.start, window=10 ** 9):
        if m.entity == org.index:
            return ctx.r.root(m).dep_ in ("nsubj", "nsubjpass")
    return False


def _as_role(ctx, sent):
    """"As a partner of PwC, he ...", "she quit her post as Quillmark's head of sales"."""
    if not ctx.words(sent) & {"as"}:
        return []
    out = []
    for t in sent:
        if t.lower_ != "as":
            continue
        role = ctx.child(t, "pobj")
        if role is None:
            continue
        phrase = [x for x in role.subtree]
        gov = t.head
        former = False
        while gov.pos_ not in ("VERB", "AUX") and gov.head != gov:
            gov = gov.head
        if gov.lemma_.lower() in ("leave", "quit", "resign", "depart", "step"):
            former = True
        if gov.lemma_.lower() in ("assume", "take", "become", "join", "appoint", "name", "hire", "leave",
                                  "work", "serve", "start", "begin", "be", "continue", "remain", "act",
                                  "quit", "step", "spend", "meet") or t.head.pos_ in ("VERB", "AUX"):
            subs = ctx.subjects(gov) if not ctx.is_passive(gov) else ctx.passive_objects(gov)
        else:
            subs = []
        hired_by = [a for d in (ctx.child(gov, "dobj", "oprd"),) if d is not None for a in ctx.args(d)]
        if gov.lemma_.lower() in ("appoint", "name", "hire", "elect", "promote", "tap", "recruit", "choose",
                                  "select", "install") and not ctx.is_passive(gov):
            employers = subs
            if gov.dep_ == "acl" and not employers:
                # "Upwork named Hayden Brown as its CEO" is often parsed as a reduced relative
                # clause ("Upwork [that was] named ..."): the noun it hangs on is the employer.
                employers = ctx.args(gov.head)
            subs = [a for a in hired_by if a[0].type == schema.PERSON]
            for person, cp, pi in subs:
                got = _phrase_roles(ctx, sent, person, pi, phrase, "appointed-as")
                if not got:
                    for org, co, oi in employers:
                        if org.type in (schema.ORGANIZATION, schema.PLATFORM, schema.FUNDER):
                            text = _role_text([x for x in phrase if x.pos_ not in ("DET", "PRON")], False)
                            for pred, _ in (role_predicates(phrase) or [("WORKS_FOR", "")]):
                                got += _cand(ctx, sent, person, pred, org, 0.75 * min(cp, co), (pi, oi),
                                             "appointed-as", text if pred in schema.ROLE_PREDICATES else None)
                out += got
            continue
        for person, cp, pi in subs:
            if person.type != schema.PERSON:
                if role.lemma_.lower() in INVEST_ROLES:     # "signed on as the hub's founding sponsor"
                    for c in role.children:
                        e, ce = ctx.entity(c) if c.dep_ == "poss" else (None, 0.0)
                        if e is not None and e.type in _ORGISH:
                            out += _cand(ctx, sent, person, "FUNDS", e, 0.7 * min(cp, ce), (pi, c.i), "as-sponsor")
                founding = "founding member" in " ".join(x.lower_ for x in phrase)
                if gov.lemma_.lower() == "join" and hired_by and founding:
                    for body, cb, bi in hired_by:      # "X joined the coalition as a founding member"
                        out += _cand(ctx, sent, person, "FOUNDED", body, 0.7 * min(cp, cb), (pi, bi), "founding-member")
                continue
            got = _phrase_roles(ctx, sent, person, pi, phrase, "as-role")
            if not got and gov.lemma_.lower() in ("spend", "work", "serve", "start", "begin"):
                # "spent ten years as an intensive-care nurse at X": any job there is work for X
                at_orgs = [ctx.r.entity_at(x.i) for x in phrase if x.dep_ == "pobj" and x.head.lower_ in ("at", "for")
                           and ctx.r.entity_at(x.i) is not None]
                for org in [o for o in at_orgs if o.type in _ORGISH][:1]:
                    text = _role_text([x for x in phrase if x.pos_ != "DET" and x.i < min(
                        y.i for y in phrase if y.lower_ in ("at", "for"))], False)
                    got += _cand(ctx, sent, person, "WORKS_FOR", org, 0.7 * cp, (pi, phrase[-1].i), "as-job-at", text)
            if not got and hired_by and gov.lemma_.lower() in ("join", "rejoin"):
                org, co, oi = hired_by[0]       # "joined Gigbridge as head of product"
                if org.type in (schema.ORGANIZATION, schema.PLATFORM, schema.FUNDER):
                    roles = role_predicates(phrase) or [("WORKS_FOR", "")]
                    text = _role_text([x for x in phrase if x.pos_ != "DET"], False)
                    for pred, _ in roles:
                        got += _cand(ctx, sent, person, pred, org, 0.8 * min(cp, co), (pi, oi), "join-as",
                                     text if pred in schema.ROLE_PREDICATES else None)
            for c in got:
                c.confidence = round(c.confidence * cp, 3)
                if former and c.role and not c.role.startswith("former"):
                    c.role = "former " + c.role
            out += got
    return out


_BEHIND_NOUNS = {"folk", "people", "team", "duo", "trio", "mind", "founder", "brain", "man", "woman",
                 "person", "entrepreneur", "pair", "force", "visionary"}


_COPULA_LEMMAS = {"name", "appoint", "elect", "make", "be", "become", "remain"}


def _copula_role(ctx, sent):
    out = []
    for v in sent:
        lemma = ctx.lemmas[v.i]
        if lemma not in _COPULA_LEMMAS:
            continue
        if lemma in ("name", "appoint", "elect", "make") and ctx.is_passive(v):
            role = ctx.child(v, "oprd", "attr")        # "A was named chief executive of B"
            if role is not None and not ctx.hedged(v, strict=False):
                for person, cp, pi in ctx.passive_objects(v):
                    if person.type == schema.PERSON:
                        out += _phrase_roles(ctx, sent, person, pi, list(role.subtree), "named-role")
            continue
        if v.lemma_ not in ("be", "become", "remain"):
            continue
        attr = ctx.child(v, "attr")
        if attr is None or ctx.hedged(v, strict=False, announced=v.lemma_ in ("remain", "become")):
            continue            # "is not a member of"
        if attr.lemma_.lower() in ("one", "some", "several", "two", "three") and ctx.pobj(attr, ("of",)):
            attr = ctx.pobj(attr, ("of",))[0]       # "X was one of the summit's two main sponsors"
        if attr.lemma_.lower() in _BEHIND_NOUNS:      # "A and B are the people behind Contra"
            for p in ctx.pobj(attr, ("behind",)):
                for org, co, oi in ctx.args(p):
                    for person, cp, pi in ctx.subjects(v):
                        if person.type == schema.PERSON:
                            out += _cand(ctx, sent, person, "FOUNDED", org, 0.7 * min(cp, co), (pi, v.i, oi),
                                         "people-behind")
        for person, cp, pi in ctx.subjects(v):
            if person.type != schema.PERSON and attr.lemma_.lower() in INVEST_ROLES:
                # "Deel is the main sponsor of the summit", "X is an investor in Y"
                things = [a for p in ctx.pobj(attr, ("of", "in")) for a in ctx.args(p)]
                things += [(e, ce, c.i) for c in attr.children if c.dep_ == "poss"
                           for e, ce in (ctx.entity(c),) if e is not None]
                for thing, ct, ti in things:
                    out += _cand(ctx, sent, person, "FUNDS", thing, 0.75 * min(cp, ct), (pi, v.i, ti),
                                 "org-sponsor")
                continue
            if person.type != schema.PERSON:
                if attr.lemma_.lower() in ("member", "part", "signatory", "affiliate") and \
                        not any(c.dep_ == "poss" for c in attr.children):
                    # "Kazikazi is a member of the Kenya Private Sector Alliance", "X is part of Y"
                    founding = any(c.lower_ in ("founding", "founder") for c in attr.children)
                    for body, cb, bi in [a for p in ctx.pobj(attr, ("of",)) for a in ctx.args(p)]:
                        if body.type == schema.ORGANIZATION:
                            out += _cand(ctx, sent, person, "MEMBER_OF", body, 0.75 * min(cp, cb),
                                         (pi, v.i, bi), "org-member")
                            if founding:        # "the Guild became a founding member of the coalition"
                                out += _cand(ctx, sent, person, "FOUNDED", body, 0.7 * min(cp, cb),
                                             (pi, v.i, bi), "founding-member")
                continue
            phrase = list(attr.subtree) + [x for c in v.children if c.dep_ == "prep" and c.i > attr.i
                                           and c.lower_ in ("at", "with", "for") for x in c.subtree]
            got = _phrase_roles(ctx, sent, person, pi, phrase, "copula-role")    # "was head of growth at X"
            if not got and person.type == schema.PERSON and attr.pos_ == "NOUN" and not role_predicates(phrase):
                # "she was a staff attorney at X": a job at an organisation
                for x in phrase:
                    org = ctx.r.entity_at(x.i)
                    if x.dep_ == "pobj" and x.head.lower_ == "at" and org is not None and org.type in _ORGISH:
                        text = _role_text([y for y in phrase if y.pos_ != "DET" and y.i < x.head.i], False)
                        got = _cand(ctx, sent, person, "WORKS_FOR", org, 0.7 * cp, (pi, x.i), "job-at", text)
                        break
            out += got
    out += _board_seat(ctx, sent)
    return out


def _board_seat(ctx, sent):
    """"A sat on / serves on the board of X": A is a (board) member of X."""
    if not ctx.words(sent) & {"sit", "serve"}:
        return []
    out = []
    for v in sent:
        if v.lemma_.lower() not in ("sit", "serve") or ctx.hedged(v, strict=False):
            continue
        for board in ctx.pobj(v, ("on",)):
            if board.lemma_.lower() not in ("board", "council", "committee"):
                continue
            for person, cp, pi in ctx.subjects(v):
                if person.type != schema.PERSON:
                    continue
                orgs = [a for p in ctx.pobj(board, ("of", "at")) for a in ctx.args(p)]
                if board.lemma_.lower() != "board":     # "the UIC's national committee" (a company board is no body)
                    orgs += [(e, ce, c.i) for c in board.children if c.dep_ == "poss"
                             for e, ce in (ctx.entity(c),) if e is not None and e.type == schema.ORGANIZATION]
                if not orgs and board.lemma_.lower() != "board":
                    e, ce = ctx.entity(board)       # "also sit on the committee"
                    orgs = [(e, ce, board.i)] if e is not None and e.type == schema.ORGANIZATION else []
                for org, co, oi in orgs:
                    role = "former board member" if ctx.former([c for c in v.children if c.dep_ == "advmod"]) \
                        else "board member"
                    out += _cand(ctx, sent, person, "MEMBER_OF", org, 0.75 * min(cp, co), (pi, v.i, oi),
                                 "board-seat", role)
    return out


#: things an organisation organises: "the coalition's first campaign, X" is the coalition's
_ORGANISED_THINGS = {"campaign", "initiative", "programme", "program", "conference", "summit", "festival", "event",
                     "series", "forum", "congress", "day", "week", "month", "awards", "hackathon", "meetup", "pilot"}
_NP_TRIGGERS = _ORGANISED_THINGS | AFFIL_NOUNS | {
    "investment", "stake", "agreement", "based", "headquartered", "backed", "funded", "own", "acquisition",
    "takeover", "purchase", "buyout", "partnership", "alliance", "collaboration", "venture", "career", "job",
    "stint", "time", "year", "decade", "years", "decades"}


def _organiser_possessive(ctx, sent, t):
    """"The coalition's first campaign, Paid in 30", "IPSE's policy conference, Modern Working": the
    owner organised it (FOUNDED -> Event)."""
    owner = next((c for c in t.children if c.dep_ == "poss"), None)
    if owner is None:
        return []
    org, co = ctx.entity(owner)
    if org is None or org.type not in (schema.ORGANIZATION, schema.PLATFORM, schema.FUNDER, schema.PERSON):
        return []
    named = [a for c in t.children if c.dep_ == "appos" for a in ctx.args(c)]
    if not named and t.i + 2 < t.sent.end and ctx.doc[t.i + 1].text == ",":
        e = ctx.r.entity_at(t.i + 2)
        named = [(e, 0.9, t.i + 2)] if e is not None else []
    return [c for e, ce, ei in named if e.type == schema.EVENT
            for c in _cand(ctx, sent, org, "FOUNDED", e, 0.75 * min(co, ce), (owner.i, ei), "owners-event")]


def np_rules(ctx: Context, sent) -> list[Candidate]:
    """Organisation-side noun phrases: "X-based Y", "Y in X", demonyms, "X-backed Y",
    "X's sister organisation, Y", "X's acquisition of Y", "partnership with/between",
    "career/job at X"."""
    out = []
    doc = ctx.doc
    for t in sent:
        if ctx.lemmas[t.i] not in _NP_TRIGGERS and t.lower_ not in _NP_TRIGGERS:
            continue
        low = t.lower_
        # "San Francisco-based startup Gigster", "The London-based company"
        if low in ("based", "headquartered", "backed", "funded") and t.i >= sent.start + 2 and \
                doc[t.i - 1].text in ("-", "–"):
            left = ctx.r.entity_at(t.i - 2)
            described = _described(ctx, t)
            if left is None or described is None:
                continue
            e, conf, di = described
            if low in ("based", "headquartered") and left.type == schema.PLACE:
                out += _cand(ctx, sent, e, "LOCATED_IN", left, 0.85 * conf, (t.i - 2, di), "x-based")
            elif low in ("backed", "funded"):
                out += _cand(ctx, sent, left, "FUNDS", e, 0.85 * conf, (t.i - 2, di), "x-backed")
        elif t.lemma_.lower() in ("investment", "stake") and t.pos_ == "NOUN" and not ctx.hedged(t):
            # "Its 2020 investment in the Berlin coworking chain Deskhaus", "Northlake's stake in X"
            owners = [(e, ce, c.i) for c in t.children if c.dep_ == "poss" for e, ce in (ctx.entity(c),)
                      if e is not None and e.type != schema.PLACE and e.type != schema.EVENT]
            for f, cf, fi in owners:
                for o, co, oi in [a for p in ctx.pobj(t, ("in", "into")) for a in ctx.args(p)]:
                    out += _cand(ctx, sent, f, "FUNDS", o, 0.7 * min(cf, co), (fi, oi), "investment-in")
        elif t.lemma_.lower() in _ORGANISED_THINGS and t.pos_ == "NOUN" and ctx.r.entity_at(t.i) is None:
            out += _organiser_possessive(ctx, sent, t)
        elif t.lower_ == "own" and t.dep_ == "amod" and t.head.lemma_.lower() in _OWN_THINGS:
            out += _own_venture(ctx, sent, t.head)
        elif t.lemma_.lower() in AFFIL_NOUNS and t.pos_ in ("NOUN", "ADJ"):
            out += _affiliation(ctx, sent, t)
        elif t.lemma_.lower() in ("acquisition", "takeover", "purchase", "buyout") and t.pos_ == "NOUN" and \
                not ctx.hedged(t):
            out += _acquisition_noun(ctx, sent, t)
        elif (t.lemma_.lower() in ("partnership", "alliance", "collaboration", "agreement") or
              (t.lower_ == "venture" and doc[t.i - 1].lower_ == "joint")) and t.pos_ == "NOUN" and \
                ctx.r.entity_at(t.i) is None:
            out += _partnership_noun(ctx, sent, t)
        elif t.lemma_.lower() in ("career", "job", "stint", "time", "year", "decade") and \
                t.dep_ in ("dobj", "pobj", "nsubj"):      # "after eight years at Amazon"
            orgs = [a for p in ctx.pobj(t, ("at", "with")) for a in ctx.args(p)]
            gov = t.head
            while gov.pos_ not in ("VERB", "AUX") and gov.head != gov:
                gov = gov.head
            if not orgs and t.dep_ == "dobj" and t.lemma_.lower() == "career" and \
                    gov.lemma_.lower() in ("start", "begin", "launch", "spend", "build"):
                orgs = [a for p in ctx.pobj(gov, ("at", "with")) for a in ctx.args(p)
                        if a[0].type in _ORGISH]       # "I started my career at X"
            for person, cp, pi in ctx.subjects(gov):
                for org, co, oi in orgs:
                    if person.type == schema.PERSON:
                        role_tok = [x for p in ctx.pobj(gov, ("as",)) for x in p.subtree]
                        role = _role_text([x for x in role_tok if x.pos_ != "DET"], True) if role_tok else None
                        out += _cand(ctx, sent, person, "WORKS_FOR", org, 0.75 * min(cp, co), (pi, oi),
                                     "career-at", role)
    # organisation names: premodifying place / demonym, "Y in X"
    for m in _mention_spans(ctx, sent):
        e = ctx.r.entities[m.entity]
        if e.type in (schema.PERSON, schema.PLACE):
            continue
        i = m.start - 1
        while i >= sent.start and doc[i].text not in _STOP_PUNCT and (doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "CCONJ",
                                                                             "PART") or doc[i].text == "-") \
                and not (i in ctx.r.at and ctx.r.entity_at(i).type not in (schema.PLACE,)):
            place = ctx.r.entity_at(i)
            if place is None and doc[i].pos_ in ("ADJ", "PROPN"):
                place = _demonym_place(ctx, doc[i])
            if place is not None and place.type == schema.PLACE:
                out += _cand(ctx, sent, e, "LOCATED_IN", place, 0.7, (i, m.start), "place-premodifier")
                break
            i -= 1
        root = doc[m.start:m.end].root
        if m.end + 2 < len(doc) and doc[m.end].text == "(":
            for pl, k in _bracketed_places(ctx, m.end + 1):     # "Talentia (Turin)", "Quietdesk (Rotterdam, Netherlands)"
                out += _cand(ctx, sent, e, "LOCATED_IN", pl, 0.7, (m.start, k), "place-in-brackets")
        for c in root.children:
            pl = ctx.r.entity_at(c.i) if c.dep_ == "poss" else None
            if pl is not None and pl.type == schema.PLACE:
                out += _cand(ctx, sent, e, "LOCATED_IN", pl, 0.7, (c.i, m.start), "place-possessive")
            elif pl is not None and e.type == schema.EVENT and pl.type in _ORGISH:
                # "the Banksia Institute's annual Future of Work Forum": its organiser
                out += _cand(ctx, sent, pl, "FOUNDED", e, 0.7, (c.i, m.start), "owners-event")
        for p in ctx.pobj(root, ("in",)):
            pl = ctx.r.entity_at(p.i)
            if pl is not None and pl.type == schema.PLACE:
                out += _cand(ctx, sent, e, "LOCATED_IN", pl, 0.6, (m.start, p.i), "x-in-place")
        out += _appositive_place(ctx, sent, e, m, root)
    return out


def _bracketed_places(ctx, k):
    """The places of a bracket that holds nothing but places and commas, from token ``k`` (just
    after "("): "(Turin)", "(Lagos, Nigeria)"; none when anything else is inside."""
    doc, places = ctx.doc, []
    while k < len(doc) and k < ctx.doc[k].sent.end and doc[k].text != ")":
        m = ctx.r.at.get(k)
        if doc[k].text == ",":
            k += 1
            continue
        if m is None or m.entity < 0 or ctx.r.entities[m.entity].type != schema.PLACE:
            return []
        places.append((ctx.r.entities[m.entity], k))
        k = m.end
    return places if k < len(doc) and doc[k].text == ")" else []


#: Nouns an apposition uses to say what an organisation is ("Verdane, the Oslo growth investor").
_ORG_DESCRIPTIONS = {"company", "firm", "startup", "start-up", "platform", "marketplace", "investor",
                     "fund", "consultancy", "agency", "association", "union", "network", "nonprofit",
                     "non-profit", "cooperative", "co-op", "group", "lender", "bank", "federation",
                     "alliance", "coalition", "business", "venture", "app", "studio", "organisation",
                     "organization", "charity", "provider", "operator", "institute", "incubator",
                     "accelerator", "conference", "summit", "festival", "event", "shop", "outfit",
                     "foundation", "trust", "insurer", "maker", "school", "university", "publisher",
                     "broker", "recruiter", "developer", "specialist", "player", "house", "body",
                     "guild", "collective", "community", "chamber", "council", "tool", "service",
                     "investment", "partnership", "programme", "program", "initiative", "campaign"}


def _appositive_place(ctx, sent, e, m, root):
    """"Sketchpad, a Montreal startup", "Verdane, the Oslo growth investor", "Kodbyrån, a software
    consultancy in Gothenburg", "Shakers, the Spanish talent platform": where the apposition says
    the organisation is."""
    doc = ctx.doc
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if m.end + 1 < sent.end and doc[m.end].text == "," and doc[m.end + 1].lower_ in ("a", "an", "the"):
        nouns += [t for t in doc[m.end + 1:min(m.end + 8, sent.end)] if t.dep_ == "appos" or
                  (t.pos_ == "NOUN" and t.head.i < m.end)]
    out = []
    for noun in nouns[:1]:
        if noun.lemma_.lower() not in _ORG_DESCRIPTIONS or ctx.r.entity_at(noun.i) is not None:
            continue
        places = []
        for c in noun.children:
            if c.dep_ in ("compound", "nmod", "amod", "npadvmod") and c.i < noun.i:
                pl = ctx.r.entity_at(c.i)
                if pl is None and c.pos_ in ("ADJ", "PROPN"):
                    pl = _demonym_place(ctx, c)
                if pl is not None and pl.type == schema.PLACE:
                    places.append((pl, c.i))
        for p in ctx.pobj(noun, ("in",)) + [c for c in noun.children if c.dep_ == "poss"]:
            pl = ctx.r.entity_at(p.i)
            if pl is not None and pl.type == schema.PLACE:
                places.append((pl, p.i))        # "a startup in Lagos", "the UK's largest community"
        for pl, pi in places:
            out += _cand(ctx, sent, e, "LOCATED_IN", pl, 0.7, (m.start, pi), "appositive-place")
    return out


DEMONYMS = {
    "american": ("United States", "US", "USA", "U.S.", "America"), "british": ("UK", "United Kingdom", "Britain"),
    "english": ("England",), "australian": ("Australia",), "japanese": ("Japan",), "spanish": ("Spain",),
    "french": ("France",), "german": ("Germany",), "indian": ("India",), "chinese": ("China",),
    "canadian": ("Canada",), "irish": ("Ireland",), "dutch": ("Netherlands", "the Netherlands"),
    "italian": ("Italy",), "swiss": ("Switzerland",), "swedish": ("Sweden",), "brazilian": ("Brazil",),
    "mexican": ("Mexico",), "israeli": ("Israel",), "singaporean": ("Singapore",), "european": ("Europe",),
    "estonian": ("Estonia",), "ukrainian": ("Ukraine",), "nigerian": ("Nigeria",), "kenyan": ("Kenya",),
    "polish": ("Poland",), "portuguese": ("Portugal",), "danish": ("Denmark",), "finnish": ("Finland",),
    "norwegian": ("Norway",), "argentine": ("Argentina",), "argentinian": ("Argentina",),
    "colombian": ("Colombia",), "chilean": ("Chile",), "korean": ("South Korea", "Korea"),
    "scottish": ("Scotland",), "welsh": ("Wales",), "austrian": ("Austria",), "belgian": ("Belgium",),
    "filipino": ("Philippines",), "pakistani": ("Pakistan",), "egyptian": ("Egypt",),
    "south african": ("South Africa",), "turkish": ("Turkey",), "greek": ("Greece",),
}


def _demonym_place(ctx, tok):
    names = DEMONYMS.get(tok.lower_)
    if not names:
        return None
    from freelance_kg.graph import identity
    keys = {identity.normalize(n) for n in names}
    for e in ctx.r.entities:
        if e.type == schema.PLACE and any(identity.normalize(s) in keys for s in e.surfaces):
            return e
    return None


def _described(ctx, t):
    """The entity a "X-based ..." / "X-backed ..." modifier describes."""
    noun = t.head if t.dep_ in ("amod", "compound", "acl", "nmod") else None
    if noun is not None and noun.dep_ == "compound" and ctx.r.entity_at(noun.head.i) is not None:
        return ctx.r.entity_at(noun.head.i), 1.0, noun.head.i     # "the Lagos-based fund Adebayo Capital"
    if noun is None or noun is t:
        # the participle may head the phrase: take the next name within a few tokens
        for k in range(t.i + 1, min(t.i + 6, t.sent.end)):
            e = ctx.r.entity_at(k)
            if e is not None:
                return e, 0.9, k
            if ctx.doc[k].text in _STOP_PUNCT:
                break
        return None
    if noun.dep_ == "appos" and noun.tag_ == "NN":
        last = [c for c in noun.head.conjuncts if noun.head.i < c.i < noun.i]
        if last:        # "Uber, DoorDash and Airtasker, the Sydney-based marketplace": the last one
            e, conf = ctx.entity(max(last, key=lambda c: c.i))
            return (e, conf * 0.9, max(c.i for c in last)) if e is not None else None
    e, conf = ctx.entity(noun)
    if e is not None:
        return e, conf, noun.i
    k = t.i - 1
    while k > t.sent.start and ctx.doc[k].text not in (",", "(") and ctx.doc[k].lower_ not in ("a", "an"):
        k -= 1
    if ctx.doc[k].lower_ in ("a", "an") and k - 2 >= t.sent.start and ctx.doc[k - 1].text == ",":
        e = ctx.r.entity_at(k - 2)          # "Skillmint, a Berlin-based marketplace"
        if e is not None:
            return e, 0.9, k - 2
    if noun.dep_ == "appos":
        e, conf = ctx.entity(noun.head)
        if e is not None:
            return e, conf * 0.95, noun.head.i
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":       # "X is an Accra-based platform"
        for s_ in noun.head.children:
            if s_.dep_ == "nsubj":
                e, conf = ctx.entity(s_)
                if e is not None:
                    return e, conf * 0.95, s_.i
    for k in range(t.i + 1, min(noun.i + 4, t.sent.end)):
        e = ctx.r.entity_at(k)
        if e is not None:
            return e, 0.9, k
    return None


_OWN_THINGS = {"company", "venture", "startup", "start-up", "business", "firm", "agency", "studio",
               "platform", "marketplace", "consultancy", "practice", "label", "shop"}


def _own_venture(ctx, sent, noun):
    """"kickstarting his own venture, Ripe", "she set up her own agency, Kiln": the owner founded it."""
    owner = next((c for c in noun.children if c.dep_ == "poss" and c.lower_ in ("his", "her", "their", "my")),
                 None)
    if owner is None:
        return []
    person, cp = ctx.entity(owner) if owner.lower_ != "my" else (_narrator(ctx, owner), 0.75)
    if person is None or person.type != schema.PERSON:
        return []
    named = [a for c in noun.children if c.dep_ == "appos" for a in ctx.args(c)]
    if not named and noun.i + 2 < noun.sent.end and ctx.doc[noun.i + 1].text == ",":
        e = ctx.r.entity_at(noun.i + 2)
        named = [(e, 0.9, noun.i + 2)] if e is not None else []
    return [c for e, ce, ei in named if e.type in _ORGISH
            for c in _cand(ctx, sent, person, "FOUNDED", e, 0.7 * min(cp, ce), (owner.i, ei), "own-venture")]


def _affiliation(ctx, sent, t):
    noun = t if t.pos_ == "NOUN" and t.lemma_.lower() not in ("sister", "parent") else t.head
    owners = []
    for c in noun.children:
        if c.dep_ == "poss":
            e, conf = ctx.entity(c)
            if e is not None:
                owners.append((e, conf, c.i))
    owners += [a for p in ctx.pobj(noun, ("of", "to")) for a in ctx.args(p)]
    others = []
    for c in noun.children:
        if c.dep_ == "appos":
            others += ctx.args(c)
    if noun.dep_ == "appos":
        others += ctx.args(noun.head)
    if noun.dep_ == "attr":
        s = ctx.child(noun.head, "nsubj")
        if s is not None:
            others += ctx.args(s)
    if not others:
        e = ctx.r.entity_at(noun.i + 2) if noun.i + 2 < sent.end and ctx.doc[noun.i + 1].text == "," else None
        if e is not None:
            others.append((e, 0.9, noun.i + 2))
    return [c for o, co, oi in owners for x, cx, xi in others
            for c in _cand(ctx, sent, o, "AFFILIATED_WITH", x, 0.8 * min(co, cx), (oi, xi), "affiliate")]


_DONE_VERBS = {"complete", "close", "finalise", "finalize", "announce", "make", "conclude", "seal"}


def _acquisition_noun(ctx, sent, t):
    buyers = []
    for c in t.children:
        if c.dep_ == "poss":
            e, conf = ctx.entity(c)
            if e is not None:
                buyers.append((e, conf, c.i))
    targets = [a for p in ctx.pobj(t, ("of",)) for a in ctx.args(p)]
    buyers += [a for p in ctx.pobj(t, ("by",)) for a in ctx.args(p)]      # "the acquisition of Y by X"
    if not buyers and t.dep_ == "dobj" and t.head.lemma_.lower() in _DONE_VERBS and not ctx.hedged(t.head):
        buyers = ctx.subjects(t.head)        # "it completed the acquisition of Y"
    for tg in ctx.pobj(t, ("of",)):
        buyers += [a for p in ctx.pobj(tg, ("by",)) for a in ctx.args(p)]
    return [c for b, cb, bi in buyers for x, cx, xi in targets
            for c in _cand(ctx, sent, b, "ACQUIRED", x, 0.8 * min(cb, cx), (bi, xi), "acquisition")]


def _partnership_noun(ctx, sent, t):
    sides = [a for p in ctx.pobj(t, ("between",)) for a in ctx.args(p)]
    if len(sides) >= 2:
        a, b = sides[0], sides[1]
        return _cand(ctx, sent, a[0], "PARTNERS_WITH", b[0], 0.8 * min(a[1], b[1]), (a[2], b[2]), "partnership")
    others = [a for p in ctx.pobj(t, ("with",)) for a in ctx.args(p)]
    owners = []
    for c in t.children:
        if c.dep_ == "poss":
            e, conf = ctx.entity(c)
            if e is not None:
                owners.append((e, conf, c.i))
    if not owners:
        gov = t.head            # "announced a partnership with", "relies on a partnership with"
        while gov.pos_ not in ("VERB", "AUX") and gov.dep_ in ("prep", "pobj", "dobj") and gov.head != gov:
            gov = gov.head
        if gov.pos_ in ("VERB", "AUX") and not ctx.hedged(gov):
            owners = ctx.subjects(gov)
    if not others and len(owners) >= 2:      # "A and B announced a partnership"
        return [c for k, (o, co, oi) in enumerate(owners) for x, cx, xi in owners[k + 1:]
                for c in _cand(ctx, sent, o, "PARTNERS_WITH", x, 0.75 * min(co, cx), (oi, xi), "partnership")]
    return [c for o, co, oi in owners for x, cx, xi in others
            for c in _cand(ctx, sent, o, "PARTNERS_WITH", x, 0.8 * min(co, cx), (oi, xi), "partnership")]


EVENT_NOUNS = {"panel", "line-up", "lineup", "conference", "summit", "event", "meeting", "session",
               "debate", "roundtable", "webinar", "speaker", "panelist", "panellist", "attendee",
               "participant", "delegate", "guest", "keynote", "workshop", "forum", "gathering"}
_LIST_VERBS = {"include", "sit", "feature", "gather", "speak", "join", "attend"}


def participation_rules(ctx: Context, sent) -> list[Candidate]:
    """People listed at a meeting: "On this panel sat A of X, B and C", "The line-up included A,
    B and C", "Those who gathered for an inaugural Association meeting ... The group included A".
    The event is named in the sentence, modifies the meeting noun ("Association meeting",
    "IPSE's conference"), or is the closest event named in the two sentences before."""
    doc = ctx.doc
    people = [m for m in _mention_spans(ctx, sent) if ctx.r.entities[m.entity].type == schema.PERSON]
    if len({m.entity for m in people}) < 2:
        return []
    sents = [sent]
    prev = doc[sent.start - 1].sent if sent.start > 0 else None
    if prev is not None and any(t.lemma_.lower() in _LIST_VERBS for t in sent):
        sents.append(prev)
    trigger, target = None, None
    for s in sents:
        for t in s:
            if t.lemma_.lower() in EVENT_NOUNS and t.pos_ == "NOUN":
                trigger = trigger or t
                for c in t.children:
                    if c.dep_ in ("compound", "poss", "nmod"):
                        e, _ = ctx.entity(c)
                        if e is not None and (e.type == schema.EVENT or e.type == schema.ORGANIZATION and
                                              t.lemma_.lower() in ("meeting", "gathering", "session")):
                            target = target or (e, c.i)
        if target is not None:
            break
    if trigger is None:
        return []
    if target is None:
        named = [m for m in _mention_spans(ctx, sent) if ctx.r.entities[m.entity].type == schema.EVENT]
        if named:
            target = (ctx.r.entities[named[0].entity], named[0].start)
    if target is None:
        # "Other speakers included A and B" in a recap: the event the article last named
        reach = 8 if trigger.lemma_.lower() in _PARTICIPANT_NOUNS else 2
        e = ctx.r._closest(trigger.i, (schema.EVENT,), max_sents=reach)
        if e is not None:
            target = (e, trigger.i)
    if target is None:
        return []
    event, ei = target
    out = []
    makers = {a[0].index for v in sent if v.lemma_.lower() in FOUND_VERBS | HOST_VERBS and ctx.is_passive(v)
              for a in ctx.agents(v)}        # "The event was created by A and B": organisers, not guests
    for m in people:
        if m.entity in makers:
            continue
        if m.entity != event.index and doc[m.start:m.end].root.dep_ not in ("nsubj",) or \
                any(c.lower_ in ("include", "included") for c in doc[m.start:m.end].root.ancestors):
            out += _cand(ctx, sent, ctx.r.entities[m.entity], "PARTICIPATED_IN", event, 0.5, (m.start, ei),
                         "participants")
    return out


_OPEN_CLOSE = {"open", "close", "kick", "end", "start", "wrap"}
#: Nouns naming the people of a programme: their list reaches back to the event a recap is about.
_PARTICIPANT_NOUNS = {"speaker", "panelist", "panellist", "attendee", "participant", "delegate", "keynote",
                      "line-up", "lineup"}

#: Slots of a programme: a person who speaks "in a keynote" or "on a panel" took part in the event.
_SLOT_NOUNS = {"keynote", "panel", "session", "talk", "presentation", "fireside", "workshop", "address", "speech",
               "lecture", "remarks",
               "roundtable", "debate", "plenary", "masterclass"}


def slot_rules(ctx: Context, sent) -> list[Candidate]:
    """"In a keynote, A told the audience", "A spoke on a panel alongside B": A (and B) took part
    in the event the sentence names, or else the event the article last named (within 8 sentences)."""
    if not ctx.words(sent) & _SLOT_NOUNS:
        return []
    out = []
    for t in sent:
        if t.lemma_.lower() in _SLOT_NOUNS and t.dep_ in ("dobj", "nsubjpass") and \
                t.head.lemma_.lower() in ("deliver", "give", "host", "moderate", "chair", "lead", "run", "make"):
            verb = t.head       # "A delivered the keynote at the Summit", "The keynote will be given by A"
            events = [a for p in ctx.pobj(verb, ("at", "during")) + ctx.pobj(t, ("at", "during"))
                      for a in ctx.args(p) if a[0].type == schema.EVENT]
            if not events and t.lemma_.lower() in ("keynote", "talk", "presentation", "session", "panel", "address",
                                                   "speech", "lecture"):
                e, ce = _event_for(ctx, sent, t.i)     # "will deliver the closing keynote": the event reported
                events = [(e, ce, t.i)] if e is not None else []
            speakers = ctx.agents(verb) if t.dep_ == "nsubjpass" else ctx.subjects(verb)
            if events and not ctx.hedged(verb, announced=True):
                out += [c for person, cp, pi in speakers if person.type == schema.PERSON
                        for e, ce, ei in events
                        for c in _cand(ctx, sent, person, "PARTICIPATED_IN", e, 0.75 * min(cp, ce), (pi, ei), "slot")]
            continue
        if t.lemma_.lower() not in _SLOT_NOUNS or t.dep_ != "pobj" or t.head.lower_ not in ("in", "on", "at", "during") \
                and not (t.head.lower_ == "with" and t.head.head.lemma_.lower() in _OPEN_CLOSE):
            continue            # "A closed the second day with a talk on ..." counts too
        verb = t.head.head
        if verb.pos_ not in ("VERB", "AUX") or ctx.hedged(verb):
            continue
        people = [a for a in ctx.subjects(verb) if a[0].type == schema.PERSON]
        people += [a for p in ctx.pobj(verb, ("alongside", "with")) + ctx.pobj(t, ("alongside", "with"))
                   for a in ctx.args(p) if a[0].type == schema.PERSON]
        people += [a for c in t.children if c.dep_ == "prep" and c.lower_ in ("alongside", "with")
                   for p in c.children if p.dep_ == "pobj" for a in ctx.args(p) if a[0].type == schema.PERSON]
        if not people:
            continue
        named = [m for m in _mention_spans(ctx, sent) if ctx.r.entities[m.entity].type == schema.EVENT]
        if named:
            event, ei, conf = ctx.r.entities[named[0].entity], named[0].start, 0.7
        else:
            event, ei, conf = ctx.r._closest(t.i, (schema.EVENT,), max_sents=8), t.i, 0.55
        if event is None:
            continue
        for person, cp, pi in people:
            out += _cand(ctx, sent, person, "PARTICIPATED_IN", event, conf * cp, (pi, ei), "slot")
    return out


def _event_for(ctx, sent, i, bodies=(), exclude=frozenset()):
    """The event a speaking role belongs to: one named in the sentence (not one of ``exclude``, the
    participants themselves), else (for testimony) the committee last named, else the event the
    article last named within 12 sentences."""
    named = [m for m in _mention_spans(ctx, sent) if ctx.r.entities[m.entity].type == schema.EVENT
             and m.entity not in exclude]
    if named:
        return ctx.r.entities[named[0].entity], 0.7
    for head in bodies:
        e = ctx.r._closest_named(i, head)
        if e is not None and e.type == schema.ORGANIZATION:
            return e, 0.65
    e = ctx.r._closest(i, (schema.EVENT,), max_sents=12)
    if e is not None and e.index in exclude:
        return None, 0.0
    return e, 0.55


_SPEAKER_VERBS = {"moderate", "feature", "speak", "testify", "hear", "tell", "address", "brief"}


def speaker_rules(ctx: Context, sent) -> list[Candidate]:
    """Single speakers of a programme or a hearing: "The session will be moderated by A", "a panel
    that will feature A and B", "Also speaking is A", "Also testifying was A", "The committee also
    heard from A". A scheduled talk ("will") counts; a negated one does not."""
    if not ctx.words(sent) & _SPEAKER_VERBS:
        return []
    out = []
    for v in sent:
        lemma = v.lemma_.lower()
        if lemma not in ("moderate", "feature", "speak", "testify", "hear", "tell", "address", "brief") or \
                any(c.dep_ == "neg" for c in v.children):
            continue
        people, bodies, target = [], (), None
        if lemma == "moderate":
            people = ctx.agents(v) if ctx.is_passive(v) else ctx.subjects(v)
        elif lemma == "feature":
            host = v.head if v.dep_ == "relcl" else ctx.child(v, "nsubj")
            if host is None or not (host.lemma_.lower() in EVENT_NOUNS or
                                    (ctx.entity(host)[0] is not None and ctx.entity(host)[0].type == schema.EVENT)):
                continue
            d = ctx.child(v, "dobj")
            people = ctx.args(d) if d is not None else []
        elif lemma in ("speak", "testify") and v.dep_ == "csubj" and v.head.lemma_ == "be":
            people = [a for c in v.head.children if c.dep_ in ("nsubj", "attr") for a in ctx.args(c)]
            bodies = ("committee", "hearing") if lemma == "testify" else ()
        elif lemma in ("speak", "testify") and v.tag_ == "VBG" and \
                any(c.dep_ == "nsubj" and c.i > v.i for c in v.children) and \
                any(c.dep_ == "aux" and c.lemma_ == "be" and c.i > v.i for c in v.children):
            # "Also speaking is A" parsed with A as the (inverted) subject
            people = [a for c in v.children if c.dep_ == "nsubj" for a in ctx.args(c)]
            bodies = ("committee", "hearing") if lemma == "testify" else ()
        elif lemma in ("tell", "address", "brief") and not ctx.is_passive(v):
            d = ctx.child(v, "dobj", "dative")
            if d is None or d.lemma_.lower() not in ("committee", "hearing", "inquiry"):
                continue            # "told the committee": testimony at the committee's hearing
            people = ctx.subjects(v)
            bodies = (d.lemma_.lower(),)
        elif lemma == "hear" and not ctx.is_passive(v):
            subj = ctx.child(v, "nsubj")
            if subj is None or subj.lemma_.lower() not in ("committee", "panel", "hearing", "council", "inquiry"):
                continue
            people = [a for p in ctx.pobj(v, ("from",)) for a in ctx.args(p)]
            bodies = (subj.lemma_.lower(),)
        # people, and for a hearing also the organisations that gave evidence
        people = [a for a in people if a[0].type == schema.PERSON or lemma == "hear" and a[0].type in _ORGISH]
        if not people:
            continue
        event, conf = _event_for(ctx, sent, v.i, bodies)
        if event is None:
            continue
        for person, cp, pi in people:
            out += _cand(ctx, sent, person, "PARTICIPATED_IN", event, conf * cp, (pi, v.i), "speaker")
    return out


_OFFICE_NOUNS = {"office", "headquarters", "headquarter", "hq", "hub"}
_RUN_VERBS = {"run", "lead", "head", "manage"}
#: "opened an office in X", "also has offices in X and Y"
_OFFICE_VERBS = {"open", "launch", "establish", "set", "have", "operate", "maintain", "run", "add"}


def _owner(ctx, tok):
    """Whose thing: a named or pronoun owner; "our" / "we" is the organisation the article is about."""
    if tok.lower_ in ("our", "we", "us"):
        e = _topic_org(ctx, tok.i)
        return (e, 0.7) if e is not None else (None, 0.0)
    e, conf = ctx.entity(tok)
    return (e, conf) if e is not None and e.type in _ORGISH else (None, 0.0)


def office_rules(ctx: Context, sent) -> list[Candidate]:
    """"It opened an office in Nairobi", "Its sales office in London is run by A", "Our office in
    Brussels ... is run by B": the organisation is located in the city; who runs the office works
    for it."""
    if not ctx.words(sent) & _OFFICE_NOUNS:
        return []
    out = []
    for t in sent:
        if t.pos_ != "NOUN" or t.lemma_.lower() not in _OFFICE_NOUNS:
            continue
        places = [a for p in ctx.pobj(t, ("in",)) for a in ctx.args(p) if a[0].type == schema.PLACE]
        if not places and t.dep_ == "nsubj" and t.head.lemma_ in ("be", "sit", "remain", "stay"):
            places = [a for p in ctx.pobj(t.head, ("in",)) for a in ctx.args(p) if a[0].type == schema.PLACE]
        if not places and t.dep_ == "dobj" and t.head.lemma_.lower() in _OFFICE_VERBS:
            places = [a for p in ctx.pobj(t.head, ("in",)) for a in ctx.args(p) if a[0].type == schema.PLACE]
        gov = t
        while gov.dep_ in ("pobj", "prep", "dobj", "nsubj", "nsubjpass") and gov.head != gov:
            gov = gov.head
        if not places or t.dep_ != "pobj" and ctx.hedged(gov) or \
                t.dep_ == "pobj" and t.head.lower_ in ("to", "into") and ctx.hedged(gov):
            continue            # "staff will move to its new office in Nairobi": not yet there
        places += _place_appositions(ctx, places)      # "an office in Manila, Philippines"
        owners = []
        poss = ctx.child(t, "poss")
        if poss is not None:
            e, c = _owner(ctx, poss)
            owners = [(e, c, poss.i)] if e is not None else []
        elif t.dep_ == "pobj" and t.head.lower_ == "with" and t.head.head.pos_ in ("VERB", "AUX"):
            gov = t.head.head   # "is headquartered in Berlin, with offices in Paris and Madrid"
            owners = [a for a in (ctx.passive_objects(gov) if ctx.is_passive(gov) else ctx.subjects(gov))
                      if a[0].type in _ORGISH]
        elif t.dep_ == "dobj" and t.head.lemma_.lower() in _OFFICE_VERBS and \
                not ctx.hedged(t.head):
            for subj in [c for c in t.head.children if c.dep_ == "nsubj"]:
                e, c = _owner(ctx, subj)
                if e is not None:
                    owners.append((e, c, subj.i))
            if not owners:
                owners = [a for a in ctx.subjects(t.head) if a[0].type in _ORGISH]
        for o, co, oi in owners:
            for p, cp, pi in places:
                out += _cand(ctx, sent, o, "LOCATED_IN", p, 0.7 * min(co, cp), (oi, t.i, pi), "office-in")
            if t.dep_ in ("nsubj", "nsubjpass"):
                verbs = [t.head] + [c for c in t.head.conjuncts if c.i > t.head.i]
                for v in verbs:
                    if v.lemma_.lower() in _RUN_VERBS and ctx.is_passive(v) and not ctx.hedged(v, strict=False):
                        for person, cpe, pei in ctx.agents(v):
                            if person.type == schema.PERSON:
                                out += _cand(ctx, sent, person, "WORKS_FOR", o, 0.7 * min(co, cpe),
                                             (pei, v.i, oi), "office-run-by", "head of office")
    return out


_STAGE_NOUNS = {"stage", "panel", "podium", "platform", "bill", "programme", "program", "agenda", "line-up",
                "lineup"}
_HEARING_BODIES = ("committee", "hearing", "inquiry", "council", "panel")
#: verbs of a hearing or a debate whose subject took part: "asked the committee", "questioned witnesses"
_FLOOR_VERBS = {"ask", "urge", "warn", "question", "tell", "testify", "argue", "call"}
#: words that make a sentence part of a hearing's or a programme's account
_RECAP_WORDS = {"committee", "hearing", "witness", "witnesses", "testimony", "panel", "conference", "summit",
                "keynote", "session", "audience", "stage", "delegates", "inquiry", "senators", "councillors"}


#: Verbs of winning an award ("Kreasi was named Platform of the Year", "A won the Rising Star award").
_AWARD_VERBS = {"name", "crown", "vote", "win", "scoop", "collect", "accept", "receive", "take"}
_AWARD_NOUNS = {"award", "prize", "trophy", "title", "honour", "honor", "accolade", "gong"}
_RECAP_VERBS = {"be", "come", "follow", "testify", "go", "send", "attend", "join"} | _OPEN_CLOSE | _FLOOR_VERBS | \
    HOST_VERBS | _AWARD_VERBS
_RECAP_TRIGGERS = (_RECAP_VERBS - {"be", "go"}) | _STAGE_NOUNS | _PARTICIPANT_NOUNS | \
    {"witness", "speaker", "award", "prize", "trophy", "year", "place"}


def _an_award(ctx, v) -> bool:
    """"was named Platform of the Year", "won the Rising Star award", "took the top prize"."""
    if v.lemma_.lower() in ("name", "crown", "vote"):
        if not ctx.is_passive(v):
            return False
        slots = [c for c in v.children if c.dep_ in ("oprd", "attr", "xcomp", "dobj")]
    else:
        if ctx.is_passive(v) or v.lemma_.lower() in ("take", "receive", "accept", "collect") and \
                ctx.child(v, "dobj") is None:
            return False
        slots = [c for c in v.children if c.dep_ == "dobj"]
    return any(t.lower_ == "year" and t.head.lower_ == "of" or t.lemma_.lower() in _AWARD_NOUNS or
               t.lower_ in ("winner", "champion")
               for c in slots for t in c.subtree)


def recap_rules(ctx: Context, sent) -> list[Candidate]:
    """Who took part, in an account of a programme or a hearing: "On stage were A, B and C", "The
    opening keynote came from A", "A opened / closed the conference", "The first witness was A",
    "She was followed by A and by B", "A told / asked / urged the committee", "B and C questioned
    witnesses". The event is one named in the sentence, the committee named before (hearings), or
    the event the article last named."""
    if not ctx.words(sent) & _RECAP_TRIGGERS:
        return []
    out = []
    doc = ctx.doc
    for v in sent:
        lemma = v.lemma_.lower()
        if lemma not in _RECAP_VERBS or v.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in v.children):
            continue
        people, bodies = [], ()
        if lemma == "be" and any(p.lemma_.lower() in _STAGE_NOUNS for p in ctx.pobj(v, ("on",))):
            people = [a for c in v.children if c.dep_ in ("nsubj", "attr") for a in ctx.args(c)]
        elif lemma == "be" and ctx.child(v, "nsubj") is not None and \
                ctx.child(v, "nsubj").lemma_.lower() in _PARTICIPANT_NOUNS | {"witness", "speaker"}:
            people = [a for c in v.children if c.dep_ == "attr" for a in ctx.args(c)]     # "The first witness was A"
            bodies = _HEARING_BODIES if ctx.child(v, "nsubj").lemma_.lower() == "witness" else ()
        elif lemma == "come" and ctx.child(v, "nsubj") is not None and \
                ctx.child(v, "nsubj").lemma_.lower() in _SLOT_NOUNS | {"speech", "address"}:
            people = [a for p in ctx.pobj(v, ("from",)) for a in ctx.args(p)]     # "The keynote came from A"
        elif lemma in _OPEN_CLOSE and not ctx.is_passive(v) and ctx.child(v, "dobj") is not None and \
                ctx.child(v, "dobj").lemma_.lower() in EVENT_NOUNS | {"hearing", "proceedings", "day", "event",
                                                                      "session", "debate"}:
            people = ctx.subjects(v)        # "A opened the hearing", "B closed the conference"
            bodies = ("committee", "hearing") if ctx.child(v, "dobj").lemma_.lower() == "hearing" else ()
        elif lemma == "follow" and ctx.is_passive(v) and \
                any(w.lower_ in _RECAP_WORDS for w in _window_words(ctx, sent)):
            people = ctx.agents(v)          # "She was followed by A and by B"
            bodies = _HEARING_BODIES
        elif lemma in _FLOOR_VERBS and not ctx.is_passive(v) and \
                any(c.dep_ in ("dobj", "dative") and c.lemma_.lower() in ("committee", "panel", "witness", "council",
                                                                          "senator", "councillor", "audience",
                                                                          "member", "minister", "mp", "td")
                    for c in v.children):
            people = ctx.subjects(v)        # "asked the committee to ...", "questioned witnesses"
            bodies = _HEARING_BODIES
        elif lemma == "go" and ctx.child(v, "nsubj") is not None and \
                (ctx.child(v, "nsubj").lemma_.lower() in ("award", "prize", "trophy", "title", "place") or
                 any(t.lower_ == "year" for t in ctx.child(v, "nsubj").subtree)):
            people = [a for p in ctx.pobj(v, ("to",)) for a in ctx.args(p)]    # "Freelancer of the Year went to A"
        elif lemma in HOST_VERBS and ctx.is_passive(v) and ctx.child(v, "nsubjpass") is not None and \
                ctx.child(v, "nsubjpass").lemma_.lower() in ("evening", "night", "ceremony", "event", "session",
                                                            "panel", "debate", "gala", "dinner"):
            people = ctx.agents(v)          # "The evening was hosted by comedian Freja Holm"
        elif lemma == "send" and not ctx.is_passive(v) and ctx.child(v, "dobj") is not None and \
                ctx.child(v, "dobj").lemma_.lower() in ("delegate", "delegation", "team", "representative", "speaker"):
            people = [a for a in ctx.subjects(v) if a[0].type in _ORGISH]      # "X also sent delegates"
            people += [a for c in v.children if c.dep_ == "advcl" and c.lemma_ == "do"
                       for a in ctx.subjects(c) if a[0].type in _ORGISH]
        elif lemma in ("attend", "join") and ctx.child(v, "nsubj") is not None and \
                ctx.child(v, "nsubj").lemma_.lower() in ("representative", "delegate", "delegation", "team"):
            people = [a for p in ctx.pobj(ctx.child(v, "nsubj"), ("of", "from")) for a in ctx.args(p)]
        elif lemma == "testify" and not ctx.is_passive(v) and v.dep_ != "csubj":
            people = ctx.subjects(v)        # "A, who testified for ShiftLoop, said ..."
            bodies = _HEARING_BODIES
        elif lemma in _AWARD_VERBS and _an_award(ctx, v):
            people = ctx.passive_objects(v) if ctx.is_passive(v) else ctx.subjects(v)
            if not any(e.type == schema.EVENT for m in _mention_spans(ctx, sent)
                       for e in (ctx.r.entities[m.entity],)) and not ctx.r._closest(v.i, (schema.EVENT,), max_sents=6):
                continue        # an award named far from any event is not said to be won there
        people = [a for a in people if a[0].type == schema.PERSON or lemma in ("send", "attend", "join") or
                  lemma in _AWARD_VERBS and a[0].type in _ORGISH]
        if not people or ctx.hedged(v, strict=False, announced=True):
            continue
        event, conf = _event_for(ctx, sent, v.i, bodies, exclude={a[0].index for a in ctx.subjects(v)})
        if event is None:
            continue
        for person, cp, pi in people:
            out += _cand(ctx, sent, person, "PARTICIPATED_IN", event, 0.9 * conf * cp, (pi, v.i), "recap")
    return out


def _window_words(ctx, sent, back: int = 5):
    """The tokens of ``sent`` and of the ``back`` sentences before it."""
    start = sent.start
    for _ in range(back):
        if start == 0:
            break
        start = ctx.doc[start - 1].sent.start
    return ctx.doc[start:sent.end]


_MONEY_VERBS = {"come", "give", "award", "grant", "provide", "hand", "write"} | FUND_VERBS


def money_rules(ctx: Context, sent) -> list[Candidate]:
    """Funding stated by what the money does: "Early money came from A and from B", "B has given the
    coalition a £40,000 grant", "A is sponsoring the campaign's website"."""
    if not ctx.words(sent) & _MONEY_VERBS:
        return []
    out = []
    for v in sent:
        lemma = v.lemma_.lower()
        if lemma not in _MONEY_VERBS or v.pos_ != "VERB" or ctx.hedged(v):
            continue
        subj = ctx.child(v, "nsubj")
        if lemma == "come" and subj is not None and (subj.lemma_.lower() in _MONEY_NOUNS | FUNDING_NOUNS |
                                                    {"cheque", "check", "cash"}):
            target = _funding_owner(ctx, subj)
            funders = [a for p in ctx.pobj(v, ("from",)) for a in ctx.args(p)]
            out += [c for f, cf, fi in funders if target is not None and f.index != target.index
                    for c in _cand(ctx, sent, f, "FUNDS", target, 0.65 * cf, (fi, v.i), "money-from")]
        elif lemma == "write" and ctx.child(v, "dobj") is not None and \
                ctx.child(v, "dobj").lemma_.lower() in ("cheque", "check"):
            near = {t.lemma_.lower() for t in _window_words(ctx, sent, 1)}
            if not near & (FUNDING_NOUNS | INVEST_ROLES | {"angel", "seed"}):
                continue
            target = _topic_org(ctx, v.i) or ctx.funding_target     # "A, a local angel, wrote a cheque of $150,000"
            out += [c for f, cf, fi in ctx.subjects(v) if target is not None and f.index != target.index
                    for c in _cand(ctx, sent, f, "FUNDS", target, 0.6 * cf, (fi, v.i), "wrote-cheque")]
        elif lemma in ("give", "award", "grant", "provide", "hand") and not ctx.is_passive(v):
            d = ctx.child(v, "dobj")
            if d is None or d.lemma_.lower() not in _MONEY_NOUNS | FUNDING_NOUNS and d.ent_type_ != "MONEY":
                continue
            receivers = [a for c in v.children if c.dep_ == "dative" for a in ctx.args(c)]
            receivers += [a for p in ctx.pobj(v, ("to",)) for a in ctx.args(p)]
            out += [c for f, cf, fi in ctx.subjects(v) for r, cr, ri in receivers
                    for c in _cand(ctx, sent, f, "FUNDS", r, 0.75 * min(cf, cr), (fi, v.i, ri), "gave-grant")]
        elif lemma in FUND_VERBS and not ctx.is_passive(v):
            d = ctx.child(v, "dobj")        # "is sponsoring the campaign's website": the campaign
            if d is None or ctx.r.entity_at(d.i) is not None or ctx.entity(d)[0] is not None:
                continue
            owners = [(e, ce, c.i) for c in d.children if c.dep_ == "poss" for e, ce in (ctx.entity(c),)
                      if e is not None and e.type in (schema.EVENT, schema.ORGANIZATION)]
            out += [c for f, cf, fi in ctx.subjects(v) for o, co, oi in owners
                    for c in _cand(ctx, sent, f, "FUNDS", o, 0.7 * min(cf, co), (fi, v.i, oi), "sponsors-part")]
    return out


_HOLDER_NOUNS = {"shareholder", "stakeholder", "investor", "backer", "owner"}
_STAKE_NOUNS = {"stake", "share", "shareholding", "holding", "%", "percent", "cent"}
_GRANT_NOUNS = {"grant", "award", "donation", "gift", "prize", "scholarship", "bursary"}


def stake_rules(ctx: Context, sent) -> list[Candidate]:
    """Funding stated by ownership or by where a funder's grant goes: "The largest outside
    shareholder is A", "B owns 14%", "C holds a 9% stake in X"; in an article about one funder's
    grants, "The largest grant goes to X", "Y receives £550,000", "The third grant will fund Z"."""
    words = ctx.words(sent)
    if not words & (_HOLDER_NOUNS | _STAKE_NOUNS | _GRANT_NOUNS | {"own", "receive"}):
        return []
    out = []
    for v in sent:
        lemma = v.lemma_.lower()
        if v.pos_ not in ("VERB", "AUX") or ctx.hedged(v):
            continue
        subj = ctx.child(v, "nsubj")
        if lemma == "be" and subj is not None and subj.lemma_.lower() in _HOLDER_NOUNS and \
                ctx.r.entity_at(subj.i) is None and ctx.entity(subj)[0] is None:
            holders = [a for c in v.children if c.dep_ == "attr" for a in ctx.args(c)]
            out += _holdings(ctx, sent, v, holders, subj)       # "The largest shareholder is A"
        elif lemma in ("own", "hold") and ctx.child(v, "dobj") is not None:
            d = ctx.child(v, "dobj")
            if d.lemma_.lower() in _STAKE_NOUNS or d.ent_type_ == "PERCENT":
                out += _holdings(ctx, sent, v, ctx.subjects(v), d)      # "B owns 14%", "holds a stake in X"
        elif subj is not None and subj.lemma_.lower() in _GRANT_NOUNS and ctx.r.entity_at(subj.i) is None:
            funder = _grant_funder(ctx, sent, v)
            if lemma == "go":
                got = [a for p in ctx.pobj(v, ("to",)) for a in ctx.args(p)]   # "The largest grant goes to X"
            elif lemma in FUND_VERBS | {"support", "help"}:
                got = [a for c in v.children if c.dep_ == "dobj" for a in ctx.args(c)]   # "will fund Z"
            else:
                got = []
            out += [c for r, cr, ri in got if funder is not None and r.type != schema.PERSON
                    for c in _cand(ctx, sent, funder, "FUNDS", r, 0.6 * cr, (ri, v.i), "grant-goes")]
        elif lemma == "receive" and not ctx.is_passive(v) and ctx.child(v, "dobj") is not None and \
                (ctx.child(v, "dobj").ent_type_ == "MONEY" or ctx.child(v, "dobj").lemma_.lower() in _GRANT_NOUNS):
            funder = _grant_funder(ctx, sent, v)         # "Y receives £550,000 to expand ..."
            if funder is None or any(p.lower_ == "from" for p in v.children):
                continue
            out += [c for r, cr, ri in ctx.subjects(v) if r.type != schema.PERSON
                    for c in _cand(ctx, sent, funder, "FUNDS", r, 0.55 * cr, (ri, v.i), "grant-received")]
    return out


def _holdings(ctx, sent, v, holders, noun):
    """FUNDS from each holder to what it holds: "in X" / "of X" after the stake noun, else the
    company the article is about."""
    owned = [a for p in ctx.pobj(noun, ("in", "of")) for a in ctx.args(p)]
    if not owned:
        target = _topic_org(ctx, v.i) or ctx.funding_target
        owned = [(target, 0.7, v.i)] if target is not None else []
    return [c for h, ch, hi in holders if h.type in (schema.FUNDER, schema.ORGANIZATION, schema.PLATFORM,
                                                      schema.PERSON)
            for o, co, oi in owned if o.index != h.index and o.type in (schema.ORGANIZATION, schema.PLATFORM)
            for c in _cand(ctx, sent, h, "FUNDS", o, 0.65 * min(ch, co), (hi, v.i, oi), "holding")]


def _grant_funder(ctx, sent, v):
    """Whose grant: the one funder the sentence names, else the funder the article names most."""
    named = {m.entity for m in ctx.r.in_span(sent.start, sent.end)
             if ctx.r.entities[m.entity].type == schema.FUNDER}
    if len(named) == 1:
        return ctx.r.entities[named.pop()]
    return _top_funder(ctx, v.i) if not named else None


_INVESTOR_TITLES = {"partner", "principal", "associate", "investor", "general partner", "managing partner",
                    "venture partner", "analyst"}


def byline_rules(ctx: Context, sent) -> list[Candidate]:
    """A post's byline, "By Astrid Berg, Partner" / "Posted by A, Head of Community": the author
    works for the organisation the post is about (an investor's post: for the investor)."""
    k0 = _first_word(sent)
    if k0 >= sent.end or ctx.doc[k0].lower_ not in ("by", "posted", "written"):
        return []
    words = [t for t in sent if not t.is_space]
    k = 0
    if len(words) > 1 and words[0].lower_ in ("posted", "written") and words[1].lower_ == "by":
        k = 2
    elif words and words[0].lower_ == "by":
        k = 1
    else:
        return []
    m = ctx.r.at.get(words[k].i) if k < len(words) else None
    if m is None or ctx.r.entities[m.entity].type != schema.PERSON or m.start != words[k].i:
        return []
    rest = [t for t in words if t.i >= m.end]
    if not rest or rest[0].text != "," or len(rest) > 8:
        return []
    title = [t for t in rest[1:] if not t.is_punct]
    roles = role_predicates(title)
    if not roles:
        return []
    text = " ".join(t.text for t in title).lower()
    org = _top_funder(ctx, sent.start) if text in _INVESTOR_TITLES else None
    org = org or _topic_org(ctx, len(ctx.doc) - 1)
    if org is None:
        return []
    person = ctx.r.entities[m.entity]
    return _emit_roles(ctx, sent, person, 1.0, m.start, org, 0.7, m.start, title, False, "byline")


_BULLETS = {"-", "–", "—", "•", "*", "·"}
_LIST_MEMBER_WORDS = {"member", "members", "council", "board", "committee", "signatories", "affiliates"}
_LIST_FUNDER_WORDS = {"angel", "angels", "investor", "investors", "backer", "backers", "round"}
_LIST_SPEAKER_WORDS = {"speaker", "speakers", "panelist", "panelists", "panellist", "panellists", "line-up",
                       "lineup", "judges", "guests"}


def list_rules(ctx: Context, sent) -> list[Candidate]:
    """Bulleted lines under a line that ends with a colon: "The council's members are:" / "the round
    drew a long list of angels:" / "Speakers include:", then "- A, national secretary of X", one per
    line. Each line's first name is a member of the body, a backer of the round or a speaker."""
    doc = ctx.doc
    k0 = _first_word(sent)
    if k0 >= sent.end:
        return []
    prev_last = sent.start - 1
    while prev_last >= 0 and doc[prev_last].is_space:
        prev_last -= 1
    if doc[k0].text not in _BULLETS and (prev_last < 0 or doc[prev_last].text not in _BULLETS | {":"}):
        return []                   # cheap exit: neither a bullet line nor a line right after one or a colon
    words = [t for t in sent if not t.is_space]
    bullet = words[0].text in _BULLETS
    if not bullet and sent.start > 0 and doc[sent.start - 1].sent.text.strip() in _BULLETS:
        bullet = True               # the parser put the bullet in a sentence of its own
    first = words[1] if words[0].text in _BULLETS and len(words) > 1 else words[0]
    m = ctx.r.at.get(first.i)
    if m is None or m.start != first.i or m.entity < 0:
        return []
    head, k = None, sent.start
    for _ in range(15):             # walk back over the list's earlier lines to its heading
        if k == 0:
            break
        prev = doc[k - 1].sent
        text = prev.text.strip()
        if text.endswith(":"):
            head = prev
            break
        before = doc[prev.start - 1].sent.text.strip() if prev.start > 0 else ""
        if not text or text[0] not in _BULLETS and before not in _BULLETS:
            break           # not a list line (a bullet may sit in a sentence of its own)
        k = prev.start
    if head is None or not bullet and head.end != sent.start and doc[head.end - 1].text != ":":
        return []
    item = ctx.r.entities[m.entity]
    hw = {t.lower_ for t in head}
    if hw & _LIST_FUNDER_WORDS and ctx.funding_target is not None:
        return _cand(ctx, sent, item, "FUNDS", ctx.funding_target, 0.6, (m.start,), "list-item")
    if hw & _LIST_SPEAKER_WORDS and item.type == schema.PERSON:
        event, conf = _event_for(ctx, head, head.start)
        return _cand(ctx, sent, item, "PARTICIPATED_IN", event, 0.6 * conf, (m.start,), "list-item") if event else []
    if hw & _LIST_MEMBER_WORDS:
        bodies = [ctx.r.entities[x.entity] for x in _mention_spans(ctx, head)
                  if ctx.r.entities[x.entity].type == schema.ORGANIZATION]
        for t in head:
            if not bodies and t.lower_ in ("its", "their") and t.dep_ == "poss":
                e, _ = ctx.r.resolve(t)         # "Its members are:"
                bodies = [e] if e is not None and e.type == schema.ORGANIZATION else []
        if not bodies:
            for t in head:
                if t.lemma_.lower() in _BODY_NOUNS:
                    e = ctx.r._closest_named(t.i, t.lemma_.lower())
                    if e is not None:
                        bodies = [e]
                        break
        if bodies and bodies[0].index != item.index:
            return _cand(ctx, sent, item, "MEMBER_OF", bodies[0], 0.6, (m.start,), "list-item")
    return []


RULES = (verb_rules, role_rules, np_rules, participation_rules, slot_rules, speaker_rules, office_rules,
         recap_rules, money_rules, stake_rules, byline_rules, list_rules)


_EARLIER = {"first", "originally", "previously", "formerly", "initially", "once", "earlier"}
_NAME_VERBS = {"operate", "trade", "start", "launch", "begin", "run", "found", "exist", "set",
               "know", "call", "name", "brand"}


def former_names(ctx: Context, sent) -> list[tuple[DocEntity, DocEntity]]:
    """(old name's entity, entity it names) for "X first operated under the name Y",
    "X, formerly known as Y", "X, previously called Y", "began life as Y": a former name is an
    alias of the same entity (schema.md), not a second entity."""
    pairs = []
    for tok in sent:
        old = ctx.r.entity_at(tok.i)
        if old is None or tok.dep_ not in ("appos", "pobj", "oprd", "attr", "dobj"):
            continue
        verb, head = None, tok.head
        if tok.dep_ == "appos" and head.lemma_.lower() == "name" and head.dep_ == "pobj":
            head = head.head                      # "under the name Y"
        if head.dep_ == "prep" and head.lower_ in ("under", "as"):
            verb = head.head
        elif tok.dep_ in ("oprd", "attr", "dobj") and head.pos_ == "VERB" and \
                (head.dep_ == "acl" or ctx.is_passive(head)):
            verb = head                           # "X, previously called Y" (not "named A as CFO")
        if verb is None or verb.lemma_.lower() not in _NAME_VERBS:
            continue
        earlier = any(c.lower_ in _EARLIER or c.lower_ == "life" for c in verb.children)
        if not earlier:
            continue
        passive = ctx.is_passive(verb) or verb.dep_ == "acl"
        targets = ctx.passive_objects(verb) if passive else ctx.subjects(verb)
        for new, conf, _ in targets:
            if new.index != old.index and conf >= 0.5 and \
                    (new.type == old.type or {new.type, old.type} <= {schema.ORGANIZATION, schema.PLATFORM,
                                                                      schema.FUNDER, schema.PERSON}
                     and new.type != schema.PERSON):
                pairs.append((old, new))
    return pairs
