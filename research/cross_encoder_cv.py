"""Would a cross-encoder made from the packaged MiniLM rank MultiHop-RAG passages better than
the learned ranker? Fact-grouped cross-validation, in three steps:

    # here: each dev question's top 40 under the cross-validated ranker, and the model
    python research/cross_encoder_cv.py prep --index-dir /tmp/mh240 --out xfer/
    # on a GPU machine (torch, transformers): fine-tune one cross-encoder per fold
    python research/cross_encoder_cv.py train --data xfer/ --out scores.json --folds 0,1
    # here: score the cross-encoder's order of the top 40 on the folds it has
    python research/cross_encoder_cv.py score --index-dir /tmp/mh240 --scores scores.json

Measured 2026-11-23 (H100, 2 epochs, lr 1e-4, folds 0 and 1): chance level on held-out
questions; see research/NOTES.md. ``train`` imports nothing from this package, so the data
folder and this file are all a GPU machine needs. An experiment, not the product.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
TOP = 40


def cv_orders(index_dir: str) -> tuple[list, list[int], list[np.ndarray], object]:
    """Each question's candidates, features and fold, and its order under the ranker
    cross-validated over those folds (seed 1)."""
    from assistant import open_index
    from assistant.retrieval.ranker import train as tr

    queries = tr.trainable(json.loads((REPO.parent / "shared/bench/multihop-rag/queries_dev.json").read_text()))
    fold_of = tr.fact_folds(queries, 5)
    index = open_index(index_dir, ranker="none")
    items = tr.collect(index.retriever, queries, progress=lambda n, total: print(
        f"  features for {n}/{total} questions", file=sys.stderr, flush=True))
    orders = [np.argsort(-s, kind="stable") for s in tr.cv_predictions(items, fold_of, 5)]
    return items, fold_of, orders, index


def prep(args: argparse.Namespace) -> None:
    from safetensors.torch import load_file, save_file

    from assistant.indexing.embedding import packaged_model_path

    items, fold_of, orders, index = cv_orders(args.index_dir)
    table = index.retriever.lexical.table
    out = Path(args.out)
    (out / "model").mkdir(parents=True, exist_ok=True)
    questions, texts = [], {}
    for it, order, fold in zip(items, orders, fold_of, strict=True):
        top = order[:TOP]
        rows = it.rows[top].tolist()
        questions.append({"q": it.query, "rows": rows, "y": it.y[top].tolist(), "fold": fold})
        for r in rows:
            meta = table.metas[r]
            header = " | ".join(x for x in (meta.get("title"), meta.get("outlet"), meta.get("date")) if x)
            texts[str(r)] = f"{header}\n{table.texts[r]}"
    with gzip.open(out / "data.json.gz", "wt", encoding="utf-8") as fh:
        json.dump({"qs": questions, "texts": texts}, fh)
    # fp16 halves what travels to the GPU machine
    src = packaged_model_path()
    weights = load_file(src / "model.safetensors")
    save_file({k: v.half().contiguous() for k, v in weights.items() if k != "embeddings.position_ids"},
              out / "model/model.safetensors")
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        shutil.copy(src / name, out / "model" / name)


def train(args: argparse.Namespace) -> None:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    data_dir = Path(args.data)
    dev = "cuda" if torch.cuda.is_available() else "cpu"
    with gzip.open(data_dir / "data.json.gz", "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    questions, texts = data["qs"], data["texts"]
    if args.limit:  # a quick check of the whole loop
        questions = questions[:args.limit]
    tok = AutoTokenizer.from_pretrained(data_dir / "model")

    def encode(q: dict) -> dict:
        batch = tok([q["q"]] * len(q["rows"]), [texts[str(r)] for r in q["rows"]], truncation="longest_first",
                    max_length=args.max_len, padding=True, return_tensors="pt")
        return {k: v.to(dev) for k, v in batch.items()}

    scores: dict[int, list[float]] = {}
    for fold in (int(f) for f in args.folds.split(",")):
        torch.manual_seed(fold)
        rng = random.Random(fold)
        model = AutoModelForSequenceClassification.from_pretrained(data_dir / "model", num_labels=1,
                                                                   dtype=torch.float32).to(dev)
        train_qs = [q for q in questions if q["fold"] != fold and sum(q["y"]) > 0]
        steps = int(args.epochs * len(train_qs) / args.batch)
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, _schedule(steps))
        model.train()
        start, queue = time.time(), []
        for step in range(steps):
            if not queue:
                queue = rng.sample(train_qs, len(train_qs))
            batch = [queue.pop() for _ in range(min(args.batch, len(queue)))]
            opt.zero_grad()
            loss = 0.0
            for q in batch:  # listwise: softmax over the question's 40 passages
                with torch.autocast(dev, dtype=torch.bfloat16, enabled=dev == "cuda"):
                    logits = model(**encode(q)).logits.squeeze(-1).float()
                y = torch.tensor(q["y"], dtype=torch.float32, device=dev)
                part = -(torch.log_softmax(logits, 0) * y / y.sum()).sum() / len(batch)
                part.backward()  # one question's activations at a time
                loss += part.item()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            if step % 20 == 0:
                print(f"fold {fold} step {step}/{steps} loss {loss:.3f} {time.time() - start:.0f}s", flush=True)
        model.eval()
        with torch.no_grad():
            for i, q in enumerate(questions):
                if q["fold"] == fold:
                    with torch.autocast(dev, dtype=torch.bfloat16, enabled=dev == "cuda"):
                        scores[i] = model(**encode(q)).logits.squeeze(-1).float().cpu().tolist()
        # written after every fold, so a run cut short keeps what it finished
        Path(args.out).write_text(json.dumps(scores))
        print(f"fold {fold} done {time.time() - start:.0f}s", flush=True)


def _schedule(steps: int):
    """Linear warm-up over the first 10% of steps, then linear decay to zero."""
    warm = 0.1 * steps + 1
    return lambda s: min(1.0, (s + 1) / warm) * max(0.0, 1 - s / max(steps, 1))


def score(args: argparse.Namespace) -> None:
    from assistant.evaluate.ranker_cv import order_scores, table

    items, _, orders, _index = cv_orders(args.index_dir)
    ce = {int(k): np.asarray(v) for k, v in json.loads(Path(args.scores).read_text()).items()}
    ranker, cross, first = [], [], []
    for i, s in sorted(ce.items()):
        order = orders[i]
        reordered = np.concatenate([order[:TOP][np.argsort(-s, kind="stable")], order[TOP:]])
        ranker.append(order_scores(order, items[i]))
        cross.append(order_scores(reordered, items[i]))
        gold = np.flatnonzero(items[i].y[order[:TOP]] > 0)
        if len(gold):
            first.append((gold.min(), np.argsort(np.argsort(-s, kind="stable"))[gold].min()))
    print(table({"learned ranker (CV)": ranker, "cross-encoder over its top 40": cross}))
    print(f"\nmean rank (0-based) of the first gold passage in the top 40: ranker "
          f"{np.mean([a for a, _ in first]):.1f}, cross-encoder {np.mean([b for _, b in first]):.1f} "
          f"({len(first)} questions)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="step", required=True)
    p = sub.add_parser("prep")
    p.add_argument("--index-dir", required=True)
    p.add_argument("--out", required=True)
    t = sub.add_parser("train")
    t.add_argument("--data", required=True)
    t.add_argument("--out", required=True)
    t.add_argument("--folds", default="0,1,2,3,4")
    t.add_argument("--epochs", type=float, default=2)
    t.add_argument("--lr", type=float, default=1e-4)
    t.add_argument("--batch", type=int, default=16, help="questions per step")
    t.add_argument("--max-len", type=int, default=384)
    t.add_argument("--limit", type=int, default=0, help="only the first N questions (0: all)")
    s = sub.add_parser("score")
    s.add_argument("--index-dir", required=True)
    s.add_argument("--scores", required=True)
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    {"prep": prep, "train": train, "score": score}[args.step](args)


if __name__ == "__main__":
    main()
