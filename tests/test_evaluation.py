"""``assistant eval`` end to end on tiny corpora of our own writing: the RESULTS contract,
metrics equal to what we count by hand, the report files, the MultiHop-RAG passage-level
relevance, the plain llama-index baseline, and a plugged-in answer function's scores."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import assistant
from assistant.evaluate.datasets import Question, load_questions
from assistant.evaluate.run import build_query, evaluate_system, run_eval
from assistant.evaluate.score import metrics_json
from assistant.ingest.sources import SourceTexts

RESULT_FIELDS = {"id", "question", "answer", "short", "answered", "citations", "independent_sources", "retrieved",
                 "seconds"}
RETRIEVED_FIELDS = {"rank", "source", "title", "date", "score", "text"}

OURS = [
    {"id": "q1", "question": "How much did the river bridge cost?", "answers": ["12 million"],
     "sources": ["bridge.txt"], "type": "how_many"},
    {"id": "q2", "question": "How many people came to the harbour festival?", "answers": ["ten thousand"],
     "sources": ["festival.md"], "type": "how_many"},
    {"id": "q3", "question": "What was flooded by the storm, and what opened a parade?",
     "answers": ["library"], "all_of": ["library", "festival"],
     "sources": ["storm/flood.txt", "festival.md"], "type": "what"},
    {"id": "q4", "question": "How long did it take to build?", "answers": ["two years"],
     "sources": ["bridge.txt"], "history": ["Who opened the new river bridge?"], "type": "follow_up"},
    {"id": "q5", "question": "Who won the chess tournament in Oslo?", "answers": [], "sources": [],
     "unanswerable": True, "type": "unanswerable"},
]


def _write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def ours_index(stories: Path, tmp_path: Path, tiny_embedder) -> assistant.Index:
    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(stories)
    return index


def _by_hand(results: list[dict], k: int) -> dict[str, float]:
    """Hits@n, MRR@10 and source recall@k counted from the RESULTS lines themselves."""
    gold = {q["id"]: set(q["sources"]) for q in OURS if not q.get("unanswerable")}
    out: dict[str, list[float]] = {}
    for r in results:
        if r["id"] not in gold:
            continue
        ranks = [h["rank"] for h in r["retrieved"] if h["source"] in gold[r["id"]]]
        for n in sorted({1, 4, 10, k}):
            out.setdefault(f"hits@{n}", []).append(float(any(x <= n for x in ranks)))
        out.setdefault("mrr@10", []).append(1 / min(ranks) if ranks and min(ranks) <= 10 else 0.0)
        top = {h["source"] for h in r["retrieved"][:k]}
        out.setdefault(f"source_recall@{k}", []).append(len(top & gold[r["id"]]) / len(gold[r["id"]]))
    return {key: sum(v) / len(v) for key, v in out.items()}


@pytest.mark.parametrize("k", [1, 10])
def test_cli_eval_end_to_end(ours_index: assistant.Index, tmp_path: Path, run_cli, k: int) -> None:
    dataset = _write_jsonl(tmp_path / "qa.jsonl", OURS)
    out, report = tmp_path / "results.jsonl", tmp_path / "report"
    proc = run_cli("eval", dataset, "--index-dir", ours_index.index_dir, "-k", k, "--out", out,
                   "--report", report, "--no-answer", "--json", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)

    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in results] == [q["id"] for q in OURS]
    chunks = len(ours_index.lexical.table)
    for r in results:
        assert set(r) == RESULT_FIELDS
        assert r["answer"] == "" and r["answered"] is False and r["citations"] == []
        assert r["seconds"] >= 0
        assert len(r["retrieved"]) == min(chunks, max(k, 10))
        assert [h["rank"] for h in r["retrieved"]] == list(range(1, len(r["retrieved"]) + 1))
        for h in r["retrieved"]:
            assert set(h) == RETRIEVED_FIELDS
    # retrieved[].text is the passage exactly as indexed
    q1 = results[0]["retrieved"][0]
    assert q1["text"] in ours_index.lexical.table.texts

    overall = doc["systems"]["ours"]["groups"]["all"]
    assert overall["n"] == 5 and overall["n_gold"] == 4
    for key, value in _by_hand(results, k).items():
        assert overall[key] == pytest.approx(value), key
    if k == 10:  # the whole tiny corpus is retrieved: everything is found
        assert chunks <= 10
        assert overall["hits@10"] == 1.0 and overall["source_recall@10"] == 1.0
    # unanswerable questions are left out of retrieval metrics, but still timed
    unanswerable = doc["systems"]["ours"]["groups"]["unanswerable"]
    assert unanswerable["n"] == 1 and unanswerable["hits@1"] is None
    assert unanswerable["latency_p50"] is not None
    assert set(doc["systems"]["ours"]["groups"]) == {"how_many", "what", "follow_up", "unanswerable", "all"}
    assert "gold_contained" not in overall  # no answerer ran

    assert json.loads((report / "metrics.json").read_text()) == doc
    text = (report / "report.md").read_text()
    assert "hits_at_k.png" in text and "by_type.png" in text and "| hits@4 |" in text
    for png in ("hits_at_k.png", "by_type.png"):
        assert (report / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_history_goes_into_the_retrieval_query() -> None:
    assert build_query("How long did it take?", ["Who opened the bridge?"]) == \
        "Who opened the bridge? How long did it take?"
    assert build_query("How long?", ["first", "second"], turns=2) == "first second How long?"
    assert build_query("Alone?", []) == "Alone?"


def test_query_fn_can_be_swapped(ours_index: assistant.Index) -> None:
    seen: list[str] = []

    def condense(question: str, history) -> str:
        seen.append(question)
        return "bridge cost"

    q = Question(id="a", question="and then?", history=("x",))
    [result] = run_eval(ours_index, [q], k=2, query_fn=condense)
    assert seen == ["and then?"] and result.query == "bridge cost"


# -- MultiHop-RAG format -------------------------------------------------------------

MH_CORPUS = [
    {"title": "Harbour town opens a new ferry line", "author": "A. Writer", "source": "Coast Daily",
     "published_at": "2023-10-02T09:00:00+00:00", "category": "local", "url": "https://example.org/ferry",
     "body": "The harbour town opened a new ferry line on Monday.\nThe ferry  carries two hundred "
             "passengers and crosses the bay in forty minutes, the mayor said."},
    {"title": "Farmers market moves to the station", "author": "B. Writer", "source": "Valley Post",
     "published_at": "2023-11-05T09:00:00+00:00", "category": "local", "url": "https://example.org/market",
     "body": "The weekly farmers market will move to the old train station in December, the council said. "
             "Prices for a stall stay the same."},
    {"title": "Museum library reopens after the flood", "author": "C. Writer", "source": "Coast Daily",
     "published_at": "2023-12-01T09:00:00+00:00", "category": "culture", "url": "https://example.org/museum",
     "body": "The museum library reopened on Friday, three months after the storm flooded its basement."},
]


def _ev(record: int, fact: str) -> dict:
    r = MH_CORPUS[record]
    return {k: r[k] for k in ("title", "author", "url", "source", "category", "published_at")} | {"fact": fact}


MH_QUERIES = [
    {"query": "Which ferry line carries two hundred passengers, per Coast Daily?", "answer": "the harbour ferry",
     "question_type": "inference_query",
     # the corpus breaks this line and doubles a space; whitespace is ignored when matching
     "evidence_list": [_ev(0, "on Monday. The ferry carries two hundred passengers and crosses the bay")]},
    {"query": "Did the market move before the museum library reopened?", "answer": "Yes",
     "question_type": "temporal_query",
     "evidence_list": [_ev(1, "The weekly farmers market will move to the old train station in December"),
                       _ev(2, "This sentence appears in no article at all.")]},
    {"query": "Who won the 2023 chess olympiad?", "answer": "Insufficient information.",
     "question_type": "null_query", "evidence_list": []},
]


@pytest.fixture
def mh_files(tmp_path: Path, tiny_embedder) -> tuple[assistant.Index, Path]:
    bench = tmp_path / "bench"
    bench.mkdir()
    (bench / "corpus.json").write_text(json.dumps(MH_CORPUS, indent=1), encoding="utf-8")
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps(MH_QUERIES), encoding="utf-8")
    index = assistant.open_index(tmp_path / "mh-idx", embedder=tiny_embedder, create=True)
    index.add(bench / "corpus.json")
    return index, queries


def test_multihop_passage_level_metrics(mh_files, tmp_path: Path, run_cli) -> None:
    index, queries = mh_files
    cache = tmp_path / "baseline-cache"
    proc = run_cli("eval", queries, "--format", "multihop-rag", "--index-dir", index.index_dir, "-k", 4,
                   "--report", tmp_path / "rep", "--baseline", "--baseline-cache", cache, "--json",
                   "--no-answer", "--no-progress")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    results = [json.loads(line) for line in (tmp_path / "rep" / "results.jsonl").read_text().splitlines()]
    assert [r["id"] for r in results] == ["mh-0000", "mh-0001", "mh-0002"]

    for system in ("ours", "baseline"):
        groups = doc["systems"][system]["groups"]
        # three one-chunk articles: every passage is retrieved, so every findable fact is found
        assert groups["all"]["n_gold"] == 2
        assert groups["all"]["hits@10"] == 1.0, system
        assert groups["inference_query"]["fact_recall@10"] == 1.0  # despite the whitespace
        assert groups["inference_query"]["all_facts@10"] == 1.0
        assert groups["temporal_query"]["fact_recall@10"] == 0.5  # one fact is in no article
        assert groups["temporal_query"]["all_facts@10"] == 0.0
        assert groups["all"]["fact_recall@10"] == pytest.approx(0.75)
        assert groups["null_query"]["hits@10"] is None and groups["null_query"]["n"] == 1
        assert groups["all"]["source_recall@4"] == 1.0
    # Hits@1 and MRR@10 from the ranks in the RESULTS file, passage-level
    facts = {0: ["on Monday. The ferry carries two hundred passengers and crosses the bay"],
             1: ["The weekly farmers market will move to the old train station in December"]}
    first = []
    for i, r in enumerate(results[:2]):
        ranks = [h["rank"] for h in r["retrieved"]
                 if any("".join(f.split()) in "".join(h["text"].split()) for f in facts[i])]
        first.append(min(ranks))
    ours = doc["systems"]["ours"]["groups"]["all"]
    assert ours["mrr@10"] == pytest.approx(sum(1 / r for r in first) / 2)
    assert ours["hits@1"] == pytest.approx(sum(r == 1 for r in first) / 2)
    assert (tmp_path / "rep" / "results.baseline.jsonl").exists()
    assert "plain llama-index" in (tmp_path / "rep" / "report.md").read_text()
    assert len(list(cache.iterdir())) == 1


def test_baseline_cache_is_reused(mh_files, tmp_path: Path) -> None:
    from assistant.evaluate.baseline import BaselinePipeline

    index, _ = mh_files
    first = BaselinePipeline.for_index(index, cache_dir=tmp_path / "cache")
    assert not first.cached and first.chunks == 3
    again = BaselinePipeline.for_index(index, cache_dir=tmp_path / "cache")
    assert again.cached and again.chunks == 3
    hits = again.search("ferry passengers", k=2)
    assert len(hits) == 2 and {h.source for h in hits} == {"corpus.json"}
    assert all(h.record is not None and h.url for h in hits)
    temporary = BaselinePipeline.for_index(index)
    assert len(temporary.search("ferry", k=10)) == 3
    temporary.close()


def test_multihop_loader_marks_null_queries(mh_files) -> None:
    _, queries = mh_files
    qs = load_questions(queries, "multihop-rag")
    assert [q.unanswerable for q in qs] == [False, False, True]
    assert qs[2].answers == () and qs[0].answers == ("the harbour ferry",)
    assert qs[1].sources == ("https://example.org/market", "https://example.org/museum")
    assert load_questions(queries, "multihop-rag", limit=1) == qs[:1]


# -- a plugged-in answer function ------------------------------------------------------

@dataclass
class FakeCitation:
    n: int
    source: str
    line_start: int
    line_end: int
    quote: str


@dataclass
class FakeAnswer:
    text: str
    answered: bool
    citations: list[FakeCitation] = field(default_factory=list)
    independent_sources: int = 1


def test_answer_fn_answers_and_citations_are_scored(ours_index: assistant.Index) -> None:
    questions = load_questions(_write_jsonl(ours_index.index_dir.parent / "qa.jsonl", OURS))
    asked: list[tuple[str, list[str], int]] = []

    def answer_fn(question: str, history: list[str], hits: list) -> FakeAnswer:
        asked.append((question, history, len(hits)))
        if "bridge cost" in question:
            return FakeAnswer("The bridge cost 12 million.", True, [
                # verbatim from the file
                FakeCitation(1, "bridge.txt", 5, 5, "The bridge cost 12 million and took two years to build."),
                FakeCitation(2, "bridge.txt", 5, 5, "The bridge was paid for by the king."),  # fabricated
            ])
        if "festival" in question:
            return FakeAnswer("About ten  thousand people.", True, [
                # the doubled space differs from the file: whitespace is normalised
                FakeCitation(1, "festival.md", 5, 5, "More than ten thousand  people came to the harbour festival"),
                # verbatim too, but from a file that is not the question's gold source
                FakeCitation(2, "bridge.txt", 5, 5, "The bridge cost 12 million and took two years to build."),
            ], independent_sources=2)
        return FakeAnswer("The sources do not say.", False)

    texts = SourceTexts(ours_index.manifest.root)
    run = evaluate_system("ours", ours_index, questions, 3, "ours", answer_fn=answer_fn, texts=texts)
    assert asked[3] == ("How long did it take to build?", ["Who opened the new river bridge?"], 3)
    rows = {r["id"]: r for r in run.rows}
    assert rows["q1"]["gold_contained"] is True and rows["q1"]["citation_precision"] == 0.5
    assert rows["q2"]["gold_contained"] is True and rows["q2"]["citation_precision"] == 1.0
    assert rows["q2"]["token_f1"] == pytest.approx(2 / 3)  # precision 2/4, recall 1
    assert rows["q3"]["gold_contained"] is False and rows["q3"]["all_of"] is False
    assert rows["q3"]["citation_precision"] is None
    # Citation support: the cited file is a gold source of the question.
    assert rows["q1"]["citation_support"] == 1.0 and rows["q2"]["citation_support"] == 0.5
    assert rows["q3"]["citation_support"] is None  # nothing cited
    assert rows["q1"]["independent_sources"] == 1 and rows["q2"]["independent_sources"] == 2
    assert rows["q3"]["independent_sources"] is None  # not answered
    assert rows["q5"]["refusal_accuracy"] == 1.0 and rows["q5"]["gold_contained"] is None
    assert rows["q1"]["answer_words"] == 5
    overall = run.summary["all"]
    assert overall["citation_precision"] == pytest.approx(0.75)
    assert overall["gold_contained"] == pytest.approx(2 / 4)
    assert overall["refusal_accuracy"] == 1.0
    line = run.results[0].to_json()
    assert line["answered"] is True and line["answer"] == "The bridge cost 12 million."
    assert line["citations"][1] == {"n": 2, "source": "bridge.txt", "lines": [5, 5],
                                    "quote": "The bridge was paid for by the king.", "title": ""}
    assert line["independent_sources"] == 1
    doc = metrics_json([run], dataset="qa.jsonl", fmt="ours", k=3)
    assert doc["systems"]["ours"]["groups"]["all"]["citation_precision"] == pytest.approx(0.75)


def test_citation_into_a_json_collection_reads_the_record_body(mh_files) -> None:
    index, _ = mh_files
    texts = SourceTexts(index.manifest.root)
    body = MH_CORPUS[2]["body"]
    assert texts.text("corpus.json", 2) == body
    assert "farmers market" in texts.text("corpus.json")  # no record: all bodies
    assert texts.text("missing.txt") == ""
    assert texts.text("../../etc/passwd") == ""


def test_answering_hook_gives_a_runner_compatible_answer_fn(ours_index: assistant.Index) -> None:
    from assistant.cli.evaluate import answering_for

    answer_fn, query_fn = answering_for(ours_index)
    if answer_fn is None:
        pytest.skip("no answerer in this checkout")
    questions = [Question(id="a", question="How much did the river bridge cost?", answers=("12 million",),
                          sources=("bridge.txt",), type="how_many")]
    run = evaluate_system("ours", ours_index, questions, 3, "ours", answer_fn=answer_fn,
                          texts=SourceTexts(ours_index.manifest.root), query_fn=query_fn or build_query)
    line = run.results[0].to_json()
    assert set(line) == RESULT_FIELDS and isinstance(line["answered"], bool)
    assert all(set(c) >= {"n", "source", "lines", "quote"} for c in line["citations"])
    assert "citation_precision" in run.rows[0]
    if query_fn is not None:
        assert isinstance(query_fn("How long did it take?", ["Who opened the new river bridge?"]), str)


def test_a_follow_up_is_read_with_the_answers_the_earlier_questions_got(ours_index: assistant.Index) -> None:
    """A dataset's history holds questions only; the journalist also saw the answers, so
    "he" in a follow-up is the person the answer named."""
    from assistant.cli.evaluate import answering_for

    answer_fn, query_fn = answering_for(ours_index)
    earlier = ["Who opened the new river bridge?"]
    query = query_fn("What did he say the bridge would cut?", earlier)
    assert "Springfield" in query, query  # from the answer to the earlier question, not its words
    hits = ours_index.search(query, k=3)
    assert answer_fn("What did he say the bridge would cut?", earlier, hits).answered


def test_short_answers_are_scored_and_yes_no_by_balanced_accuracy() -> None:
    """A constant "Yes" scores the majority rate on gold-contained accuracy but only 0.5
    balanced; the short answer is scored apart from the explanation."""
    from assistant.evaluate.datasets import Question
    from assistant.evaluate.score import score_results, summarize

    golds = ["Yes", "Yes", "Yes", "No"]
    questions = [Question(id=f"q{i}", question="Did it happen?", answers=(g,), type="comparison_query")
                 for i, g in enumerate(golds)]
    questions.append(Question(id="q9", question="Who?", answers=("Sam Altman",), type="inference_query"))

    def run(shorts: list[str | None]) -> dict:
        results = [{"id": q.id, "answer": f"{s}: a quoted sentence naming Sam Altman", "short": s,
                    "answered": s is not None, "citations": [], "retrieved": []}
                   for q, s in zip(questions, shorts, strict=True)]
        return summarize(score_results(questions, results, 10, "multihop-rag", answers=True))

    constant = run(["Yes", "Yes", "Yes", "Yes", "OpenAI"])["comparison_query"]
    assert constant["yes_no_balanced"] == 0.5 and constant["yes_no_majority"] == 0.75
    assert constant["yes_no_wrong"] == 0.25  # the "No" question answered "Yes"
    # refusing, or not settling it, is unanswered, not wrong
    assert run([None, "Yes", None, None, "OpenAI"])["comparison_query"]["yes_no_wrong"] == 0.0
    decided = run(["Yes", "Yes", "No", "No", "Sam Altman"])
    assert decided["comparison_query"]["yes_no_balanced"] == (2 / 3 + 1) / 2
    assert decided["inference_query"]["short_contained"] == 1.0
    # the explanation names him either way; only the short answer decides short_contained
    assert run(["Yes", "Yes", "Yes", "Yes", "OpenAI"])["inference_query"]["short_contained"] == 0.0
    assert run(["Yes", "Yes", "Yes", "Yes", "OpenAI"])["inference_query"]["gold_contained"] == 1.0
    # a short that is not the gold is wrong; a refusal or no short is not
    assert run(["Yes", "Yes", "Yes", "No", "OpenAI"])["inference_query"]["short_wrong"] == 1.0
    assert decided["inference_query"]["short_wrong"] == 0.0 and decided["comparison_query"]["short_wrong"] == 0.25
    assert constant["short_wrong"] == 0.25
    assert run([None, "Yes", None, None, None])["comparison_query"]["short_wrong"] == 0.0
