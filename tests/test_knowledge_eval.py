"""The knowledge scorer (``evaluate.knowledge``) on small hand-made labels and system
facts: the precision and recall arithmetic, the one-line tolerance, an entity merging two
people, dates found and right; then ``read_system`` and ``assistant eval-knowledge`` on a
knowledge store written by hand (no spaCy, no embedding), with a JSONL record whose lines
are counted inside its body; and the repository's own label files.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from assistant.cli.knowledge_eval import eval_knowledge_cmd
from assistant.evaluate.knowledge import (
    TARGETS,
    SysEvent,
    SysQuote,
    SystemFacts,
    load_labels,
    parse_labels,
    read_system,
    score,
)
from assistant.knowledge.names import RESOLVER_VERSION
from assistant.knowledge.store import KnowledgeStore

DOC = ("a.txt", None)
LABELS = {
    "collection": "test",
    "articles": [{
        "source": "a.txt",
        "quotes": [
            {"line": 3, "speaker": "Ann Lee", "kind": "direct"},
            {"line": 5, "speaker": "Bob Lee", "kind": "indirect"},
            {"line": 9, "speaker": None, "kind": "indirect"},
            {"line": 20, "speaker": "Ann Lee", "kind": "direct", "section": "sidebar"},
        ],
        "entities": [
            {"name": "Ann Lee", "type": "person", "spellings": ["Ann Lee", "Lee"]},
            {"name": "Bob Lee", "type": "person", "spellings": ["Bob Lee"]},
            {"name": "Acme", "type": "org", "spellings": ["Acme"]},
        ],
        "distinct": [["Ann Lee", "Bob Lee"]],
        "events": [
            {"line": 3, "date_text": "on Friday", "date": "2025-06-06", "precision": "day"},
            {"line": 7, "date_text": "last week", "date": "2025-06-02", "precision": "week"},
            {"line": 11, "date_text": "in May", "date": None, "precision": None},
            {"line": 30, "date_text": "2024", "date": "2024-01-01", "precision": "year"},
        ],
    }],
}
# 1: Ann Lee; 2: Bob Lee; 3: Acme; 4: Ann and Bob merged into one entity.
ENTITIES = {1: ("Ann Lee", "person", frozenset({"ann lee", "lee"})), 2: ("Bob Lee", "person", frozenset({"bob lee"})),
            3: ("Acme", "org", frozenset({"acme"})), 4: ("Lee", "person", frozenset({"ann lee", "bob lee", "lee"}))}


def facts(quotes: list[SysQuote], mentions: list[tuple[int, str]] = (), events: list[SysEvent] = ()) -> SystemFacts:
    return SystemFacts(docs={DOC}, quotes=quotes, mentions=[(DOC, text, e) for e, text in mentions],
                       events=list(events), entities=ENTITIES)


def test_attribution_precision_recall_and_the_one_line_rule() -> None:
    system = facts([
        SysQuote(DOC, 4, 1, "direct"),  # Ann, one line below the label: right
        SysQuote(DOC, 5, 1, "indirect"),  # Ann where Bob speaks: wrong
        SysQuote(DOC, 9, 2, "indirect"),  # a speaker where the text names none: wrong
        SysQuote(DOC, 22, 1, "direct"),  # two lines from the label at 20: no label here, wrong
        SysQuote(DOC, 20, None, "direct"),  # no speaker: not in precision, no recall
    ])
    a = score([parse_labels(LABELS)], [system]).attribution
    assert (a.system_quotes, a.correct, a.unattributed) == (4, 1, 1)
    assert a.precision == 0.25
    assert (a.labelled, a.found, a.unnamed_labelled) == (3, 1, 1)
    assert a.recall == round(1 / 3, 4)
    assert a.recall_by["section:sidebar"] == {"labelled": 1, "found": 0, "recall": 0.0}
    assert a.kind_agreement == 1.0
    got = {(e["where"], e["got"]): e["expected"] for e in a.errors}
    assert got == {("a.txt:5", "Ann Lee"): ["Bob Lee"], ("a.txt:9", "Bob Lee"): ["(the text names no speaker)"],
                   ("a.txt:22", "Ann Lee"): ["(no labelled quote here)"]}
    assert {m["where"]: m["got"] for m in a.misses} == {"a.txt:5": ["Ann Lee"], "a.txt:20": ["(no speaker)"]}


def test_each_system_quote_credits_one_label_and_a_merged_entity_is_no_ones() -> None:
    labels = parse_labels({**LABELS, "articles": [{**LABELS["articles"][0], "quotes": [
        {"line": 3, "speaker": "Ann Lee", "kind": "direct"}, {"line": 3, "speaker": "Ann Lee", "kind": "direct"},
        {"line": 5, "speaker": ["Bob Lee", "Acme"], "kind": "direct"}]}]})
    system = facts([SysQuote(DOC, 3, 1, "direct"), SysQuote(DOC, 5, 3, "direct"), SysQuote(DOC, 5, 4, "direct")])
    a = score([labels], [system]).attribution
    assert (a.correct, a.system_quotes) == (2, 3)  # Acme is one of the speakers allowed; "Lee" (4) merges two
    assert (a.found, a.labelled) == (2, 3)  # one system quote at line 3, two labels there


def test_merging_pairs_and_two_people_merged() -> None:
    # Mentions: "Ann Lee" and "Lee's" in entity 4 with "Bob Lee"; "the Acme Group" is Acme.
    system = facts([], [(4, "Minister Ann Lee"), (4, "Lee's"), (4, "Bob Lee"), (3, "the Acme Group")])
    m = score([parse_labels(LABELS)], [system]).merging
    assert (m.spellings, m.recognised) == (4, 4)
    # Spellings: ann lee, lee (Ann), bob lee (Bob), acme. Same-entity pairs: 1, merged right;
    # different pairs merged: (ann lee, bob lee), (lee, bob lee).
    assert (m.same_pairs, m.merged_right, m.merged_wrong) == (1, 1, 2)
    assert (m.precision, m.recall) == (round(1 / 3, 4), 1.0)
    assert m.people_merged == [{"labelled": ["Ann Lee", "Bob Lee"], "system_entity": "Lee"}]
    assert m.distinct_merged == m.people_merged
    report = score([parse_labels(LABELS)], [system]).to_json()
    assert report["targets_met"]["people_merged"] is False
    assert report["merging"]["people_merged"] and "splits" not in report["merging"]


def test_merging_split_and_unrecognised() -> None:
    system = facts([], [(1, "Ann Lee"), (4, "Lee"), (2, "Bob Lee")])
    m = score([parse_labels(LABELS)], [system]).merging
    assert (m.spellings, m.recognised, m.same_pairs, m.merged_right, m.merged_wrong) == (4, 3, 1, 0, 0)
    assert m.splits == [{"labelled": "Ann Lee", "system_entities": ["Ann Lee", "Lee"]}]
    assert m.not_recognised == ["a.txt: 'acme' (Acme)"]


def test_dates_found_and_right() -> None:
    system = facts([], events=[
        SysEvent(DOC, 2, 3, "Friday", "2025-06-06", "day"),  # right; "on Friday" holds "Friday"
        SysEvent(DOC, 8, 8, "last week", "2025-06-09", "week"),  # one line off, found, wrong week
        SysEvent(DOC, 11, 11, "May", None, None),  # right: no date to give
        SysEvent(DOC, 40, 40, "2024", "2024-01-01", "year"),  # too far from line 30: unlabelled
    ])
    d = score([parse_labels(LABELS)], [system]).dates
    assert (d.labelled, d.found, d.correct, d.unlabelled_system) == (4, 3, 2, 1)
    assert (d.recall, d.accuracy) == (0.75, round(2 / 3, 4))
    assert [m["where"] for m in d.misses] == ["a.txt:7", "a.txt:30"]


def test_articles_not_indexed_are_listed() -> None:
    report = score([parse_labels(LABELS)], [SystemFacts()])
    assert report.articles == 0 and report.not_indexed == ["test: a.txt"]
    assert report.attribution.precision is None


def _store(index: Path, corpus: Path) -> None:
    """A knowledge store as the indexer leaves it, written by hand: one JSONL record whose
    quote and event sit on the third line of its body (the file has it on line 2)."""
    body = "Acme opened a plant.\n\n\u201cWe grow,\u201d Ann Lee said on Friday."
    corpus.mkdir()
    (corpus / "wire.jsonl").write_text(json.dumps({"title": "x", "body": "other"}) + "\n"
                                       + json.dumps({"title": "Plant", "body": body}) + "\n", encoding="utf-8")
    (index / "manifest.json").write_text(json.dumps({"embed_model": "m", "dimension": 1, "chunking": {},
                                                     "root": str(corpus)}), encoding="utf-8")
    store = KnowledgeStore(index)
    store.open_for_writing("test")
    quote, name = body.index("We"), body.index("Ann")
    rows = {
        "articles": [("wire.jsonl#1", "wire.jsonl", 1, "Plant", None, "2025-06-11")],
        "mentions": [(1, "wire.jsonl#1", "wire.jsonl", name, name + 7, 2, 2, "body", "Ann Lee", "person", 1),
                     (2, "wire.jsonl#1", "wire.jsonl", 0, 4, 2, 2, "body", "Acme", "org", 2)],
        "quotes": [(1, "wire.jsonl#1", "wire.jsonl", quote, quote + 8, 2, 2, "body", "We grow,", "direct", "said",
                    "Ann Lee", 1)],
        # A sentence the model ran across the paragraph break: lines 1 to 3.
        "events": [(1, "wire.jsonl#1", "wire.jsonl", 0, len(body), 2, 2, "body", body, "Friday", "2025-06-06", "day")],
        "entities": [(1, "Ann Lee", "person", '["Lee"]', 1, 1, '["wire.jsonl"]', 1, 0, "ann lee\nlee"),
                     (2, "Acme", "org", "[]", 1, 1, '["wire.jsonl"]', 1, 0, "acme")],
    }
    with sqlite3.connect(store.path) as db:
        for table, values in rows.items():
            db.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(values[0]))})", values)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('resolved', '1')")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('resolver', ?)", (str(RESOLVER_VERSION),))


def test_read_system_counts_lines_inside_a_record(tmp_path: Path) -> None:
    from assistant.ingest.sources import SourceTexts

    _store(tmp_path, tmp_path / "corpus")
    system = read_system(tmp_path, [("wire.jsonl", 1)], SourceTexts(tmp_path / "corpus").text)
    assert system.quotes == [SysQuote(("wire.jsonl", 1), 3, 1, "direct", "Ann Lee")]
    assert system.events == [SysEvent(("wire.jsonl", 1), 1, 3, "Friday", "2025-06-06", "day")]
    assert system.entities[1] == ("Ann Lee", "person", frozenset({"ann lee", "lee"}))
    # Without the bodies, the line stored (the record's line in the file) is all there is.
    assert read_system(tmp_path, [("wire.jsonl", 1)]).quotes[0].line == 2


def test_eval_knowledge_command(tmp_path: Path) -> None:
    index, labels = tmp_path / "idx", tmp_path / "labels"
    index.mkdir()
    labels.mkdir()
    _store(index, tmp_path / "corpus")
    (labels / "wire.json").write_text(json.dumps({"collection": "wire", "articles": [{
        "source": "wire.jsonl", "record": 1,
        "quotes": [{"line": 3, "speaker": "Ann Lee", "kind": "direct"}],
        "entities": [{"name": "Ann Lee", "type": "person", "spellings": ["Ann Lee"]},
                     {"name": "Acme", "type": "org", "spellings": ["Acme"]}],
        "events": [{"line": 3, "date_text": "on Friday", "date": "2025-06-06", "precision": "day"}]},
        {"source": "gone.txt"}]}), encoding="utf-8")
    result = CliRunner().invoke(eval_knowledge_cmd, [str(labels), "--index-dir", str(index), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["articles"] == 1 and report["not_indexed"] == ["wire: gone.txt"]
    assert (report["attribution"]["precision"], report["attribution"]["recall"]) == (1.0, 1.0)
    assert (report["dates"]["recall"], report["dates"]["accuracy"]) == (1.0, 1.0)
    assert report["merging"]["recognised"] == 2 and report["merging"]["merged_wrong"] == 0
    assert report["targets"] == TARGETS and report["targets_met"]["attribution_precision"] is True
    text = CliRunner().invoke(eval_knowledge_cmd, [str(labels), "--index-dir", str(index), "--verbose"])
    assert "speaker attribution: precision 1.000 (1/1" in text.output and "wire: gone.txt" in text.output
    missing = CliRunner().invoke(eval_knowledge_cmd, [str(labels), "--index-dir", str(tmp_path / "none")])
    assert missing.exit_code == 1 and missing.output.startswith("Error: no index at")


def test_the_repository_label_files_load() -> None:
    sets = {s.collection: s for s in load_labels(Path(__file__).parent.parent / "eval" / "knowledge")}
    assert {"shared-corpus", "examples", "multihop-rag"} <= set(sets)
    mh = sets["multihop-rag"]
    assert len(mh.docs) >= 30 and all(source == "corpus.json" and record is not None for source, record in mh.docs)
    assert len(sets["shared-corpus"].docs) == 5
    for s in sets.values():
        assert all(q.kind in ("direct", "indirect") for q in s.quotes)
        assert all(e.precision in ("day", "week", "month", "year", None) for e in s.events)
        assert set(s.types.values()) <= {"person", "org"}
