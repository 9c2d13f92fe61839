"""Ingest benchmark: full ingest vs spaCy's own ``nlp.pipe`` on the same synthetic articles.

    .venv/bin/python bench/ingest_bench.py --articles 1000        # default
    .venv/bin/python bench/ingest_bench.py --articles 200 --json  # quicker

Generates N synthetic news articles (about 1,000 words each) from templates with real-looking
names, then, in one process and in this order:

1. baseline: ``nlp.pipe`` over the texts (the spaCy work extraction cannot avoid);
2. full ingest (read JSONL, extract, resolve, write in batches) into a temporary store, 1 worker;
3. the same with ``--workers 2`` (spaCy ``n_process=2``) into another temporary store.

Reports seconds, articles/s, words/s, the ratio full ingest / spaCy (the target: at most 1.25,
i.e. ingest adds at most 25% to spaCy's time), the workers-2 / workers-1 ratio and peak memory
(ru_maxrss of this process and of its worker children). Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

FIRST = """Amara Ingrid Tomas Petra Ravi Orla Jonas Julia Mateo Sofia Lukas Hana Kofi Elena Marco
Aisha Daniel Chiara Noah Leila Viktor Nadia Oscar Yuki Samuel Greta Tariq Ines Felix Maya Arjun Clara
Emeka Zofia Pablo Freya Hugo Anika Diego Selma""".split()
LAST = """Nwosu Solberg Verhoeven Okafor Menon Byrne Nielsen Moreau Rossi Lindqvist Kowalski Haddad
Tanaka Fischer Mensah Duarte Petrovic Alvarez Schneider Ibrahim Novak Castillo Brennan Hoffmann Sato
Varga Adeyemi Lambert Eriksen Costa Kaur Dubois Jansen Horvat Oyelaran Marsh Quinn Abara Wolfe Reyes""".split()
PLATFORM_A = """Quill Bright Harbour Gig Skill Lumen Talent Crew Task Work Field North Kestrel Hive Pixel
Craft Bridge Spark Atlas Nimbus""".split()
PLATFORM_B = "mark loom line harbor forge hub works base desk ly pad stack".split()
FUNDERS = """Northwind Capital|Bluefield Ventures|Saltmarsh Partners|Granite Peak Capital|Orchard Street
Ventures|Tidewater Fund|Lanternlight Capital|Redwood Arch Ventures|Copperline Partners|Meridian Gate
Capital""".replace("\n", " ").split("|")
ORGS = """Independent Workers Alliance|Guild of Remote Professionals|Freelance Standards Council|Coalition
for Fair Contracts|Digital Nomad Association|Institute for Independent Work|Creative Freelancers
Network|Open Talent Forum""".replace("\n", " ").split("|")
PLACES = """Lisbon Berlin Madrid Paris London Dublin Warsaw Lagos Nairobi Bangalore Toronto Austin Denver
Manila Sydney Amsterdam Copenhagen Prague Athens Accra""".split()
EVENTS = ["Remote Work Summit", "Freelance Futures Forum", "Independent Work Week",
          "Gig Economy Congress", "Future of Talent Conference"]

RELATION_TEMPLATES = [
    "{person} founded {platform} in {year}, according to the company.",
    "{platform} was founded by {person} and {person2} in {place}.",
    "{person} is the chief executive of {platform}, which is based in {place}.",
    "{platform} is led by {person}, its chief executive since {year}.",
    "{person} works for {platform} as head of marketplace operations.",
    "{funder} invested in {platform} in a round announced on {weekday}.",
    "{platform} raised new funding from {funder} last {month}.",
    "{platform} joined the {org} earlier this year.",
    "{person} is a member of the {org}, the group said in a statement.",
    "{platform} announced a partnership with {platform2} to share verified profiles.",
    "{platform} acquired {platform2} for an undisclosed sum in {year}.",
    "{person} spoke at the {event} in {place} on {weekday}.",
    "{org} is headquartered in {place}, where it was set up in {year}.",
    "{person2} previously worked for {platform2} before joining {platform}.",
]
FILLER = [
    "Freelancers increasingly expect to be paid within days rather than weeks.",
    "The market for independent work has grown steadily over the past decade.",
    "Clients say the hardest part of hiring remotely is checking skills before a project starts.",
    "Many independent professionals combine several platforms with direct referrals from past clients.",
    "Industry surveys suggest that most freelancers choose independent work for flexibility.",
    "Fees charged by marketplaces remain a frequent source of complaints among sellers.",
    "Analysts expect consolidation among smaller marketplaces as funding becomes harder to find.",
    "Contracts, late payments and access to benefits remain the most common concerns.",
    "Demand for software developers and data specialists was particularly strong this quarter.",
    "Some companies now keep a bench of trusted contractors instead of hiring full-time staff.",
    "Regulators in several countries are reviewing how platform workers are classified.",
    "The company did not disclose revenue figures but said the number of active clients had doubled.",
]
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday".split()
MONTHS = "January February March April May June July August September October November December".split()


def generate_articles(count: int, words: int = 1000, seed: int = 7) -> list[dict]:
    """``count`` synthetic articles of about ``words`` words, as JSONL records (url, title, text)."""
    rng = random.Random(seed)
    persons = [f"{f} {l}" for f in FIRST for l in LAST]
    rng.shuffle(persons)
    platforms = sorted({a + b for a in PLATFORM_A for b in PLATFORM_B})
    rng.shuffle(platforms)
    articles = []
    for n in range(count):
        # each article draws from a small cast so entities recur within it and across articles
        cast = {"person": rng.sample(persons[:600], 4), "platform": rng.sample(platforms[:120], 3)}
        paragraphs, total = [], 0
        while total < words:
            sentences = []
            for _ in range(rng.randint(3, 5)):
                if rng.random() < 0.45:
                    template = rng.choice(RELATION_TEMPLATES)
                    p1, p2 = rng.sample(cast["person"], 2)
                    f1, f2 = rng.sample(cast["platform"], 2)
                    sentence = template.format(
                        person=p1, person2=p2, platform=f1, platform2=f2, funder=rng.choice(FUNDERS),
                        org=rng.choice(ORGS), place=rng.choice(PLACES), event=rng.choice(EVENTS),
                        year=rng.randint(2008, 2024), weekday=rng.choice(WEEKDAYS),
                        month=rng.choice(MONTHS))
                else:
                    sentence = rng.choice(FILLER)
                sentences.append(sentence)
                total += len(sentence.split())
            paragraphs.append(" ".join(sentences))
        title = f"{cast['platform'][0]} and the independent workforce, part {n + 1}"
        articles.append({"url": f"https://bench.example/articles/{n}", "title": title,
                         "date": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                         "text": title + "\n\n" + "\n\n".join(paragraphs)})
    return articles


def peak_rss_mib() -> tuple[float, float]:
    """(this process, largest finished child) peak resident memory in MiB."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return round(me, 1), round(kids, 1)


def run(articles: int, words: int, batch_size: int, model: str | None, skip_workers: bool) -> dict:
    from freelance_kg.graph.store import open_store
    from freelance_kg.ingest.nlp import load_nlp
    from freelance_kg.ingest.pipeline import ingest

    records = generate_articles(articles, words)
    texts = [r["text"] for r in records]
    n_words = sum(len(t.split()) for t in texts)
    workdir = Path(tempfile.mkdtemp(prefix="fkg-ingest-bench-"))
    try:
        corpus = workdir / "articles.jsonl"
        corpus.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
        nlp = load_nlp(model)
        list(nlp.pipe(texts[:5]))                         # warm-up (lazy init, caches)

        gc.collect()
        t0 = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        spacy_s = time.perf_counter() - t0
        rss_after_spacy = peak_rss_mib()[0]

        def full(workers: int, name: str) -> tuple[float, dict]:
            gc.collect()
            with open_store("oxigraph", str(workdir / name)) as store:
                t = time.perf_counter()
                summary = ingest([str(corpus)], store, workers=workers, batch_size=batch_size, nlp=nlp)
                seconds = time.perf_counter() - t
            if summary.new + len(summary.failed) != articles:
                raise SystemExit(f"benchmark ingest lost documents: {summary.to_dict()}")
            return seconds, summary.to_dict()

        one_s, one = full(1, "store-w1")
        rss_after_ingest = peak_rss_mib()[0]
        result = {
            "articles": articles, "words": n_words, "model": nlp.meta.get("name", str(model)),
            "spacy_pipe_s": round(spacy_s, 2),
            "ingest_w1_s": round(one_s, 2),
            "ratio_ingest_over_spacy": round(one_s / spacy_s, 3),
            "target_ratio_max": 1.25,
            "articles_per_s_w1": round(articles / one_s, 2),
            "words_per_s_w1": round(n_words / one_s),
            "spacy_words_per_s": round(n_words / spacy_s),
            "entities": one["entities"], "relations": one["relations"], "evidence": one["evidence"],
            "extraction_failures": one["failed"],
            "stage_seconds_w1": one["timings"],
            "peak_rss_mib_after_spacy": rss_after_spacy,
            "peak_rss_mib_after_ingest": rss_after_ingest,
        }
        if not skip_workers:
            two_s, _ = full(2, "store-w2")
            result.update({
                "ingest_w2_s": round(two_s, 2),
                "ratio_w2_over_w1": round(two_s / one_s, 3),
                "articles_per_s_w2": round(articles / two_s, 2),
                "peak_rss_mib_worker_child": peak_rss_mib()[1],
            })
        result["peak_rss_mib"] = peak_rss_mib()[0]
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="number of synthetic articles")
    parser.add_argument("--words", type=int, default=1000, help="words per article (about)")
    parser.add_argument("--batch-size", type=int, default=64, help="documents per write transaction")
    parser.add_argument("--model", default=None, help="spaCy model (default: FKG_SPACY_MODEL / best installed)")
    parser.add_argument("--no-workers", action="store_true", help="skip the --workers 2 run")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    result = run(args.articles, args.words, args.batch_size, args.model, args.no_workers)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        width = max(map(len, result))
        for key, value in result.items():
            print(f"{key.ljust(width)}  {value}")
        verdict = "OK" if result["ratio_ingest_over_spacy"] <= 1.25 else "OVER TARGET"
        print(f"\nfull ingest / spaCy = {result['ratio_ingest_over_spacy']} (target <= 1.25): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
