"""Scoring the clustering of copies against a labelled corpus (``eval/copies/``).

Records of a JSON or JSONL collection carry a ``story`` label (which story they print;
the loader ignores it) and optionally ``variant`` ("original" for the first printing).
Clustering runs exactly as the indexer runs it (``indexing.copies.rows_of`` then
``knowledge.copies.cluster``), without embedding anything.

Counted: pairs of records labelled the same story that land in one cluster (recall) and
pairs in one cluster labelled differently (false merges: precision); per copy, whether it
joined its original's cluster; and the margins: the lowest containment of a true pair,
the highest of a pair of different stories (how far each is from the threshold).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..indexing.copies import rows_of
from ..ingest.loaders import load_file
from ..knowledge import copies

TARGET_RECALL = 0.95  # issue 15: recall on copies, and no false merge


@dataclass
class CopyReport:
    records: int
    stories: int
    copies_labelled: int  # records that are not their story's first printing
    copies_joined: int  # of those, in their original's cluster
    true_pairs: int
    found_pairs: int  # true pairs in one cluster
    merged_pairs: int  # pairs in one cluster, right or wrong
    false_merges: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    lowest_true: float | None = None
    highest_false: float | None = None
    seconds_rows: float = 0.0
    seconds_cluster: float = 0.0

    def to_json(self) -> dict[str, Any]:
        recall = self.copies_joined / self.copies_labelled if self.copies_labelled else None
        pair_recall = self.found_pairs / self.true_pairs if self.true_pairs else None
        precision = (self.merged_pairs - len(self.false_merges)) / self.merged_pairs if self.merged_pairs else None
        return {
            "records": self.records, "stories": self.stories,
            "copies": {"labelled": self.copies_labelled, "joined": self.copies_joined, "recall": recall},
            "pairs": {"true": self.true_pairs, "found": self.found_pairs, "recall": pair_recall,
                      "merged": self.merged_pairs, "precision": precision},
            "false_merges": self.false_merges, "missed": self.missed,
            "margins": {"threshold": copies.CONTAINED, "lowest_true_pair": self.lowest_true,
                        "highest_different_pair": self.highest_false},
            "seconds": {"shingles": round(self.seconds_rows, 3),
                        "clustering": round(self.seconds_cluster, 3)},
            "targets": {"copy_recall": TARGET_RECALL, "false_merges": 0},
            "targets_met": {"copy_recall": recall is not None and recall >= TARGET_RECALL,
                            "false_merges": not self.false_merges},
        }


def _labels(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    data = json.loads(text)
    return data if isinstance(data, list) else data.get("articles", [])


def evaluate(path: Path) -> CopyReport:
    """Cluster the records of the collection at ``path`` and score against their labels."""
    if not path.is_file() or path.suffix not in {".json", ".jsonl"}:
        raise ConfigError(f"{path} is not a JSON or JSONL collection; pass eval/copies/corpus.jsonl "
                          "(write it with python eval/copies/make_corpus.py)")
    labels = _labels(path)
    story = {i: r.get("story") for i, r in enumerate(labels) if isinstance(r, dict)}
    if not any(story.values()):
        raise ConfigError(f"no record of {path} has a 'story' label; see eval/copies/make_corpus.py")
    original = {i: r.get("variant", "original") == "original" for i, r in enumerate(labels) if isinstance(r, dict)}
    articles, _ = load_file(path, path.name, 1 << 30)
    started = time.perf_counter()
    rows = rows_of(articles)
    mid = time.perf_counter()
    clusters = copies.cluster([copies.Printed(r.doc, r.shingles, r.date, r.outlet, r.credit) for r in rows])
    done = time.perf_counter()
    record = {r.doc: r.record for r in rows}
    shingles = {r.doc: r.shingles for r in rows}
    title = {r.doc: r.title for r in rows}
    cluster_of = {d: n for n, c in enumerate(clusters) for d in c.docs}
    docs = [r.doc for r in rows if story.get(record[r.doc])]
    rep = CopyReport(records=len(docs), stories=len({story[record[d]] for d in docs}), copies_labelled=0,
                     copies_joined=0, true_pairs=0, found_pairs=0, merged_pairs=0,
                     seconds_rows=mid - started, seconds_cluster=done - mid)
    first = {story[record[d]]: d for d in docs if original.get(record[d])}
    for d in docs:
        if original.get(record[d]):
            continue
        rep.copies_labelled += 1
        home = first.get(story[record[d]])
        if home is not None and d in cluster_of and cluster_of.get(home) == cluster_of[d]:
            rep.copies_joined += 1
        else:
            rep.missed.append({"record": record[d], "story": story[record[d]], "title": title[d],
                               "variant": labels[record[d]].get("variant")})
    for a, b in combinations(docs, 2):
        same = story[record[a]] == story[record[b]]
        together = a in cluster_of and cluster_of.get(a) == cluster_of.get(b)
        share, _ = copies.containment(shingles[a], shingles[b])
        if same:
            rep.true_pairs += 1
            rep.found_pairs += together
            rep.lowest_true = share if rep.lowest_true is None else min(rep.lowest_true, share)
        else:
            rep.highest_false = share if rep.highest_false is None else max(rep.highest_false, share)
        if together:
            rep.merged_pairs += 1
            if not same:
                rep.false_merges.append({"records": [record[a], record[b]],
                                         "stories": [story[record[a]], story[record[b]]],
                                         "containment": round(share, 3)})
    return rep
