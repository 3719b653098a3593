"""Tests for assistant.metrics: hand-computed expected values, edge cases included."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.evaluate.metrics import (
    aggregate,
    all_facts_at_k,
    all_of_satisfied,
    citation_precision,
    fact_hits,
    fact_recall_at_k,
    fact_relevant_ranks,
    gold_contained,
    hits_at_k,
    normalize_answer,
    normalize_quote_text,
    percentile,
    reciprocal_rank,
    refusal_accuracy,
    source_recall_at_k,
    squash,
    summarize_latency,
    token_f1,
    word_count,
)

# ---------------------------------------------------------------------------
# Answer matching
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("The  Minister, Lecornu!", "minister lecornu"),
        ("An apple and a pear", "apple and pear"),
        ("  multiple\n\tspaces  ", "multiple spaces"),
        ("Ukraine–NATO Council", "ukrainenato council"),  # en dash is punctuation too
        ("“Quoted”", "quoted"),
        ("theatre", "theatre"),  # article removal is word-bounded
        ("", ""),
    ],
)
def test_normalize_answer(raw: str, expected: str) -> None:
    assert normalize_answer(raw) == expected


def test_gold_contained_matches_after_normalisation() -> None:
    assert gold_contained("It was Sébastien LECORNU, the minister.", ["Lecornu"]) is True
    assert gold_contained("Roughly 7,000 soldiers", ["7000"]) is True


def test_gold_contained_any_gold_suffices() -> None:
    assert gold_contained("He spoke in Kiev.", ["Kyiv", "Kiev"]) is True


def test_gold_contained_false_cases() -> None:
    assert gold_contained("Sandvik", ["Robles"]) is False
    assert gold_contained("The report did not say.", ["no"]) is False  # whole words only
    assert gold_contained("No, it did not.", ["no"]) is True
    assert gold_contained("a Toulouse-based drone maker", ["Toulouse"]) is True
    assert gold_contained("anything at all", []) is False
    # A gold that normalises to nothing must not match every answer.
    assert gold_contained("anything at all", ["The"]) is False


def test_token_f1_exact_and_partial() -> None:
    assert token_f1("Rustem Umerov", ["Rustem Umerov"]) == 1.0
    # pred {sebastien, lecornu, minister}, gold {lecornu}: P=1/3, R=1, F1=0.5
    assert token_f1("Sebastien Lecornu minister", ["Lecornu"]) == pytest.approx(0.5)


def test_token_f1_takes_max_over_golds() -> None:
    # vs "drones": 0; vs "drone production": P=1/2 R=1/2 -> 0.5; vs "production": P=1/2 R=1 -> 2/3
    assert token_f1("production lines", ["drones", "drone production", "production"]) == (
        pytest.approx(2 / 3)
    )


def test_token_f1_counts_repeated_tokens_once_per_occurrence() -> None:
    # common = min(3, 1) = 1 for "no"; P=1/3, R=1 -> 0.5
    assert token_f1("no no no", ["no"]) == pytest.approx(0.5)


def test_token_f1_edge_cases() -> None:
    assert token_f1("Lecornu", []) == 0.0
    assert token_f1("", ["Lecornu"]) == 0.0
    assert token_f1("completely different", ["Lecornu"]) == 0.0
    # Both sides empty after normalisation agree, as in SQuAD.
    assert token_f1("the", ["a"]) == 1.0


def test_all_of_satisfied() -> None:
    answer = "Umerov met Lecornu, and earlier Sandvik and Robles."
    assert all_of_satisfied(answer, ["Lecornu", "Sandvik", "Robles"]) is True
    assert all_of_satisfied(answer, ["lecornu", "SANDVIK"]) is True
    assert all_of_satisfied("Umerov met Lecornu and Sandvik.", ["Lecornu", "Robles"]) is False
    assert all_of_satisfied("anything", []) is True


def test_word_count() -> None:
    assert word_count("one two  three\nfour\tfive") == 5
    assert word_count("") == 0
    assert word_count("   ") == 0


# ---------------------------------------------------------------------------
# Retrieval
# ---------------------------------------------------------------------------


def test_hits_at_k() -> None:
    assert hits_at_k([3], 3) == 1.0
    assert hits_at_k([4, 7], 3) == 0.0  # k smaller than every relevant rank
    assert hits_at_k([], 10) == 0.0


def test_reciprocal_rank() -> None:
    assert reciprocal_rank([4, 2, 9]) == 0.5
    assert reciprocal_rank([1]) == 1.0
    assert reciprocal_rank([11]) == 0.0  # default k=10 cuts it off
    assert reciprocal_rank([5, 3], k=2) == 0.0
    assert reciprocal_rank([5, 3], k=4) == pytest.approx(1 / 3)
    assert reciprocal_rank([]) == 0.0


def test_retrieval_rejects_non_positive_k() -> None:
    with pytest.raises(ValueError):
        hits_at_k([1], 0)
    with pytest.raises(ValueError):
        reciprocal_rank([1], k=0)


def test_source_recall_at_k() -> None:
    retrieved = ["a.txt", "a.txt", "b.txt", "c.txt"]
    # Top 2 are both a.txt: one of two distinct gold sources.
    assert source_recall_at_k(retrieved, ["a.txt", "b.txt"], 2) == 0.5
    assert source_recall_at_k(retrieved, ["a.txt", "b.txt"], 3) == 1.0
    # Duplicated gold sources count once.
    assert source_recall_at_k(retrieved, ["b.txt", "b.txt", "d.txt"], 10) == 0.5
    assert source_recall_at_k([], ["a.txt"], 5) == 0.0
    assert source_recall_at_k(retrieved, [], 5) is None


# ---------------------------------------------------------------------------
# MultiHop-RAG fact matching
# ---------------------------------------------------------------------------


def test_squash_removes_all_whitespace() -> None:
    assert squash(" a b\nc\td\r\n e\u00a0f ") == "abcdef"
    assert squash("") == ""


PASSAGES = [
    "Nothing relevant here.",
    "The meeting took\nplace in   Brussels on Thursday.",
    "Drone production\twas discussed.",
    "It took place in Brussels. Drone production too.",
]
FACTS = ["took place in Brussels", "Drone production was discussed", "never appears"]


def test_fact_hits_tolerates_whitespace_differences() -> None:
    assert fact_hits(PASSAGES, FACTS) == [[], [0], [1], [0]]


def test_fact_hits_ignores_empty_facts() -> None:
    assert fact_hits(["abc"], ["", "  \n", "b"]) == [[2]]


def test_fact_hits_is_case_sensitive_like_the_reference() -> None:
    assert fact_hits(["drone production was discussed"], FACTS) == [[]]


def test_fact_relevant_ranks() -> None:
    assert fact_relevant_ranks(PASSAGES, FACTS) == [2, 3, 4]
    assert fact_relevant_ranks([], FACTS) == []
    assert fact_relevant_ranks(PASSAGES, []) == []


def test_fact_recall_at_k() -> None:
    assert fact_recall_at_k(PASSAGES, FACTS, 1) == 0.0
    assert fact_recall_at_k(PASSAGES, FACTS, 2) == pytest.approx(1 / 3)
    assert fact_recall_at_k(PASSAGES, FACTS, 3) == pytest.approx(2 / 3)
    assert fact_recall_at_k([], FACTS, 3) == 0.0


def test_fact_recall_deduplicates_facts() -> None:
    # The same fact with different whitespace is one fact, not two.
    facts = ["took place in Brussels", "took place\nin Brussels", "absent"]
    assert fact_recall_at_k(PASSAGES, facts, 4) == 0.5


def test_fact_recall_without_facts_is_none() -> None:
    assert fact_recall_at_k(PASSAGES, [], 3) is None
    assert fact_recall_at_k(PASSAGES, ["", " "], 3) is None


def test_all_facts_at_k() -> None:
    two = FACTS[:2]
    assert all_facts_at_k(PASSAGES, two, 2) == 0.0
    assert all_facts_at_k(PASSAGES, two, 3) == 1.0
    assert all_facts_at_k(PASSAGES, FACTS, 4) == 0.0
    assert all_facts_at_k(PASSAGES, [], 4) is None


# ---------------------------------------------------------------------------
# Citations and refusals
# ---------------------------------------------------------------------------


def test_normalize_quote_text() -> None:
    assert normalize_quote_text("“It’s  a\n‘deal’” – he said—twice") == (
        "\"It's a 'deal'\" - he said-twice"
    )
    assert normalize_quote_text("a\u00a0b…") == "a b..."
    assert normalize_quote_text("  Keep CASE  ") == "Keep CASE"


DOC = "Lecornu said it was an “unprecedented partnership” –\nand a\u00a0win-win."


def test_citation_precision_all_supported_despite_quotes_and_whitespace() -> None:
    citations = [
        ('an "unprecedented partnership"', DOC),
        ('partnership" - and a win-win', DOC),
    ]
    assert citation_precision(citations) == 1.0


def test_citation_precision_partial() -> None:
    citations = [
        ("unprecedented partnership", DOC),
        ("a historic partnership", DOC),  # not in the document
        ("UNPRECEDENTED partnership", DOC),  # case differs: not verbatim
    ]
    assert citation_precision(citations) == pytest.approx(1 / 3)


def test_citation_precision_empty_quote_is_unsupported() -> None:
    assert citation_precision([("   ", DOC), ("win-win", DOC)]) == 0.5


def test_citation_precision_quote_must_match_cited_document() -> None:
    assert citation_precision([("win-win", "some other article")]) == 0.0


def test_citation_precision_none_without_citations() -> None:
    assert citation_precision([]) is None


def test_refusal_accuracy() -> None:
    records = [
        (True, False),  # correctly refused
        (True, True),  # answered an unanswerable question
        (True, False),
        (False, True),  # answerable questions are ignored
        (False, False),
    ]
    assert refusal_accuracy(records) == pytest.approx(2 / 3)
    assert refusal_accuracy([(False, True), (False, False)]) is None
    assert refusal_accuracy([]) is None


# ---------------------------------------------------------------------------
# Latency
# ---------------------------------------------------------------------------


def test_percentile_hand_computed() -> None:
    values = [4.0, 1.0, 3.0, 2.0]  # sorted: 1 2 3 4
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 4.0
    assert percentile(values, 50) == 2.5  # position 1.5
    assert percentile(values, 95) == pytest.approx(3.85)  # position 2.85
    assert percentile([7.0], 95) == 7.0


@pytest.mark.parametrize("p", [0, 10, 25, 33.3, 50, 90, 95, 99, 100])
def test_percentile_matches_numpy(p: float) -> None:
    values = [0.3, 1.7, 0.9, 5.2, 2.2, 0.1, 3.3]
    assert percentile(values, p) == pytest.approx(float(np.percentile(values, p)))


def test_percentile_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)
    with pytest.raises(ValueError):
        percentile([1.0], -1)


def test_summarize_latency() -> None:
    summary = summarize_latency([1.0, 2.0, 3.0, 10.0])
    assert summary["p50"] == 2.5
    assert summary["p95"] == pytest.approx(8.95)  # 3 + 0.85 * 7
    assert summary["mean"] == 4.0
    assert summarize_latency([]) == {"p50": None, "p95": None, "mean": None}


# ---------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------


def test_aggregate_means_per_group_and_all() -> None:
    rows = [
        {"id": "q1", "type": "who", "f1": 1.0, "hit": True, "cite": None},
        {"id": "q2", "type": "who", "f1": 0.5, "hit": False, "cite": 0.5},
        {"id": "q3", "type": "when", "f1": 0.0, "hit": True, "cite": None},
    ]
    result = aggregate(rows)
    assert list(result) == ["when", "who", "all"]
    assert result["who"] == {"n": 2, "f1": 0.75, "hit": 0.5, "cite": 0.5}
    assert result["when"] == {"n": 1, "f1": 0.0, "hit": 1.0, "cite": None}
    assert result["all"]["n"] == 3
    assert result["all"]["f1"] == 0.5
    assert result["all"]["hit"] == pytest.approx(2 / 3)
    # None values are skipped, not counted as zero.
    assert result["all"]["cite"] == 0.5


def test_aggregate_skips_text_fields_and_missing_metrics() -> None:
    rows = [
        {"type": "who", "question": "Who?", "f1": 1.0},
        {"type": "who", "question": "Who else?", "f1": 0.0, "recall": 1.0},
    ]
    result = aggregate(rows)
    assert result["who"] == {"n": 2, "f1": 0.5, "recall": 1.0}
    assert "question" not in result["all"]


def test_aggregate_custom_key_and_unknown_group() -> None:
    rows = [{"split": "dev", "em": 1}, {"em": 0}]
    result = aggregate(rows, by="split")
    assert result == {
        "dev": {"n": 1, "em": 1.0},
        "unknown": {"n": 1, "em": 0.0},
        "all": {"n": 2, "em": 0.5},
    }


def test_aggregate_empty_rows() -> None:
    assert aggregate([]) == {"all": {"n": 0}}


def test_aggregate_rejects_reserved_group_name() -> None:
    with pytest.raises(ValueError):
        aggregate([{"type": "all", "f1": 1.0}])
