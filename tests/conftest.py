"""Shared fixtures: a tiny random BERT saved with save_pretrained (no downloads), the
real corpus by path, and helpers to write small corpora of our own text."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"  # a hidden download fails loudly
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
MULTIHOP = SHARED / "bench" / "multihop-rag"

WORDS = [
    "the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "but", "with", "by", "at", "from", "as",
    "is", "was", "were", "be", "been", "has", "have", "had", "it", "its", "this", "that", "these", "those",
    "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "said", "says", "say", "told",
    "met", "meet", "meeting", "mayor", "city", "council", "bridge", "river", "school", "teacher", "students",
    "minister", "defense", "defence", "drone", "drones", "production", "company", "companies", "paris",
    "kyiv", "brussels", "london", "berlin", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "million", "billion", "new", "old", "year", "years",
    "first", "last", "two", "three", "four", "five", "ten", "hundred", "who", "what", "when", "where", "why",
    "how", "which", "not", "no", "yes", "about", "after", "before", "during", "over", "under", "between",
    "opened", "opens", "built", "build", "cost", "costs", "plan", "plans", "police", "fire", "storm",
    "flood", "rain", "harbour", "festival", "museum", "library", "hospital", "doctor", "nurse", "farmer",
    "farmers", "market", "price", "prices", "train", "station", "airport",
]


def _build_tiny_model(folder: Path) -> Path:
    import torch
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers 6 moved the modules; older releases keep them in .models
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:
        from sentence_transformers import models
    from transformers import BertConfig, BertModel, BertTokenizerFast

    raw = folder / "bert"
    raw.mkdir(parents=True)
    chars = list("abcdefghijklmnopqrstuvwxyz0123456789")
    punct = list(".,;:!?'\"()-–—%$£€/&")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *punct, *chars, *(f"##{c}" for c in chars), *WORDS]
    vocab = list(dict.fromkeys(vocab))
    (raw / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    # transformers 5 takes the vocabulary as ``vocab`` and silently ignores ``vocab_file``,
    # which left a tokenizer that read every word as [UNK].
    params = inspect.signature(BertTokenizerFast.__init__).parameters
    source = {"vocab": str(raw / "vocab.txt")} if "vocab" in params else {"vocab_file": str(raw / "vocab.txt")}
    tokenizer = BertTokenizerFast(**source, do_lower_case=True)
    if len(tokenizer) != len(vocab):
        raise RuntimeError(f"tiny tokenizer has {len(tokenizer)} pieces, expected {len(vocab)}")
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=160)
    torch.manual_seed(0)
    BertModel(config).save_pretrained(raw)
    tokenizer.save_pretrained(raw)
    word = models.Transformer(str(raw), max_seq_length=128)
    dimension = getattr(word, "get_embedding_dimension", None) or word.get_word_embedding_dimension
    pooling = models.Pooling(dimension(), "mean")
    out = folder / "tiny-st"
    SentenceTransformer(modules=[word, pooling, models.Normalize()], device="cpu").save(str(out))
    return out


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Path of a tiny random sentence-transformers model (32 dimensions, 128-token window)."""
    return str(_build_tiny_model(tmp_path_factory.mktemp("models")))


@pytest.fixture(scope="session")
def tiny_embedder(tiny_model: str):
    from assistant.indexing.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(tiny_model, precision="fp32")


STORIES = {
    "bridge.txt": (
        "Mayor opens new river bridge\n\n"
        "The mayor of Springfield opened the new river bridge on Monday, the city council said.\n\n"
        "The bridge cost 12 million and took two years to build. Farmers said the bridge would cut "
        "their trip to the market by an hour.\n"
    ),
    "festival.md": (
        "# Harbour festival draws record crowds\n\n"
        "date 2024-08-03\n\n"
        "More than ten thousand people came to the harbour festival on Saturday, police said.\n\n"
        "The festival opened with a parade from the train station to the museum.\n"
    ),
    "storm/flood.txt": (
        "Storm floods the old library\n"
        "March 5, 2024\n\n"
        "Heavy rain flooded the old library in Riverton on Tuesday. The library said four hundred "
        "books were lost. Firefighters pumped water from the basement for two days.\n\n"
        "MORE ABOUT\n\n"
        "Hospital opens a new wing for children\n"
    ),
}


@pytest.fixture
def stories(tmp_path: Path) -> Path:
    """A small corpus of our own writing (never article text from ../shared)."""
    root = tmp_path / "corpus"
    for name, text in STORIES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def real_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not there (CI puts ../shared beside the clone)")
    return CORPUS


# -- helpers for tests that drive the command line -------------------------------------

def cli_env(**extra: str) -> dict[str, str]:
    """The environment for ``python -m assistant``: offline, no ASSISTANT_* settings leaking in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    # fp32 like the in-process fixtures: a bf16 subprocess could order near-ties differently
    # from a test's own engine (bf16 itself is checked in test_index_basic).
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
               PYTHONPATH=str(REPO), ASSISTANT_EMBED_PRECISION="fp32")
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def run_cli(tmp_path_factory: pytest.TempPathFactory):
    """``run_cli(*args, **popen_kwargs)``: run ``python -m assistant ARGS`` in a subprocess and
    return the CompletedProcess (text mode). Runs in an empty folder unless ``cwd`` is given,
    so no assistant.toml is picked up."""
    import subprocess
    import sys

    workdir = tmp_path_factory.mktemp("cli-cwd")

    def run(*args: object, cwd: Path | None = None, env: dict[str, str] | None = None,
            **kwargs: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", *map(str, args)], cwd=cwd or workdir,
            env=env or cli_env(), capture_output=True, text=True, check=False, **kwargs,
        )

    return run


def write_corpus(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path -> text or bytes) under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def index_articles(folder: Path, embedder, articles: list[dict], name: str = "news.json"):
    """An index in fused order (``folder``/idx) of ``articles`` (benchmark-style records),
    written as one JSON file under ``folder``/corpus."""
    import json

    import assistant

    corpus = write_corpus(folder / "corpus", {name: json.dumps(articles)})
    index = assistant.open_index(folder / "idx", embedder=embedder, create=True, ranker="none")
    index.add(corpus)
    return index


def news_record(outlet: str, date: str, title: str, body: str) -> dict:
    """A benchmark-style article record (MultiHop-RAG's fields) of our own writing."""
    return {"title": title, "author": "", "source": outlet, "published_at": f"{date}T09:00:00+00:00",
            "category": "business", "url": f"https://example.test/{outlet.split()[0].lower()}/{date}", "body": body}


def assistant_over(tmp_path_factory: pytest.TempPathFactory, tiny_model: str, name: str, articles: list[dict],
                   k: int):
    """An assistant reading ``k`` passages from a new index of ``articles`` (the tiny model)."""
    import assistant
    from assistant.indexing.embedding import SentenceTransformerEmbedder

    index = index_articles(tmp_path_factory.mktemp(name), SentenceTransformerEmbedder(tiny_model), articles)
    return assistant.Assistant(index, k=k)


def assistant_of_files(tmp_path_factory: pytest.TempPathFactory, tiny_model: str, name: str,
                       files: dict[str, str | bytes], k: int):
    """An assistant reading ``k`` passages from a new index of ``files`` (written as a corpus; the tiny model)."""
    import assistant

    root = tmp_path_factory.mktemp(name)
    index = assistant.open_index(root / "idx", embed_model=tiny_model, create=True, ranker="none")
    index.add(write_corpus(root / "corpus", files))
    return assistant.Assistant(index, k=k)


def quoted_sentence(text: str):
    """``text`` as the extractive answerer's sentence of a report of its own (no title, outlet or
    date), for the rules that decide from one sentence."""
    from types import SimpleNamespace

    hit = SimpleNamespace(text=text, title="", outlet=None, date=None)
    return SimpleNamespace(text=text, hit=hit, start=0, end=len(text))
