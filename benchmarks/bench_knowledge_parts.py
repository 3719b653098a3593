"""What the knowledge layer's own rules cost beside the libraries they sit on, in one run.

1. Facts of N MultiHop-RAG articles: spaCy alone (``nlp.pipe`` over the same blocks) and
   spaCy plus our reading of its output (``knowledge.extract``: entities, quotes, dated
   events): the rules' share of the knowledge layer's time.
   Then the pipe with its NER, its parser and both left out: each one's share of spaCy's time.
2. Dates: 5,000 random date expressions against random publication dates, resolved by
   ``knowledge.dates`` and, as the yardstick, by ``dateparser.parse`` alone.

Speeds are ratios within this run (with the CPU flags printed): a shared or slower machine
changes both sides. Replaces the timed unit tests the layer used to have.

    .venv/bin/python benchmarks/bench_knowledge_parts.py [--articles 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from cpu import cpu_flags  # benchmarks/ is the script's folder, first on sys.path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "multihop-rag" / "corpus.json"


def expressions(n: int, seed: int = 7) -> list[tuple[str, dt.date]]:
    rng = random.Random(seed)
    months = ["January", "March", "June", "Sept.", "December"]
    weekdays = ["Monday", "Friday", "Sunday"]
    shapes = [
        lambda: f"{rng.choice(months)} {rng.randint(1, 28)}",
        lambda: f"{rng.randint(1, 28)} {rng.choice(months)} {rng.randint(2000, 2030)}",
        lambda: f"on {rng.choice(weekdays)}",
        lambda: f"{rng.randint(2, 40)} days ago",
        lambda: rng.choice(["yesterday", "last week", "last month", "next year", "this spring"]),
        lambda: f"{rng.choice(months)} {rng.randint(1990, 2030)}",
    ]
    return [(rng.choice(shapes)(), dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 365))) for _ in range(n)]


def bench_dates(n: int) -> None:
    import dateparser

    from assistant.knowledge.dates import is_event_date, resolve_date

    pairs = expressions(n)
    resolve_date("March 2024", dt.date(2025, 1, 1))  # imports and caches, once
    dateparser.parse("March 2024")
    start = time.process_time()
    for text, published in pairs:
        if is_event_date(text):
            resolve_date(text, published)
    ours = time.process_time() - start
    start = time.process_time()
    for text, published in pairs:
        dateparser.parse(text, settings={"RELATIVE_BASE": dt.datetime.combine(published, dt.time())})
    theirs = time.process_time() - start
    print(f"dates: {n} expressions: ours {ours:.2f} s CPU ({1e3 * ours / n:.3f} ms each), "
          f"dateparser.parse alone {theirs:.2f} s ({1e3 * theirs / n:.3f} ms each): "
          f"ours/dateparser {ours / theirs:.2f}x")


def bench_facts(articles: int, repeats: int) -> None:
    from assistant.ingest.loaders import load_file
    from assistant.knowledge.extract import extract
    from assistant.knowledge.nlp import load

    found, _ = load_file(CORPUS, "corpus.json", 1 << 30)
    chosen = found[:articles]
    nlp = load()
    texts = [a.text[b.start:b.end] for a in chosen for b in a.blocks if a.text[b.start:b.end].strip()]
    list(nlp.pipe(texts[:4]))  # warm
    spacy_s, ours_s = [], []
    for _ in range(repeats):
        spacy_s.append(_pipe_s(nlp, texts))
        start = time.perf_counter()
        facts = extract(chosen, nlp)
        ours_s.append(time.perf_counter() - start)
    s, o = statistics.median(spacy_s), statistics.median(ours_s)
    quotes = sum(len(f.quotes) for f in facts)
    events = sum(len(f.events) for f in facts)
    print(f"facts: {len(chosen)} articles, {sum(len(t) for t in texts) / 1e6:.2f} M chars, median of {repeats}: "
          f"spaCy alone {s:.2f} s, spaCy + our rules {o:.2f} s ({quotes} quotes, {events} events): "
          f"rules add {100 * (o - s) / s:.1f}% to spaCy")
    # Each component's share: the same pipe with it left out, alternated with the whole pipe
    # (what a cheaper pass would save).
    parts = []
    for left_out in (["ner"], ["parser"], ["ner", "parser"]):
        whole, runs = [], []
        for _ in range(repeats):
            whole.append(_pipe_s(nlp, texts))
            with nlp.select_pipes(disable=left_out):
                runs.append(_pipe_s(nlp, texts))
        full, without = statistics.median(whole), statistics.median(runs)
        parts.append(f"without {'+'.join(left_out)} {without:.2f} s against {full:.2f} s "
                     f"(saves {100 * (full - without) / full:.0f}% of spaCy's time)")
    print(f"spaCy by component ({', '.join(nlp.pipe_names)}): " + "; ".join(parts))


def _pipe_s(nlp: Any, texts: list[str]) -> float:
    """Seconds for ``nlp.pipe`` to read ``texts``, in the knowledge layer's batches."""
    from assistant.knowledge.extract import BATCH

    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=BATCH):
        pass
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--expressions", type=int, default=5000)
    args = parser.parse_args(argv)
    print(f"cpu: {cpu_flags()}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    bench_dates(args.expressions)
    if not CORPUS.is_file():
        print(f"facts: skipped ({CORPUS} missing)")
        return 0
    bench_facts(args.articles, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())
