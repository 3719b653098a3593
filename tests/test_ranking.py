"""The learned ranker: the packaged model, the features it reads, when it applies, and the
errors a bad model setting gives."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import index_articles

import assistant
from assistant import Filters
from assistant.errors import ConfigError
from assistant.retrieval.fusion import FusionParams
from assistant.retrieval.ranker import FEATURES, Ranker, features, load_ranker
from assistant.retrieval.ranker.train import fact_folds

ARTICLES = [
    {"title": "Harbour council approves new ferry terminal", "source": "Coast Gazette",
     "published_at": "2024-03-04T09:00:00+00:00",
     "body": "The harbour council voted on Monday to build a new ferry terminal at the old fish market. "
             "The terminal will cost 40 million and open in two years, the council said.\n\n"
             "Fishermen said the ferry terminal plan ignored the fish market traders. The council said "
             "traders would move to a new hall beside the station."},
    {"title": "Ferry strike halts island crossings", "source": "Island Times",
     "published_at": "2024-03-05T10:00:00+00:00",
     "body": "Ferry crews walked out on Tuesday over pay, halting every island crossing. The union said "
             "the strike would last three days.\n\n"
             "Island shops said deliveries of bread and milk had stopped."},
    {"title": "Museum reopens after flood repairs", "source": "Coast Gazette",
     "published_at": "2024-02-20T08:00:00+00:00",
     "body": "The town museum reopened on Saturday after repairs to flood damage. Visitors queued from "
             "early morning to see the restored ship models."},
]

# A multi-hop question in the benchmark's style: long, several clauses, outlets and a date.
LONG = ("Did the Coast Gazette report that the harbour council approved a ferry terminal at the old fish "
        "market costing 40 million, and did the Island Times article published on March 5, 2024 say "
        "that ferry crews walked out over pay?")
SHORT = "How much will the ferry terminal cost?"


@pytest.fixture
def index(tmp_path: Path, tiny_embedder):
    return index_articles(tmp_path, tiny_embedder, ARTICLES, "wire.json")


def _model(tmp_path: Path, label_of) -> str:
    """A real LightGBM LambdaRank model whose relevance is ``label_of(features)``."""
    import lightgbm

    rng = np.random.default_rng(0)
    x = rng.random((3000, len(FEATURES)))
    x[:, FEATURES.index("date")] = rng.integers(0, 2, 3000)
    y = label_of(x)
    data = lightgbm.Dataset(x, y, group=[30] * 100, feature_name=list(FEATURES))
    booster = lightgbm.train({"objective": "lambdarank", "verbose": -1, "num_threads": 1,
                              "min_data_in_leaf": 5}, data, 20)
    path = tmp_path / "model.txt"
    booster.save_model(str(path))
    return str(path)


def test_packaged_model_loads_and_reads_our_features() -> None:
    ranker = load_ranker("learned")
    assert isinstance(ranker, Ranker)
    assert load_ranker(None) is ranker  # the default, loaded once
    assert load_ranker("none") is None and load_ranker("off") is None
    scores = ranker.scores(np.zeros((4, len(FEATURES))))
    assert scores.shape == (4,) and np.isfinite(scores).all()


def test_the_packaged_model_is_read_when_it_first_ranks(tmp_path) -> None:
    """A short question is never ranked, so a new process does not pay for lightgbm; a
    bad model read late still fails with the error that names the fix."""
    from importlib import resources

    from assistant.errors import ConfigError

    packaged = str(resources.files("assistant.models").joinpath("ranker.txt"))
    lazy = Ranker.load(packaged, lazy=True)
    assert lazy._booster is None
    x = np.random.default_rng(0).random((5, len(FEATURES)))
    assert np.array_equal(lazy.scores(x), Ranker.load(packaged).scores(x)) and lazy._booster is not None
    broken = tmp_path / "broken.txt"
    broken.write_text("not a model")
    late = Ranker.load(str(broken), lazy=True)
    with pytest.raises(ConfigError, match="cannot load ranker model"):
        late.scores(x)
    with pytest.raises(ConfigError, match="cannot load ranker model"):
        Ranker.load(str(broken))  # a user's file is read, and refused, at once


def test_features_describe_each_candidate(index) -> None:
    retriever = index.retriever
    pool = retriever.pool(LONG, 10, clauses=True)
    x = features(pool)
    assert x.shape == (len(pool.rows), len(FEATURES))
    col = {name: x[:, i] for i, name in enumerate(FEATURES)}
    table = retriever.lexical.table
    outlets = [table.metas[r].get("outlet") for r in pool.rows]
    dates = [table.metas[r].get("date") for r in pool.rows]
    assert col["fused"][0] == 1.0 and (np.diff(col["fused_rank"]) > 0).all()
    # Both outlets are named; the date is the strike story's.
    assert all(col["named"][i] == (o in ("Coast Gazette", "Island Times")) for i, o in enumerate(outlets))
    assert all(col["date"][i] == (d == "2024-03-05") for i, d in enumerate(dates))
    assert ((col["coverage"] >= 0) & (col["coverage"] <= 1)).all() and col["coverage"].max() > 0
    assert col["clause_sent_best"].max() == 1.0  # some passage is the best match of some clause
    # Static vectors: cosines, relative to the best candidate for each clause.
    assert ((col["static_sent"] >= -1) & (col["static_sent"] <= 1.0001)).all()
    assert col["clause_static_best"].max() == 0.0 and (col["clause_static_best"] <= 0).all()
    assert col["clause_static_top"].max() >= 1
    # Ranks per clause (log2(2 + rank)): the best passage for the first clause ranks first for it.
    first = int(np.argmax(pool.static[:, 1]))
    assert col["clause_static_rank"][first] == 1.0 and (col["clause_static_rank"] >= 1.0).all()
    assert col["clause_rrf_rank"].min() == 1.0 and col["clause_sent_rank"].min() == 1.0
    assert col["clause_rrf_rank"][int(np.argmax(col["clause_rrf"]))] == 1.0  # the top sum ranks first
    assert col["outlets_named"][0] == 2
    # The pool carries everything the features read (each named outlet's clause scores, the
    # candidates' table rows and word coverage), so ranking never goes back to the index;
    # a pool gathered without clauses has none of it, and features says how to get it.
    assert len(pool.outlet_scores) == len(pool.outlets) == len(pool.evidence.outlet_coverage) == 2
    assert np.array_equal(pool.evidence.sidebar, table.sidebar[pool.rows])
    assert np.array_equal(col["coverage"], retriever.lexical.coverage(LONG, pool.rows))
    plain = retriever.pool(LONG, 10, clauses=False)
    assert plain.evidence is None
    with pytest.raises(ValueError, match=r"clauses=True"):
        features(plain)
    # Within-article ratios: every article's best chunk scores 1.
    docs = table.doc_code[pool.rows]
    for doc in set(docs.tolist()):
        if col["bm25"][docs == doc].max() > 0:
            assert col["bm25_in_doc"][docs == doc].max() == pytest.approx(1.0)


def test_learned_order_is_the_models(index, tmp_path: Path) -> None:
    # A perverse model that values passages sharing few of the question's words must put
    # the museum story, which the question does not mention, first.
    fused = index.search(LONG, k=3)
    assert "museum" not in fused[0].text
    coverage = FEATURES.index("coverage")
    perverse = index.reconfigured(
        ranker=_model(tmp_path, lambda x: (x[:, coverage] < 0.05).astype(int) + (x[:, coverage] < 0.2)))
    assert perverse.embedder is index.embedder
    ranked = perverse.search(LONG, k=3)
    assert "museum" in ranked[0].text
    assert [h.score for h in ranked] == sorted((h.score for h in ranked), reverse=True)
    assert index.search(LONG, k=3) == fused  # the original keeps its own ordering
    # Short questions keep the fused order (the ranker learned from long multi-hop ones).
    assert [h.chunk_id for h in perverse.search(SHORT, k=3)] == [
        h.chunk_id for h in assistant.open_index(index.index_dir, embedder=index.embedder,
                                                 ranker="none").search(SHORT, k=3)]
    # Other fusion settings, same ranker: without per-outlet sub-searches the scores change.
    plain = perverse.reconfigured(fusion=FusionParams(decompose=False), ranker="none")
    assert [h.score for h in plain.search(LONG, k=3)] != [h.score for h in fused]


FERRY_STORY = ("Ferry strike halts island crossings\n\nFerry crews walked out on Tuesday over pay, halting every "
               "island crossing, the union said. Island shops said deliveries had stopped.\n\n")


def _page(tmp_path: Path, text: str) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "page.txt").write_text(text, encoding="utf-8")
    return corpus


def test_sidebar_passages_follow_the_story(tmp_path: Path, tiny_embedder) -> None:
    corpus = _page(tmp_path, FERRY_STORY + "RELATED ARTICLES\n\nFerry crews walked out over pay at the harbour in "
                   "the ferry strike\n")
    idx = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True,
                               ranker=_model(tmp_path, lambda x: (x[:, 0] > 0.5).astype(int)))
    idx.add(corpus)
    hits = idx.search("Did the ferry crews walk out over pay at the harbour in the ferry strike that halted "
                      "the island crossings, and did island shops say deliveries had stopped?", k=5)
    sections = [h.section for h in hits]
    assert "sidebar" in sections and "body" in sections
    assert sections == sorted(sections)  # every "body" before any "sidebar"


def test_a_fact_only_a_sidebar_gives_is_found_first_and_quoted_as_sidebar(tmp_path: Path, tiny_embedder) -> None:
    corpus = _page(tmp_path, FERRY_STORY + "The union said the strike would last until the harbour board made a "
                   "new offer on pay.\n\nRELATED ARTICLES\n\nLighthouse keeper rescues 12 sailors off Cape Dorn\n\n"
                   "Ferry crews walked out over pay at the harbour\n")
    for ranker in ("none", _model(tmp_path, lambda x: (x[:, 0] > 0.5).astype(int))):
        idx = assistant.open_index(tmp_path / f"idx-{ranker != 'none'}", embedder=tiny_embedder, create=True,
                                   ranker=ranker)
        idx.add(corpus)
        question = "How many sailors did the lighthouse keeper rescue off Cape Dorn, in the stormy island waters?"
        hits = idx.search(question, k=2)
        assert hits[0].section == "sidebar" and "Cape Dorn" in hits[0].text, [(h.section, h.text) for h in hits]
        # a question the story answers keeps the story first
        assert idx.search("Why did the ferry crews walk out on Tuesday, halting every island crossing?",
                          k=2)[0].section == "body"
    answer = assistant.Assistant(idx, k=3).ask(question)
    assert answer.answered and "12 sailors" in answer.citations[0].quote, answer.text
    assert "sidebar" in answer.text


def test_bad_ranker_settings_fail_with_the_fix(tmp_path: Path, run_cli) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_ranker(str(tmp_path / "missing.txt"))
    junk = tmp_path / "junk.txt"
    junk.write_text("not a model\n")
    with pytest.raises(ConfigError, match="cannot load ranker model"):
        load_ranker(str(junk))
    import lightgbm

    other = lightgbm.train({"objective": "lambdarank", "verbose": -1, "min_data_in_leaf": 1},
                           lightgbm.Dataset(np.random.default_rng(0).random((40, 3)), [0, 1] * 20,
                                            group=[10] * 4), 2)
    other.save_model(str(tmp_path / "other.txt"))
    with pytest.raises(ConfigError, match=r"retrain it with scripts/train_ranker\.py"):
        load_ranker(str(tmp_path / "other.txt"))
    done = run_cli("search", "ferry", "--index-dir", tmp_path / "none", "--ranker", tmp_path / "missing.txt")
    assert done.returncode != 0
    assert done.stderr.strip().startswith("Error:") and len(done.stderr.strip().splitlines()) == 1


def test_ranker_setting_resolves_flag_env_file(tmp_path: Path, monkeypatch) -> None:
    from assistant.config import resolve

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ASSISTANT_RANKER", raising=False)
    monkeypatch.delenv("ASSISTANT_CONFIG", raising=False)
    assert resolve().ranker == "learned"
    (tmp_path / "assistant.toml").write_text('[assistant]\nranker = "none"\n')
    assert resolve().ranker == "none"
    monkeypatch.setenv("ASSISTANT_RANKER", "/models/r.txt")
    assert resolve().ranker == "/models/r.txt"
    assert resolve(ranker="learned").ranker == "learned"


def test_training_folds_never_split_a_fact() -> None:
    def q(*facts: str) -> dict:
        return {"evidence_list": [{"fact": f} for f in facts]}

    queries = [q("a b", "c"), q("c "), q("d"), q("e"), q("a  b", "f"), q("g"), q("f"), q("h")]
    folds = fact_folds(queries, 3)
    assert folds[0] == folds[1] == folds[4] == folds[6]  # linked through "c", "a b" and "f"
    assert sorted(set(folds)) == [0, 1, 2]


def test_concurrent_searches_agree_with_one_at_a_time(index) -> None:
    # The HTTP API shares one index (and one ranker) between request threads.
    from concurrent.futures import ThreadPoolExecutor

    index._ranker = "learned"
    index._retriever = None
    questions = [LONG, LONG.replace("March 5, 2024", "March 4, 2024"), LONG.replace("pay", "bread and milk")]
    alone = {q: [h.chunk_id for h in index.search(q, k=4)] for q in questions}
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda q: (q, [h.chunk_id for h in index.search(q, k=4)]), questions * 8))
    assert all(alone[q] == ids for q, ids in together)


def test_query_tokens_match_the_index_tokenizer() -> None:
    from assistant.indexing.tokens import QueryTokenizer, tokenize

    texts = ["Who met Umerov in Brussels on Thursday?", "The mayor's 12-million bridge, opened; it's NEW!",
             "", "a an the of", "Zürich’s café — naïve résumé"]
    fast = QueryTokenizer(size=2)
    for text in texts * 2:  # the second round comes partly from the cache
        assert fast(text) == tokenize([text])[0]


def test_the_question_tokenizer_leaves_bm25s_and_scipy_unimported() -> None:
    """A new process's first search reads bm25s's stop words without importing the package
    (and scipy.sparse with it): the same words."""
    import subprocess
    import sys

    code = ("import sys; from assistant.indexing.tokens import QueryTokenizer; q = QueryTokenizer(); "
            "print('bm25s' in sys.modules, 'scipy' in sys.modules); "
            "from bm25s.stopwords import STOPWORDS_EN; print(q._stop == frozenset(STOPWORDS_EN), len(q._stop))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[:3] == ["False", "False", "True"] and int(out[3]) > 20


def test_exact_dense_search_agrees_with_chroma(index) -> None:
    from assistant.retrieval.fusion import FusionParams
    from assistant.retrieval.index import Index

    chroma = Index(index.index_dir, embedder=index.embedder, fusion=FusionParams(exact_dense_max=0), ranker="none")
    vector = index.embedder.embed_query("ferry strike over pay")
    exact = index.retriever._dense(vector, 3)
    assert chroma.retriever._dense(vector, 3) == exact
    table = index.lexical.table
    sims = table.vectors.astype("float32") @ vector
    assert exact == sorted(range(len(table)), key=lambda r: -sims[r])[:3]


def test_a_search_below_the_exact_size_does_not_start_chroma(index, tiny_model) -> None:
    """A new process searching an index small enough for exact dense search in memory
    never imports Chroma (over a second of a cold search); one configured to ask Chroma
    opens it then, and finds the same passages."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "from assistant import open_index\n"
        "from assistant.indexing.embedding import SentenceTransformerEmbedder\n"
        "from assistant.retrieval.fusion import FusionParams\n"
        f"index = open_index({str(index.index_dir)!r}, ranker='none',\n"
        f"                   embedder=SentenceTransformerEmbedder({tiny_model!r}, precision='fp32'))\n"
        "exact = [h.chunk_id for h in index.search('ferry strike over pay', k=3)]\n"
        "before = 'chromadb' in sys.modules\n"
        "chroma = index.reconfigured(fusion=FusionParams(exact_dense_max=0))\n"
        "found = [h.chunk_id for h in chroma.search('ferry strike over pay', k=3)]\n"
        "print(json.dumps({'before': before, 'after': 'chromadb' in sys.modules, 'exact': exact,"
        " 'chroma': found}))\n")
    done = subprocess.run([sys.executable, "-c", script], env=dict(os.environ, HF_HUB_OFFLINE="1"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["before"] is False and result["after"] is True
    assert result["exact"] and result["chroma"] == result["exact"]


def test_what_a_search_reads_into_the_question_is_listed_and_can_be_ignored(index) -> None:
    """The outlets a question names and the days it gives are listed as assumptions; each
    put in ``Filters.ignore`` is no longer acted on, and an ignore list restricts nothing."""
    read = index.assumptions(LONG)
    assert [(a.kind, a.label, a.applied) for a in read] == [
        ("outlet", "Coast Gazette", True), ("outlet", "Island Times", True), ("date", "2024-03-05", True)]
    retriever = index.retriever
    acted = retriever.pool(LONG, 10)
    assert len(acted.outlets) == 2 and acted.dates == {20240305}
    gazette = Filters(ignore=frozenset({read[0].key}))
    partly = retriever.pool(LONG, 10, gazette)
    assert len(partly.outlets) == 1 and partly.dates == {20240305}
    assert [a.applied for a in index.assumptions(LONG, gazette)] == [False, True, True]
    none = Filters(ignore=frozenset(a.key for a in read))
    bare = retriever.pool(LONG, 10, none)
    assert bare.outlets == [] and bare.dates == set()
    assert not none  # not a restriction: the same passages as no filters at all
    assert [h.chunk_id for h in index.search(SHORT, 10, none)] == [h.chunk_id for h in index.search(SHORT, 10)]
    assert index.assumptions(SHORT) == ()
