"""How often the answerer's first cut (``assistant/answer/similarity.py``) keeps the
sentences that full scoring ranks best.

Every sentence is scored in full (the cut turned off), then the cut's ranking (words plus
static-vector cosine) is rebuilt from the same numbers; for several cut sizes it prints
how often the best sentence, the best three, and the best three holding a candidate
answer would have been embedded:

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/first_cut_recall.py INDEX [-n 150]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

QUERIES = Path(__file__).resolve().parents[2] / "shared" / "bench" / "multihop-rag" / "queries_dev.json"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("index")
    ap.add_argument("--queries", default=str(QUERIES))
    ap.add_argument("-n", type=int, default=150, help="questions, evenly spread over the file [150]")
    args = ap.parse_args()
    import assistant
    from assistant.answer import extractive, similarity
    from assistant.indexing import static_vectors

    similarity.FIRST_CUT = 10**9  # score every sentence with the model
    bot = assistant.Assistant(assistant.open_index(args.index), k=10)
    static = static_vectors.packaged()
    seen: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    scoring = extractive.ExtractiveAnswerer.score

    def score(self, question, query, sentences, named=()):  # type: ignore[no-untyped-def]
        q = scoring(self, question, query, sentences, named)
        if len(sentences) > 1:
            texts = [s.text for s in sentences]
            cos = self.similarity(query, texts, np.zeros(len(texts)), [False] * len(texts))
            full = np.array([s.score for s in sentences])
            rough = static.encode(texts) @ static.encode([query])[0]
            proxy = full - extractive.W_DENSE * cos + extractive.W_DENSE * rough
            seen.append((full, proxy, np.array([bool(s.found) for s in sentences])))
        return q

    extractive.ExtractiveAnswerer.score = score  # type: ignore[method-assign]
    every = [q["query"] for q in json.loads(Path(args.queries).read_text(encoding="utf-8"))]
    for q in every[::max(1, len(every) // args.n)][:args.n]:
        bot.ask(q)
    print(f"{len(seen)} questions, {np.mean([len(s[0]) for s in seen]):.1f} sentences each on average")
    for cut in (16, 24, 32, 48):
        one = three = n3 = typed = nt = 0
        for full, proxy, found in seen:
            best = np.argsort(-proxy, kind="stable")
            kept = set(best[:cut]) | set(best[found[best]][:cut])
            order = np.argsort(-full)
            one += order[0] in kept
            three += sum(i in kept for i in order[:3])
            n3 += min(3, len(order))
            top_typed = np.flatnonzero(found)[np.argsort(-full[found])][:3]
            typed += sum(i in kept for i in top_typed)
            nt += len(top_typed)
        print(f"cut {cut}: best kept {one / len(seen):.3f}, best three {three / n3:.3f}, "
              f"best three holding an answer {typed / max(1, nt):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
