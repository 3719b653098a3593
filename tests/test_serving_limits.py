"""A server under many clients: model passes never outnumber the cores, torch runs each
on one thread, and a search or extractive answer holds one of the service's compute slots.
(The throughput and memory targets are measured by benchmarks/load_test.py against the real
server, not here.)"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

import assistant
from assistant.indexing import embedding
from assistant.indexing.embedding import SentenceTransformerEmbedder, limit_concurrent_passes, usable_cores


@pytest.fixture
def restore_torch_threads():
    import torch

    threads = torch.get_num_threads()
    yield
    torch.set_num_threads(threads)
    embedding._passes = None


def _at_once(call, workers: int) -> None:
    threads = [threading.Thread(target=call) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)


def test_model_passes_never_outnumber_the_slots(tiny_model: str, restore_torch_threads) -> None:
    import torch

    embedder = SentenceTransformerEmbedder(tiny_model, precision="fp32")
    real = embedder._model.encode
    cores = usable_cores()
    workers = 3 * cores
    state = {"lock": threading.Lock(), "active": 0, "peak": 0}

    def counting_encode(*args, **kwargs):
        with state["lock"]:
            state["active"] += 1
            state["peak"] = max(state["peak"], state["active"])
        time.sleep(0.3)  # long enough for the other callers to arrive while this one is inside
        try:
            return real(*args, **kwargs)
        finally:
            with state["lock"]:
                state["active"] -= 1

    embedder._model.encode = counting_encode

    def call() -> None:
        embedder.embed_query("the mayor opened the bridge")

    _at_once(call, workers)
    assert state["peak"] > cores, "without a limit callers outnumber the cores (the CLI's case)"

    slots = limit_concurrent_passes(1)
    assert slots == cores and torch.get_num_threads() == 1
    state["peak"] = 0
    _at_once(call, workers)
    assert state["peak"] == slots


def test_searches_hold_a_compute_slot_but_llm_answers_do_not(tmp_path: Path, stories: Path, tiny_embedder) -> None:
    from assistant.answer.assistant import Assistant
    from assistant.serve.service import Service

    index = assistant.open_index(tmp_path / "idx", embedder=tiny_embedder, create=True)
    index.add(stories)
    service = Service(Assistant(index))
    slots = 2 * usable_cores()
    held = [service.working("extractive") for _ in range(slots)]
    for slot in held:
        slot.__enter__()
    try:
        got = threading.Event()

        def one_more() -> None:
            with service.working():
                got.set()

        waiting = threading.Thread(target=one_more, daemon=True)
        waiting.start()
        assert not got.wait(0.3), "a request beyond the slots waits"
        with service.working("llm"):
            pass  # an LLM answer does not wait for a slot
    finally:
        for slot in held:
            slot.__exit__(None, None, None)
    assert got.wait(5), "and runs once a slot is free"
