"""How sentence splitting and page cleaning grow on one enormous line, against a baseline
checkout in the same run.

A file that is a single line of megabytes stalled indexing for more than 15 minutes
(issue 11): some steps were quadratic in the length of a line. For each hostile line this
times ``split_sentences`` and ``clean_text_page`` at N and 4N characters, for this
checkout and, with ``--baseline-src``, for the baseline's code loaded from its checkout.
Growth 4N over N is about 4 for linear code and 16 for quadratic; the ratio of the two
checkouts at 4N is the speed-up. The CPU flags are printed beside the figures.

    git worktree add /tmp/base 61f9fb5
    python benchmarks/bench_huge_lines.py --baseline-src /tmp/base
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

from load_test import cpu_line

LINES = {
    "abbreviations, never a sentence end ('Mr. Smith ' repeated)": "Mr. Smith ",
    "a run of '*' between two letters": "*",
    "words with no full stop": "council bridge harbour ",
}


def load_package(src: Path, name: str) -> ModuleType:
    """The ``assistant`` package of the checkout at ``src``, imported as ``name``."""
    folder = src / "assistant"
    spec = importlib.util.spec_from_file_location(name, folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    if spec is None or spec.loader is None:
        raise SystemExit(f"no assistant package in {src}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def line_of(unit: str, chars: int) -> str:
    text = (unit * (chars // len(unit) + 1))[:chars]
    return f"x{text}x" if unit == "*" else text


def timed(fn, text: str) -> float:  # fn: either checkout's function
    started = time.perf_counter()
    fn(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline-src", type=Path, help="a checkout of the baseline (git worktree add …)")
    parser.add_argument("--chars", type=int, default=12_500, help="N; each line is also timed at 4N")
    args = parser.parse_args()

    import assistant.ingest.chunking as ours_chunking
    import assistant.ingest.cleaning as ours_cleaning

    checkouts = {"this checkout": (ours_chunking, ours_cleaning)}
    if args.baseline_src:
        load_package(args.baseline_src, "baseline_assistant")
        import baseline_assistant.chunking as base_chunking  # type: ignore[import-not-found]
        import baseline_assistant.cleaning as base_cleaning  # type: ignore[import-not-found]

        checkouts = {"baseline": (base_chunking, base_cleaning), **checkouts}
    print(cpu_line())
    n, big = args.chars, 4 * args.chars
    for label, unit in LINES.items():
        print(f"\n{label}: N = {n:,} characters")
        at_big: dict[tuple[str, str], float] = {}
        for name, (chunking, cleaning) in checkouts.items():
            steps = {"split_sentences": lambda t, c=chunking: c.split_sentences(t, 0, len(t)),
                     "clean_text_page": cleaning.clean_text_page}
            for step, fn in steps.items():
                small_s, big_s = timed(fn, line_of(unit, n)), timed(fn, line_of(unit, big))
                at_big[(step, name)] = big_s
                print(f"  {name:14} {step:16} N {small_s * 1000:9.1f} ms   4N {big_s * 1000:9.1f} ms   "
                      f"growth {big_s / max(small_s, 1e-9):5.1f}x (linear ~4, quadratic ~16)")
        if args.baseline_src:
            for step in ("split_sentences", "clean_text_page"):
                ratio = at_big[(step, "baseline")] / max(at_big[(step, "this checkout")], 1e-9)
                print(f"  {step} at 4N: this checkout is {ratio:,.0f}x faster than the baseline")


if __name__ == "__main__":
    main()
