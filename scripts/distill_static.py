"""Rebuild the packaged static word-piece vectors (assistant/models/static-minilm.npz)
from the packaged MiniLM; see assistant/indexing/static_vectors.py for what they are and why.

    python scripts/distill_static.py

Takes about 15 s on two CPU cores. The learned ranker reads features made from this
table, so retrain it (scripts/train_ranker.py) after changing the table.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from assistant.indexing.embedding import packaged_model_path
from assistant.indexing.static_vectors import PACKAGED, distill, write_table

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dims", type=int, default=128, help="principal components kept (128 measured as 256)")
    ap.add_argument("--out", default=str(REPO / "assistant/models" / PACKAGED))
    args = ap.parse_args()
    t0 = time.perf_counter()
    table = distill(packaged_model_path(), dims=args.dims)
    write_table(args.out, table)
    print(f"wrote {args.out}: {table.shape[0]} word pieces x {table.shape[1]} dims, "
          f"{Path(args.out).stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
