"""Indexing throughput and search latency: our index against a plain llama-index pipeline,
on the same corpus, in the same process and run.

    .venv/bin/python benchmarks/bench_index.py                 # full MultiHop-RAG corpus
    .venv/bin/python benchmarks/bench_index.py --limit 30      # quick check on 30 articles

Ours: ``Index.add(corpus.json)`` (load, clean, sentence-aligned chunks in MiniLM tokens,
embed, Chroma + BM25), then ``Index.search(q, k=10)`` (hybrid: dense + BM25, fused).
Plain: ``SentenceSplitter(chunk_size=256, chunk_overlap=20)`` (llama-index's default
tokenizer, tiktoken) -> ``HuggingFaceEmbedding`` of the same MiniLM folder (llama-index
defaults: fp32, batch 10) -> ``ChromaVectorStore`` on a fresh ``PersistentClient``, then
``as_retriever(similarity_top_k=10).retrieve(q)`` (dense only).

Model load is timed apart from indexing for both; the headline chunks/s is indexing
without the load, the end-to-end figure includes it. Search queries are timed
interleaved (alternating which system goes first) after a warm-up on other queries, and
each query string is asked once, so our query-vector cache never answers.
Search is timed on the benchmark's questions (long, multi-hop) and on short ones (the
corpus's article titles, as a journalist types a topic). Targets (issue 17): ours >= 3x
the plain chunks/s, ours search p50 <= 0.5x plain p50 on both.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from cpu import cpu_flags  # benchmarks/ is the script's folder, first on sys.path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "bench" / "multihop-rag" / "corpus.json"
TOP_K = 10
WARMUP = 5
THROUGHPUT_TARGET = 3.0
SEARCH_TARGET = 0.5  # ours p50 over plain p50, long and short questions alike


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100)."""
    xs = sorted(values)
    if not xs:
        return float("nan")
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def latency_stats(ms: list[float]) -> dict[str, float]:
    return {"n": len(ms), "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95),
            "mean_ms": statistics.fmean(ms) if ms else float("nan")}


def token_stats(counts: list[int], window: int) -> dict[str, float]:
    if not counts:
        return {}
    return {"mean": statistics.fmean(counts), "p50": percentile(counts, 50), "max": max(counts),
            "over_window": sum(c > window for c in counts) / len(counts)}


def load_queries(path: Path, n: int, skip: set[str] | None = None) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    seen: set[str] = set(skip or ())
    out: list[str] = []
    for row in data:
        q = (row.get("query") if isinstance(row, dict) else str(row)) or ""
        q = q.strip()
        if q and q not in seen:
            seen.add(q)
            out.append(q)
        if len(out) >= n:
            break
    return out


def short_queries(corpus: Path, n: int, skip: set[str]) -> list[str]:
    """Short questions: the corpus's distinct article titles, the way a journalist types a topic."""
    out: list[str] = []
    for row in json.loads(corpus.read_text(encoding="utf-8")):
        title = " ".join(str(row.get("title") or "").split()) if isinstance(row, dict) else ""
        if title and title not in skip and title not in out:
            out.append(title)
        if len(out) >= n:
            break
    return out


def cpu_info() -> dict[str, Any]:
    import torch

    from assistant.indexing.embedding import cpu_supports_bf16, resolve_precision

    return {"cpu": platform.processor() or platform.machine(), "flags": cpu_flags(), "cores": os.cpu_count(),
            "torch": torch.__version__, "torch_threads": torch.get_num_threads(),
            "cpu_bf16": cpu_supports_bf16(), "our_precision": resolve_precision(None)}


# -- ours ----------------------------------------------------------------------------------
def run_ours(corpus: Path, work: Path, knowledge: bool = True,
             precision: str | None = None) -> tuple[dict[str, Any], Any]:
    import sentence_transformers  # noqa: F401  (imported before the clock, as for plain)

    import assistant
    from assistant.indexing.embedding import SentenceTransformerEmbedder

    t0 = time.perf_counter()
    embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2", precision=precision)  # the packaged model
    load_s = time.perf_counter() - t0
    folder = ("ours" if knowledge else "ours-no-knowledge") + (f"-{precision}" if precision else "")
    index = assistant.open_index(work / folder, embedder=embedder, create=True)
    previous = os.environ.get("ASSISTANT_KNOWLEDGE")
    os.environ["ASSISTANT_KNOWLEDGE"] = "on" if knowledge else "off"
    try:
        t1 = time.perf_counter()
        report = index.add(corpus)
        add_s = time.perf_counter() - t1
    finally:
        if previous is None:
            os.environ.pop("ASSISTANT_KNOWLEDGE", None)
        else:
            os.environ["ASSISTANT_KNOWLEDGE"] = previous
    if report.files_skipped:
        raise SystemExit(f"our index skipped {report.files_skipped}")
    table = index.lexical.table
    embedded = [f"{m.get('header', '')}\n{t}" if m.get("header") else t
                for t, m in zip(table.texts, table.metas, strict=True)]
    tokens = embedder.count_tokens(embedded)
    result = {
        "system": ("ours" if knowledge else "ours without knowledge") + (f" ({precision})" if precision else ""),
        "precision": embedder.precision,
        "chunks": report.chunks_embedded,
        "model_load_s": load_s, "index_s": add_s,
        "chunks_per_s": report.chunks_embedded / add_s if add_s else float("nan"),
        "end_to_end_s": load_s + add_s,
        "end_to_end_chunks_per_s": report.chunks_embedded / (load_s + add_s),
        "tokens_minilm": token_stats(tokens, embedder.max_tokens - 2),
        "chunking": "sentence-aligned, 200 MiniLM word pieces, ~40 overlap, title/outlet/date header",
    }
    return result, index


def time_knowledge(index: Any, queries: list[str]) -> dict[str, Any]:
    """p50/p95 of the knowledge layer's three reads on the built index (target: p50 < 50 ms)."""
    people = index.entities(type="person", limit=20)
    speakers = [e.name for e in people] or ["nobody"]
    calls = {
        "entities": lambda i: index.entities(limit=50),
        "entities --name": lambda i: index.entities(name=speakers[i % len(speakers)]),
        "quotes --speaker": lambda i: index.quotes(speaker=speakers[i % len(speakers)]),
        "quotes --about": lambda i: index.quotes(about=queries[i % len(queries)], limit=10),
        "timeline": lambda i: index.timeline(queries[i % len(queries)], k=10),
    }
    out = {}
    for name, call in calls.items():
        call(0)  # warm
        ms = []
        for i in range(min(50, max(1, len(queries)))):
            t = time.perf_counter()
            call(i)
            ms.append((time.perf_counter() - t) * 1000)
        out[name] = latency_stats(ms)
    return out


def run_cli(corpus: Path, work: Path) -> dict[str, Any]:
    """``assistant index CORPUS --json`` in a subprocess: the acceptance path, timed whole."""
    import subprocess

    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "assistant", "index", str(corpus), "--index-dir",
                           str(work / "cli"), "--json", "--no-progress"],
                          capture_output=True, text=True, cwd=REPO, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"assistant index failed ({proc.returncode}): {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"system": "ours (assistant index CLI)", "wall_s": wall, "report": report,
            "chunks_per_s_wall": report["chunks_embedded"] / wall}


# -- plain llama-index ----------------------------------------------------------------------
def run_plain(corpus: Path, work: Path, model_path: str) -> tuple[dict[str, Any], Any]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.schema import MetadataMode
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    t0 = time.perf_counter()
    embed_model = HuggingFaceEmbedding(model_name=model_path, device="cpu")
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    records = json.loads(corpus.read_text(encoding="utf-8"))
    # The same fields our header carries (title, outlet, date); llama-index puts document
    # metadata in front of every chunk it embeds, and the splitter leaves room for it.
    documents = [Document(text=r["body"], metadata={"title": r.get("title") or "",
                                                    "source": r.get("source") or "",
                                                    "published_at": r.get("published_at") or ""})
                 for r in records if isinstance(r.get("body"), str) and r["body"].strip()]
    splitter = SentenceSplitter(chunk_size=256, chunk_overlap=20)
    nodes = splitter.get_nodes_from_documents(documents)
    split_s = time.perf_counter() - t1
    client = chromadb.PersistentClient(path=str(work / "plain"),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_or_create_collection("plain")
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    vector_index = VectorStoreIndex(nodes, storage_context=storage, embed_model=embed_model)
    index_s = time.perf_counter() - t1
    if collection.count() != len(nodes):
        raise SystemExit(f"plain Chroma holds {collection.count()} vectors for {len(nodes)} nodes")

    embedded = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # counting over-long chunks is the point here
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_path)  # the tokenizer HuggingFaceEmbedding loads
    minilm = [len(ids) for ids in tokenizer(embedded, add_special_tokens=False)["input_ids"]]
    from llama_index.core.utils import get_tokenizer

    tik = get_tokenizer()
    result = {
        "system": "plain llama-index", "precision": "fp32", "chunks": len(nodes),
        "model_load_s": load_s, "split_s": split_s, "index_s": index_s,
        "chunks_per_s": len(nodes) / index_s, "end_to_end_s": load_s + index_s,
        "end_to_end_chunks_per_s": len(nodes) / (load_s + index_s),
        "tokens_minilm": token_stats(minilm, embed_model.max_length - 2),
        "tokens_tiktoken": token_stats([len(tik(t)) for t in embedded], 256),
        "chunking": "SentenceSplitter(chunk_size=256, chunk_overlap=20), default tokenizer "
                    "(tiktoken cl100k_base via llama_index.core.utils.get_tokenizer), "
                    "metadata title/source/published_at in the embedded text",
        "embed_batch_size": embed_model.embed_batch_size,
    }
    return result, (vector_index, embed_model)


# -- search latency --------------------------------------------------------------------------
def time_search(index: Any, plain_index: tuple[Any, Any], queries: list[str], warmup: list[str]) -> dict[str, Any]:
    vector_index, embed_model = plain_index
    retriever = vector_index.as_retriever(similarity_top_k=TOP_K)
    for q in warmup:
        index.search(q, k=TOP_K)
        retriever.retrieve(q)

    def ours(q: str) -> int:
        return len(index.search(q, k=TOP_K))

    def plain(q: str) -> int:
        return len(retriever.retrieve(q))

    ms: dict[str, list[float]] = {"ours": [], "plain": []}
    short: dict[str, int] = {"ours": 0, "plain": 0}
    gc.collect()
    for i, q in enumerate(queries):
        order = (("ours", ours), ("plain", plain)) if i % 2 == 0 else (("plain", plain), ("ours", ours))
        for name, fn in order:
            t = time.perf_counter()
            got = fn(q)
            ms[name].append((time.perf_counter() - t) * 1000)
            short[name] += got < TOP_K
    out = {name: latency_stats(v) | {"short_results": short[name]} for name, v in ms.items()}
    # The query embedding alone (no cache), to show how much of each p50 it is.
    embed_ms: dict[str, list[float]] = {"ours": [], "plain": []}
    embed = {"ours": index.embedder.embed_query, "plain": embed_model.get_query_embedding}
    for i, q in enumerate(queries):
        for name in (("ours", "plain") if i % 2 == 0 else ("plain", "ours")):
            t = time.perf_counter()
            embed[name](q)
            embed_ms[name].append((time.perf_counter() - t) * 1000)
    for name, v in embed_ms.items():
        out[name]["embed_p50_ms"] = percentile(v, 50)
        out[name]["embed_mean_ms"] = statistics.fmean(v)
    return out


def subset(corpus: Path, limit: int, work: Path) -> Path:
    records = json.loads(corpus.read_text(encoding="utf-8"))[:limit]
    out = work / "corpus" / f"corpus_first{limit}.json"
    out.parent.mkdir(parents=True)
    out.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    return out


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_table(info: dict[str, Any], ours: dict[str, Any], plain: dict[str, Any],
                search: dict[str, Any], cli: dict[str, Any] | None, articles: int) -> dict[str, Any]:
    print(f"\nCPU: {info['flags']}")
    print(f"corpus: {articles} articles; torch {info['torch']}, {info['torch_threads']} threads, "
          f"{info['cores']} cores; CPU bf16 (avx512_bf16/amx_bf16): {'yes' if info['cpu_bf16'] else 'no'} "
          f"-> ours embeds in {ours['precision']}, plain in {plain['precision']}")
    head = (f"{'system':<20}{'chunks':>7}{'load s':>8}{'index s':>9}{'chunks/s':>10}{'e2e chunks/s':>14}"
            f"{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}{'embed p50':>10}{'tok mean':>10}{'>256':>7}")
    print(head)
    print("-" * len(head))
    for r in (ours, plain):
        s = search[r["system"] if r["system"] == "ours" else "plain"]
        tok = r["tokens_minilm"]
        print(f"{r['system']:<20}{r['chunks']:>7}{r['model_load_s']:>8.1f}{r['index_s']:>9.1f}"
              f"{r['chunks_per_s']:>10.1f}{r['end_to_end_chunks_per_s']:>14.1f}{s['p50_ms']:>9.1f}"
              f"{s['p95_ms']:>9.1f}{s['mean_ms']:>9.1f}{s['embed_p50_ms']:>10.1f}{tok['mean']:>10.1f}{tok['over_window']:>7.1%}")
    if cli:
        print(f"{'ours via CLI':<20}{cli['report']['chunks_embedded']:>7}{'':>8}{cli['wall_s']:>9.1f}"
              f"{cli['chunks_per_s_wall']:>10.1f}  (subprocess wall time, model load included)")
    print("embed p50: the query embedding alone, timed apart; the rest of p50 is store, BM25 and fusion.")
    print("tok mean: MiniLM word pieces per embedded chunk (metadata/header included); "
          ">256: share the model truncates (254 + [CLS]/[SEP]).")
    print(f"plain chunks measured by the splitter's own tokenizer (tiktoken): mean "
          f"{plain['tokens_tiktoken']['mean']:.1f}, max {plain['tokens_tiktoken']['max']}")
    tput = ours["chunks_per_s"] / plain["chunks_per_s"]
    e2e = ours["end_to_end_chunks_per_s"] / plain["end_to_end_chunks_per_s"]
    p50 = search["ours"]["p50_ms"] / search["plain"]["p50_ms"]
    ratios = {"throughput_ours_over_plain": tput, "end_to_end_ours_over_plain": e2e,
              "p50_ours_over_plain": p50, "p95_ours_over_plain": search["ours"]["p95_ms"] / search["plain"]["p95_ms"],
              "throughput_pass": tput >= THROUGHPUT_TARGET, "p50_pass": p50 <= SEARCH_TARGET}
    print(f"\nindexing throughput ours/plain: {tput:.2f}x (target >= {THROUGHPUT_TARGET:.0f}x) "
          f"{verdict(ratios['throughput_pass'])}   [end to end with model load: {e2e:.2f}x]")
    print(f"search p50 ours/plain: {p50:.2f}x (target <= {SEARCH_TARGET:.2f}x) {verdict(ratios['p50_pass'])}   "
          f"[p95: {ratios['p95_ours_over_plain']:.2f}x; {search['ours']['n']} queries, k={TOP_K}; "
          "ours hybrid dense+BM25, plain dense only]")
    short = search.get("short")
    if short:
        ratio = short["ours"]["p50_ms"] / short["plain"]["p50_ms"]
        ratios["p50_ours_over_plain_short"] = ratio
        ratios["p50_pass_short"] = ratio <= SEARCH_TARGET
        print(f"search p50 ours/plain, short questions: {ratio:.2f}x (target <= {SEARCH_TARGET:.2f}x) "
              f"{verdict(ratio <= SEARCH_TARGET)}   [ours {short['ours']['p50_ms']:.1f} ms, plain "
              f"{short['plain']['p50_ms']:.1f} ms; {short['ours']['n']} article titles, mean "
              f"{short['words']:.1f} words against {search['words']:.1f}]")
    return ratios


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON list of articles [%(default)s]")
    ap.add_argument("--limit", type=int, default=None, help="Only the first N articles (a quick run).")
    ap.add_argument("--queries", type=Path, default=None, help="Queries JSON [queries_dev.json beside the corpus].")
    ap.add_argument("--n-queries", type=int, default=200, help="Query strings timed [%(default)s].")
    ap.add_argument("--out", type=Path, default=None, help="Write all numbers here as JSON.")
    ap.add_argument("--cli", action="store_true",
                    help="Also time `assistant index CORPUS --json` as a subprocess (the acceptance path).")
    ap.add_argument("--order", choices=["ours-first", "plain-first"], default="ours-first",
                    help="Which pipeline indexes first [%(default)s].")
    ap.add_argument("--threads", type=int, default=None,
                    help="torch.set_num_threads for both pipelines [torch's default].")
    ap.add_argument("--keep", action="store_true", help="Keep the temporary index folders.")
    ap.add_argument("--precisions", default="",
                    help="Also index with each of these embedding precisions, e.g. int8,fp32 (same run, "
                         "knowledge layer on); with --keep the indexes stay for a retrieval evaluation.")
    ap.add_argument("--knowledge-share", action="store_true",
                    help="Also index without the knowledge layer (same run) and time entities/quotes/timeline.")
    args = ap.parse_args(argv)

    corpus = args.corpus.expanduser().resolve()
    queries_path = (args.queries or corpus.parent / "queries_dev.json").expanduser()
    if not corpus.is_file():
        ap.error(f"{corpus} does not exist")
    if not queries_path.is_file():
        ap.error(f"{queries_path} does not exist; pass --queries")

    from assistant.indexing.embedding import packaged_model_path

    model_path = str(packaged_model_path())
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    info = cpu_info()
    work = Path(tempfile.mkdtemp(prefix="bench_index_"))
    try:
        if args.limit:
            corpus = subset(corpus, args.limit, work)
        articles = len(json.loads(corpus.read_text(encoding="utf-8")))
        print(f"corpus {corpus} ({articles} articles); model {model_path}; work dir {work}", flush=True)

        steps = ["ours", "plain"] if args.order == "ours-first" else ["plain", "ours"]
        if args.knowledge_share:
            steps.insert(steps.index("ours") + 1, "ours-no-knowledge")
        extra = [x.strip() for x in args.precisions.split(",") if x.strip()]
        steps += [f"ours-{x}" for x in extra]
        results: dict[str, Any] = {}
        for step in steps:
            print(f"indexing: {step} ...", flush=True)
            if step == "ours":
                results["ours"], index = run_ours(corpus, work)
            elif step == "ours-no-knowledge":
                results[step], _ = run_ours(corpus, work, knowledge=False)
            elif step.startswith("ours-"):
                results[step], _ = run_ours(corpus, work, precision=step.removeprefix("ours-"))
            else:
                results["plain"], vector_index = run_plain(corpus, work, model_path)
            r = results[step]
            print(f"  {r['chunks']} chunks in {r['index_s']:.1f}s (+{r['model_load_s']:.1f}s model load)",
                  flush=True)
        cli = run_cli(corpus, work) if args.cli else None

        warmup = load_queries(queries_path, WARMUP)
        queries = load_queries(queries_path, args.n_queries, skip=set(warmup))
        print(f"search: {len(queries)} queries each (after {len(warmup)} warm-up) ...", flush=True)
        search = time_search(index, vector_index, queries, warmup)
        search["words"] = statistics.fmean(len(q.split()) for q in queries)
        titles = short_queries(args.corpus, args.n_queries, skip=set(queries) | set(warmup))
        if titles:
            print(f"search: {len(titles)} short questions each (article titles) ...", flush=True)
            search["short"] = time_search(index, vector_index, titles, [])
            search["short"]["words"] = statistics.fmean(len(q.split()) for q in titles)
        ratios = print_table(info, results["ours"], results["plain"], search, cli, articles)
        for x in extra:
            row = results[f"ours-{x}"]
            ratio = row["chunks_per_s"] / results["plain"]["chunks_per_s"]
            ratios[f"ours_{x}_vs_plain_chunks_per_s"] = ratio
            print(f"ours, {x} embeddings: {row['chunks_per_s']:.2f} chunks/s ({row['chunks']} chunks in "
                  f"{row['index_s']:.1f}s) = {ratio:.2f}x plain llama-index (target >= 3x) {verdict(ratio >= 3)}")
        if "ours-no-knowledge" in results:
            with_k, without = results["ours"]["index_s"], results["ours-no-knowledge"]["index_s"]
            share = (with_k - without) / with_k
            ratios["knowledge_share_of_indexing"] = share
            print(f"knowledge layer: {with_k:.1f}s indexing with it, {without:.1f}s without (same run): "
                  f"{share:.0%} of indexing wall time (target <= 30%) {verdict(share <= 0.30)}")
            results["knowledge_reads"] = time_knowledge(index, queries)
            for name, st in results["knowledge_reads"].items():
                print(f"  {name:<18} p50 {st['p50_ms']:.1f} ms  p95 {st['p95_ms']:.1f} ms "
                      f"(target p50 < 50 ms) {verdict(st['p50_ms'] < 50)}")
        if args.out:
            payload = {"corpus": str(args.corpus), "articles": articles, "limit": args.limit,
                       "queries": str(queries_path), "n_queries": len(queries), "k": TOP_K,
                       "model": model_path, "env": info, "ours": results["ours"],
                       "plain": results["plain"], "ours_without_knowledge": results.get("ours-no-knowledge"),
                       "knowledge_reads": results.get("knowledge_reads"), "search": search, "cli": cli,
                       "precision_rows": {x: results[f"ours-{x}"] for x in extra},
                       "ratios": ratios,
                       "when": time.strftime("%Y-%m-%dT%H:%M:%S")}
            args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
            print(f"wrote {args.out}")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
