"""Write a copy of MultiHop-RAG's corpus.json that holds only the labelled records.

The others become records without a body, which ``assistant index`` skips with a warning,
so every labelled record keeps its number (the position in the list) and the source
name stays ``corpus.json``: the labels in ``multihop-rag.json`` apply unchanged, and
indexing takes seconds instead of minutes.

    python eval/knowledge/multihop_subset.py ../shared/bench/multihop-rag/corpus.json /tmp/kn/mhsub/corpus.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(corpus: Path, out: Path) -> None:
    labels = json.loads((Path(__file__).parent / "multihop-rag.json").read_text(encoding="utf-8"))
    wanted = {a["record"] for a in labels["articles"]}
    records = json.loads(corpus.read_text(encoding="utf-8"))
    kept = [r if i in wanted else {"title": "(not labelled)"} for i, r in enumerate(records)]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(kept, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{out}: {len(wanted)} labelled records of {len(records)} kept at their numbers")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: multihop_subset.py CORPUS_JSON OUT_JSON")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
