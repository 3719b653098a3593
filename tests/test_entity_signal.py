"""Entity overlap as a retrieval signal (assistant/retrieval/entity_signal.py): passages
that mention the entities a question names, by any of their spellings, rise when the
signal is on; it is off by default, and an index without a knowledge store searches as
before. Articles are our own writing."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from conftest import write_corpus

import assistant
from assistant.retrieval.entity_signal import EntitySignal
from assistant.retrieval.fusion import FusionParams

pytest.importorskip("spacy")

# Two spellings of one minister (merged into one entity), and two stories that share the
# question's other words but name nobody it asks about.
ARTICLES = {
    "deal.txt": (
        "Umierov signs a drone deal\n"
        "June 12, 2025\n\n"
        "Defense Minister Rustem Umierov signed a deal on drone production with a company in Oslo on Wednesday.\n"
    ),
    "visit.txt": (
        "Minister visits a drone plant\n"
        "June 13, 2025\n\n"
        "Defense Minister Rustem Umerov toured a drone factory near Lviv on Thursday, the ministry said.\n\n"
        "Umerov praised the workers.\n"
    ),
    "farm.txt": (
        "Farmers sign a deal on drone spraying\n"
        "June 14, 2025\n\n"
        "Farmers signed a deal with a company on drone spraying of their fields, the council said.\n"
    ),
    "harbour.txt": (
        "Harbour company signs a deal\n"
        "June 15, 2025\n\n"
        "The harbour company signed a deal on drone deliveries to the islands on Friday.\n"
    ),
}
MENTIONING = {"deal.txt", "visit.txt"}
QUESTION = "Which drone deal did Umierov sign?"
LONG_QUESTION = ("Which deal on drone production did the defense minister Umierov sign with a company, "
                 "and what did the minister say about the workers and the factory he visited?")


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory, tiny_model: str):
    root = tmp_path_factory.mktemp("entity-signal")
    corpus = write_corpus(root / "corpus", ARTICLES)
    with_store = assistant.open_index(root / "idx", embed_model=tiny_model, create=True, ranker="none")
    with_store.add(corpus)
    mp = pytest.MonkeyPatch()
    mp.setenv("ASSISTANT_KNOWLEDGE", "off")
    try:
        without = assistant.open_index(root / "idx-off", embed_model=tiny_model, create=True, ranker="none")
        without.add(corpus)
    finally:
        mp.undo()
    return with_store, without


def _weighted(index, **weights: float):
    return index.reconfigured(fusion=FusionParams(**weights))


def test_overlap_counts_every_spelling_of_the_named_entity(indexes) -> None:
    index, _ = indexes
    retriever = index.retriever
    rows = np.arange(len(retriever.lexical.table))
    overlap = retriever.entity_overlap(QUESTION, rows)
    assert overlap is not None
    by_source = {retriever.lexical.table.hit(int(r), 0.0).source: float(v) for r, v in zip(rows, overlap, strict=True)}
    assert by_source["deal.txt"] == pytest.approx(1.0)
    assert by_source["visit.txt"] == pytest.approx(1.0)  # "Umerov": the same minister, spelled otherwise
    assert by_source["farm.txt"] == by_source["harbour.txt"] == 0.0
    assert retriever.entity_overlap("which deal was signed?", rows) is None  # names nobody


def test_named_outlets_do_not_count_as_entities(indexes) -> None:
    index, _ = indexes
    table = index.retriever.lexical.table
    signal = EntitySignal(index.knowledge, table, outlets=["Rustem Umierov"])
    assert signal.overlap(QUESTION.replace("Umierov", "Rustem Umierov"), np.arange(len(table))) is None


def test_the_signal_lifts_mentioning_passages_above_the_rest(indexes) -> None:
    index, _ = indexes
    plain = _weighted(index).search(QUESTION, k=4)
    assert {h.source for h in plain[:2]} != MENTIONING  # BM25 favours the other deals
    hits = _weighted(index, entity_weight=100.0).search(QUESTION, k=4)
    assert {h.source for h in hits[:2]} == MENTIONING


def test_the_boost_after_the_ranker_reorders_its_output(indexes) -> None:
    index, _ = indexes
    ranked = index.reconfigured(ranker="learned")
    assert len(LONG_QUESTION.split()) >= FusionParams().ranker_min_words  # the ranker orders it

    def top_two(weight: float) -> set[str]:
        fusion = replace(ranked._fusion, entity_rank_weight=weight)
        return {h.source for h in ranked.reconfigured(fusion=fusion).search(LONG_QUESTION, k=4)[:2]}

    assert top_two(100.0) == MENTIONING
    assert top_two(-100.0) == set(ARTICLES) - MENTIONING  # applied after the ranker, whatever it said


def test_off_by_default_and_then_never_reads_the_store(indexes, monkeypatch: pytest.MonkeyPatch) -> None:
    index, _ = indexes
    assert FusionParams().entity_weight == 0.0 and FusionParams().entity_rank_weight == 0.0

    def fail(*args, **kwargs):
        raise AssertionError("the knowledge store was read with the signal off")

    monkeypatch.setattr(EntitySignal, "overlap", fail)
    assert index.reconfigured(fusion=FusionParams()).search(QUESTION, k=4)
    assert index.reconfigured(fusion=FusionParams(), ranker="learned").search(LONG_QUESTION, k=4)


def test_an_index_without_a_knowledge_store_searches_as_before(indexes) -> None:
    _, without = indexes
    assert not without.knowledge.exists()
    plain = [(h.chunk_id, h.score) for h in _weighted(without).search(QUESTION, k=4)]
    weighted = _weighted(without, entity_weight=100.0, entity_rank_weight=100.0)
    assert [(h.chunk_id, h.score) for h in weighted.search(QUESTION, k=4)] == plain
    assert weighted.retriever.entity_overlap(QUESTION, np.arange(4)) is None
