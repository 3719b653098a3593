"""Batch encoding speed of the packaged MiniLM in each embedding precision, alternated in one
process, with the CPU flags printed: which precision indexes fastest on the machine at hand
(int8 needs VNNI to beat fp32; docs/eval/int8.md).

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_precision_encode.py [--precisions int8,fp32] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from cpu import cpu_flags  # benchmarks/ is the script's folder, first on sys.path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a hidden download fails loudly

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/bench/multihop-rag/corpus.json"


def passages(corpus: Path, n: int, size: int = 1100) -> list[str]:
    """``n`` passages of up to ``size`` characters, four from the start of each article."""
    out: list[str] = []
    for article in json.loads(corpus.read_text(encoding="utf-8")):
        body = article.get("body", "")
        out += [body[i:i + size] for i in range(0, min(len(body), 4 * size), size)]
        if len(out) >= n:
            break
    return out[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON list of articles [%(default)s]")
    ap.add_argument("--precisions", default="int8,fp32",
                    help="Comma-separated [%(default)s]; the first is the baseline.")
    ap.add_argument("--passages", type=int, default=240, help="Passages encoded per round [%(default)s].")
    ap.add_argument("--rounds", type=int, default=2, help="Rounds, each encoding with every precision [%(default)s].")
    args = ap.parse_args(argv)
    if not args.corpus.is_file():
        ap.error(f"{args.corpus} does not exist; pass --corpus")
    from assistant.indexing.embedding import SentenceTransformerEmbedder, packaged_model_path

    texts = passages(args.corpus, args.passages)
    precisions = [p.strip() for p in args.precisions.split(",") if p.strip()]
    embedders = {p: SentenceTransformerEmbedder(str(packaged_model_path()), precision=p) for p in precisions}
    print(f"CPU: {cpu_flags()}\n{len(texts)} passages of up to 1,100 characters, batch encoding after a warm-up")
    for e in embedders.values():
        e.embed_documents(texts[:16])
    for r in range(1, args.rounds + 1):
        speed = {}
        for p, e in embedders.items():
            t = time.perf_counter()
            e.embed_documents(texts)
            speed[p] = len(texts) / (time.perf_counter() - t)
        base = precisions[0]
        print(f"round {r}: " + "   ".join(f"{p} {s:.1f} passages/s ({s / speed[base]:.2f}x {base})"
                                          for p, s in speed.items()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
