"""Write the candidate pairs the pair encoder learns from (input of scripts/train_encoder.py).

    .venv/bin/python scripts/export_pair_candidates.py --out work/
        -> work/candidates.jsonl           the real articles' pairs, with their fold (0-4)
        -> work/written-candidates.jsonl   the project's written sets' pairs (fold -1)

Each line is one pair of entities sharing a sentence, as :func:`training.sentence_candidates`
makes it with the rules' own types and the curated gazetteer: the sentence, both mentions'
spans and types, the classes the schema allows, the gold label and the rules' labels. The
files hold sentences of the articles: keep them out of the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from train_models import DEFAULT_CORPORA, WRITTEN_SETS  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, required=True, help="folder to write the two files to")
    ap.add_argument("--corpus", action="append", type=Path, help="annotated corpus (default: shared)")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args(argv)

    from freelance_kg.ingest import training
    from freelance_kg.ingest.entities import load_gazetteer
    from freelance_kg.ingest.nlp import load_nlp

    nlp = load_nlp()
    curated = list(load_gazetteer(corpus_names=False))
    real = [a for c in args.corpus or DEFAULT_CORPORA for a in training.load_corpus(c)]
    written = [a for name in WRITTEN_SETS for a in training.load_corpus(ROOT / "tests" / "ingest" / name)]
    folds = training.stratified_folds(real, args.folds, seed=0)
    args.out.mkdir(parents=True, exist_ok=True)
    for file, articles, fold_of in (("candidates.jsonl", real, folds),
                                    ("written-candidates.jsonl", written, [-1] * len(written))):
        n = 0
        with (args.out / file).open("w", encoding="utf-8") as fh:
            for article, doc, fold in zip(articles, nlp.pipe(a.text for a in articles), fold_of):
                for row in training.sentence_candidates(article, doc, nlp, None, curated):
                    row["fold"] = fold
                    if fold < 0:
                        row["set"] = article.slice
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    n += 1
        print(f"{args.out / file}: {n} pairs from {len(articles)} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
