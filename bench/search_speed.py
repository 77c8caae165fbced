"""Vector search speed: USearch (HNSW, cosine, f16 and i8) against exact numpy search, measured in
one run on vectors with the structure of real clinical embeddings; plus the latency of the full
query path of ``appliance.pipeline.search`` on an indexed project.

Usage:
    python bench/search_speed.py --cache /work/bench-cache/minilm-sections.npy [--n 200000] [--json]
    python bench/search_speed.py --cache ... --n 1000000
    python bench/search_speed.py --cache ... --project /work/bench-projects/mts.appliance
    python bench/search_speed.py --skip-vectors --project PROJECT [--torch-threads 1]   # latency only

Vectors. The sections of ../shared/bench/mtsamples-topics and ../shared/bench/liveqa-medquad
(``appliance.pipeline.evaluate.section_corpus``, the importer's sectioner) are embedded with the
built-in all-MiniLM-L6-v2 (384-d, normalised) once and cached in ``--cache`` (a .npy file with a
.json sidecar holding the sha256 of the texts; a stale cache is recomputed). Whole documents
(``--holdout``, a fraction) are held apart; the unique sections of the remaining documents are the base
set, replicated up to ``--n`` vectors: copy = renormalise(x + e), e Gaussian with
||e|| = ``--noise`` (relative to ||x|| = 1), so each copy keeps its topic neighbourhood (the
printed nearest-neighbour cosines compare the replicated set to the real one).

Queries, never indexed: sections of the held-apart documents and the real queries of both sets
(queries.jsonl: short topic names and consumer questions). The pool is shuffled and split in two:
``tune`` picks connectivity / expansion_add / expansion_search (the cheapest setting with
recall@10 >= ``--target-recall`` on the tune half), ``test`` reports recall@10 and QPS for it.

Exact search: float32 matrix, ``scores = Q @ X.T`` in blocks of queries, then the top k of each
row (``top_k_rows``: an exact pre-filter by chunk maxima, then argpartition + sort of the few
candidates; a plain argpartition of the whole row is several times slower and is reported once
as qps_exact_argpartition); T worker threads (one BLAS thread each, numpy releases the GIL)
share the blocks. USearch: ``index.search(Q, k, threads=T)``; variant ``i8+rerank`` takes
``--rerank`` candidates from the i8 index and re-scores them with the float32 vectors. Same
query batch, same T (``--threads``, default all cores); exact and USearch passes alternate, and
each figure is the best of ``--repeat`` passes (the CPU may be shared).

Full query path (``--project PATH``): p50/p95 wall time of ``appliance.pipeline.search``'s
``Searcher(project).search(query, k=10, mode)`` (embed the query + keyword and vector search +
fusion + documents with snippets), per mode, one query at a time after one warm-up query, over
the mtsamples-topics queries, plus the query embedding alone. Skipped with a message where the
module, the project or its index is absent.

--json prints one object {"n", "recall@10", "speedup", "p50_ms", "p95_ms", ...}: recall and
speed-up of ``--headline`` (default f16, the recommended index dtype: i8 alone cannot reach 0.98,
see docs/search_speed.md), p50/p95 of the first of ``--modes`` (hybrid, what users get); every
variant's figures under its name ("i8", "i8+rerank", "f16").
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPORA = ("mtsamples-topics", "liveqa-medquad")
K = 10


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- texts and embeddings
@dataclass
class Texts:
    """Everything that gets embedded, in one fixed order: sections first, then real queries."""

    texts: list[str]
    doc_ids: list[str]  # per section ("corpus/doc id")
    n_sections: int

    def digest(self) -> str:
        h = hashlib.sha256()
        for t in self.texts:
            h.update(t.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


def load_texts(shared: Path = SHARED) -> Texts:
    from appliance.pipeline.evaluate import section_corpus
    from appliance.pipeline.judged import read_jsonl

    texts, doc_ids, queries = [], [], []
    for name in CORPORA:
        folder = shared / "bench" / name
        corpus = {}
        for d in read_jsonl(folder / "corpus.jsonl"):
            title = d.get("title") or ""
            corpus[str(d["_id"])] = (title + "\n" + d["text"]).strip() if title else d["text"]
        sc = section_corpus(corpus)
        texts += sc.texts
        doc_ids += [f"{name}/{d}" for d in sc.doc_ids]
        queries += [d["text"] for d in read_jsonl(folder / "queries.jsonl")]
    return Texts(texts + queries, doc_ids, len(doc_ids))


def embed_texts(texts: list[str], batch_size: int = 64) -> np.ndarray:
    from appliance.models import ModelStore
    from appliance.models.embedding import encode, load_sentence_transformer

    model = load_sentence_transformer(ModelStore().resolve(None, "embedding"), "cpu")
    return encode(model, texts, None, batch_size=batch_size)


def cached_embeddings(t: Texts, cache: Path | None) -> np.ndarray:
    digest = t.digest()
    if cache is not None and cache.exists():
        side = cache.with_suffix(".json")
        meta = json.loads(side.read_text()) if side.exists() else {}
        if meta.get("sha256") == digest:
            emb = np.load(cache)
            if emb.shape[0] == len(t.texts):
                log(f"embeddings: {emb.shape[0]} x {emb.shape[1]} from {cache}")
                return emb
        log(f"embeddings: {cache} does not match the texts; recomputing")
    log(f"embeddings: encoding {len(t.texts)} texts with all-MiniLM-L6-v2 on the CPU (minutes; cache with --cache)")
    started = time.perf_counter()
    emb = embed_texts(t.texts)
    log(f"embeddings: {time.perf_counter() - started:.0f} s")
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.stem + ".tmp.npy")
        np.save(tmp, emb)
        os.replace(tmp, cache)
        cache.with_suffix(".json").write_text(
            json.dumps({"sha256": digest, "count": len(t.texts), "sections": t.n_sections, "model": "all-MiniLM-L6-v2"})
        )
    return emb


# ---------------------------------------------------------------------------- vectors
def unit_rows(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def replicate(base: np.ndarray, n: int, noise: float, seed: int = 0, shape: str = "data", chunk: int = 65536) -> np.ndarray:
    """``n`` unit vectors: the base rows themselves (a random subset if n < len(base)), then copies
    of base rows (each row as often as the others, +-1) plus noise e, renormalised, E||e||^2 = noise^2.

    ``shape="data"``: e ~ N(0, c * Cov(base)), so a copy moves along the directions in which the real
    embeddings vary (a section "like this one"); ``shape="iso"``: e ~ N(0, c * I), isotropic, which
    adds the full-rank noise real embeddings do not have (harder for a graph index)."""
    base = unit_rows(base)
    m, d = base.shape
    rng = np.random.default_rng(seed)
    order = rng.permutation(m)
    out = np.empty((n, d), dtype=np.float32)
    first = min(n, m)
    out[:first] = base[order[:first]]
    if n <= m:
        return out
    if shape == "data":
        lam, vecs = np.linalg.eigh(np.cov(base, rowvar=False).astype(np.float64))
        lam = np.clip(lam, 0, None)
        mix = (np.sqrt(lam)[:, None] * vecs.T * (noise / np.sqrt(lam.sum()))).astype(np.float32)  # g @ mix ~ N(0, c*Cov)
    elif shape == "iso":
        mix = np.eye(d, dtype=np.float32) * (noise / np.sqrt(d))
    else:
        raise ValueError(f"unknown noise shape {shape!r} (data or iso)")
    for start in range(first, n, chunk):
        stop = min(n, start + chunk)
        idx = order[np.arange(start, stop) % m]
        e = rng.standard_normal((stop - start, d), dtype=np.float32) @ mix
        out[start:stop] = unit_rows(base[idx] + e)
    return out


def nn_cosines(X: np.ndarray, sample: int = 500, seed: int = 1) -> np.ndarray:
    """Cosine of each of ``sample`` random rows of X to its nearest other row (structure check)."""
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(X), size=min(sample, len(X)), replace=False)
    best = np.full(len(rows), -np.inf, dtype=np.float32)
    for start in range(0, len(X), 100_000):
        s = X[rows] @ X[start : start + 100_000].T
        hit = (rows >= start) & (rows < start + 100_000)
        s[np.nonzero(hit)[0], rows[hit] - start] = -np.inf  # not itself
        best = np.maximum(best, s.max(axis=1))
    return best


# ---------------------------------------------------------------------------- search
def _blas_limit(n_threads: int):
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=n_threads, user_api="blas")


def top_k_rows(s: np.ndarray, k: int = K, select: str = "prefilter") -> np.ndarray:
    """Column indices of the k largest values of each row of ``s``, best first (exact).

    ``argpartition``: np.argpartition over the whole row. ``prefilter`` (same result, several times
    faster on long rows): the k-th largest of the row's chunk maxima is a lower bound of the row's
    k-th largest value, so only the chunks whose maximum reaches it are searched."""
    b, n = s.shape
    if select == "argpartition" or n <= 64 * k:
        top = np.argpartition(s, n - k, axis=1)[:, n - k :]
        order = np.argsort(-np.take_along_axis(s, top, axis=1), axis=1, kind="stable")
        return np.take_along_axis(top, order, axis=1)
    chunk = max(k, int(np.sqrt(n)))
    maxima = np.maximum.reduceat(s, np.arange(0, n, chunk), axis=1)
    m = maxima.shape[1]
    bound = np.partition(maxima, m - k, axis=1)[:, m - k]
    offsets = np.arange(chunk)
    out = np.empty((b, k), dtype=np.int64)
    for i in range(b):  # only the chunks whose maximum reaches the bound can hold a top-k value
        cols = (np.nonzero(maxima[i] >= bound[i])[0][:, None] * chunk + offsets).ravel()
        cols = cols[cols < n]
        vals = s[i, cols]
        part = np.argpartition(vals, len(vals) - k)[len(vals) - k :]
        out[i] = cols[part[np.argsort(-vals[part], kind="stable")]]
    return out


def exact_topk(X: np.ndarray, Q: np.ndarray, k: int = K, threads: int = 1, block: int | None = None,
               select: str = "prefilter") -> np.ndarray:
    """Row indices of the k largest ``Q @ X.T`` per query, best first (X, Q unit float32 rows).
    ``threads`` workers share blocks of queries, each with one BLAS thread (numpy releases the GIL
    in the matrix product and in the selection)."""
    n = X.shape[0]
    k = min(k, n)
    block = block or max(1, min(256, int(64_000_000 // max(n, 1))))  # score block <= 256 MB
    out = np.empty((len(Q), k), dtype=np.int64)

    def work(start: int) -> None:
        out[start : start + block] = top_k_rows(Q[start : start + block] @ X.T, k, select)

    starts = range(0, len(Q), block)
    with _blas_limit(1):
        if threads <= 1:
            for s0 in starts:
                work(s0)
        else:
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(work, starts))
    return out


def build_usearch(X: np.ndarray, dtype: str, connectivity: int, expansion_add: int, expansion_search: int = 64, threads: int = 1):
    from usearch.index import Index

    index = Index(
        ndim=X.shape[1], metric="cos", dtype=dtype,
        connectivity=connectivity, expansion_add=expansion_add, expansion_search=expansion_search,
    )
    index.add(np.arange(len(X), dtype=np.uint64), X, threads=threads)
    return index


def usearch_topk(index, Q: np.ndarray, k: int = K, threads: int = 1) -> np.ndarray:
    keys = index.search(Q, k, threads=threads).keys
    keys = np.asarray(keys).reshape(len(Q), -1).astype(np.int64)  # a missing hit (2**64-1) becomes -1
    keys[keys >= 2**62] = -1
    return keys


def recall_at_k(found: np.ndarray, truth: np.ndarray, k: int = K) -> float:
    """Mean fraction of each row of ``truth[:, :k]`` found in the same row of ``found[:, :k]``."""
    f, t = found[:, :k], truth[:, :k]
    hits = (f[:, :, None] == t[:, None, :]).any(axis=1).sum(axis=1)
    return float(hits.mean() / t.shape[1]) if len(t) else 0.0


def timed(fn, repeat: int) -> tuple[float, object]:
    """Best (least) seconds of ``repeat`` calls, as timeit does: on a shared machine the other
    passes measure the neighbours. Returns it and the last result."""
    times, result = [], None
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def rerank_exact(X: np.ndarray, Q: np.ndarray, candidates: np.ndarray, k: int = K) -> np.ndarray:
    """Re-score candidate rows with the float32 vectors and keep the k best (for i8 + re-ranking)."""
    c = np.where(candidates < 0, 0, candidates)
    scores = np.einsum("qd,qcd->qc", Q, X[c])
    scores[candidates < 0] = -np.inf
    order = np.argsort(-scores, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(candidates, order, axis=1)


# ---------------------------------------------------------------------------- the data split
@dataclass
class Split:
    base: np.ndarray  # unique base section vectors (to be replicated)
    tune: np.ndarray  # query vectors used to choose the parameters
    test: np.ndarray  # query vectors the figures are reported on
    test_kind: np.ndarray  # "section" | "query" per test row
    counts: dict
    held_docs: frozenset = frozenset()


def split_data(t: Texts, emb: np.ndarray, holdout: float = 0.04, seed: int = 0) -> Split:
    """Hold apart a fraction of whole documents: their sections (text not in the base set) and the
    real queries are the query pool; the unique sections of the other documents are the base."""
    rng = np.random.default_rng(seed)
    docs = sorted(set(t.doc_ids))
    held = set(rng.choice(docs, size=max(1, round(holdout * len(docs))), replace=False).tolist())
    base_idx, base_texts = [], set()
    for i in range(t.n_sections):
        if t.doc_ids[i] not in held and t.texts[i] not in base_texts:
            base_texts.add(t.texts[i])
            base_idx.append(i)
    pool, kinds, seen = [], [], set()
    for i in range(len(t.texts)):
        is_section = i < t.n_sections
        if (is_section and t.doc_ids[i] not in held) or t.texts[i] in base_texts or t.texts[i] in seen:
            continue
        seen.add(t.texts[i])
        pool.append(i)
        kinds.append("section" if is_section else "query")
    order = rng.permutation(len(pool))
    pool, kinds = np.array(pool)[order], np.array(kinds)[order]
    half = len(pool) // 2
    counts = {
        "documents": len(docs), "held_documents": len(held), "base_sections": len(base_idx),
        "query_sections": int((kinds == "section").sum()), "real_queries": int((kinds == "query").sum()),
        "tune": half, "test": len(pool) - half,
    }
    return Split(emb[base_idx], emb[pool[:half]], emb[pool[half:]], kinds[half:], counts, frozenset(held))


# ---------------------------------------------------------------------------- full query path
def project_latency(project_path: Path, queries: list[str], k: int = K, modes: tuple[str, ...] = ("hybrid",)) -> dict:
    """p50/p95 wall time of one project search as ``appliance search`` runs it (embed the query,
    keyword + vector search, fusion, documents with snippets), one query at a time on the CPU,
    after one warm-up query that loads the model and opens the index (reported as first_ms)."""
    import importlib
    import inspect

    try:
        mod = importlib.import_module("appliance.pipeline.search")
    except ImportError as exc:
        return {"skipped": f"appliance.pipeline.search is not available ({exc})"}
    if not project_path.exists():
        return {"skipped": f"project {project_path} does not exist"}
    from appliance.project import Project

    project = Project.open(project_path, readonly=True)
    try:
        if hasattr(mod, "Searcher"):
            params = inspect.signature(mod.Searcher).parameters
            searcher = mod.Searcher(project, **({"device": "cpu"} if "device" in params else {}))
            call = lambda q, mode: searcher.search(q, k=k, mode=mode)
            api = "Searcher(project, device='cpu').search(query, k, mode)"
        elif callable(getattr(mod, "search_project", None)):
            call = lambda q, mode: mod.search_project(project, q, k=k, mode=mode)
            api = "search_project(project, query, k, mode)"
        else:
            return {"skipped": "appliance.pipeline.search has neither Searcher nor search_project()"}
        try:
            from appliance.pipeline.index import index_status

            status = index_status(project)
            if not status.get("vector_sections"):
                return {"skipped": f"project {project_path} has no vector index yet ({status})"}
        except ImportError:
            status = {}
        out: dict = {"api": api, "index": {key: status.get(key) for key in ("model", "dtype", "source", "vector_sections",
                                                                       "keyword_sections", "sections")}}
        for mode in modes:
            started = time.perf_counter()
            call(queries[0], mode)
            first = time.perf_counter() - started
            times, with_results = [], 0
            for q in queries[1:]:
                started = time.perf_counter()
                result = call(q, mode)
                times.append(time.perf_counter() - started)
                docs = getattr(result, "docs", result)
                with_results += bool(docs)
            ms = np.array(times) * 1000
            out[mode] = {
                "queries": len(times), "with_results": with_results, "first_ms": round(first * 1000, 1),
                "p50_ms": round(float(np.percentile(ms, 50)), 1), "p95_ms": round(float(np.percentile(ms, 95)), 1),
                "mean_ms": round(float(ms.mean()), 1),
            }
        if hasattr(mod, "Searcher") and hasattr(searcher, "encode_queries"):  # the embedding share alone
            ms = []
            for q in queries[1:]:
                started = time.perf_counter()
                searcher.encode_queries([q])
                ms.append((time.perf_counter() - started) * 1000)
            out["embed_only"] = {"p50_ms": round(float(np.percentile(ms, 50)), 1),
                                 "p95_ms": round(float(np.percentile(ms, 95)), 1)}
        return out
    finally:
        project.close()


def project_queries(shared: Path = SHARED) -> list[str]:
    from appliance.pipeline.judged import read_jsonl

    return [d["text"] for d in read_jsonl(shared / "bench" / "mtsamples-topics" / "queries.jsonl")]


# ---------------------------------------------------------------------------- main
def _ints(s: str) -> list[int]:
    return [int(v) for v in s.split(",") if v.strip()]


def variant_search(index, X: np.ndarray, Q: np.ndarray, variant: str, threads: int, rerank: int) -> np.ndarray:
    """Top-K keys of one variant: "i8" / "f16" (the index alone) or "i8+rerank" (the index's best
    ``rerank`` candidates re-scored with the float32 vectors)."""
    if variant.endswith("+rerank"):
        return rerank_exact(X, Q, usearch_topk(index, Q, max(rerank, K), threads=threads))
    return usearch_topk(index, Q, K, threads=threads)


def sweep(X, split: Split, truth_tune, dtype: str, variants: list[str], args, exact_qps_tune: float) -> dict:
    """Builds one ``dtype`` index per (connectivity, expansion_add) and tries the expansion_search
    values (ascending, until the target is reached) for each variant on the tune queries. Per
    variant: the setting with the highest QPS among those reaching ``--target-recall`` (else the
    best recall), with its index."""
    best: dict = {}
    rows = []
    for conn in _ints(args.connectivity):
        for ef_add in _ints(args.expansion_add):
            started = time.perf_counter()
            index = build_usearch(X, dtype, conn, ef_add, threads=args.threads)
            build_s = time.perf_counter() - started
            log(f"  {dtype} connectivity={conn} expansion_add={ef_add}: built in {build_s:.1f} s, "
                f"{index.memory_usage / 2**20:.0f} MiB")
            if not rows:  # what the quantisation alone costs: brute force over the stored vectors
                few = split.tune[:200]
                ceiling = recall_at_k(np.asarray(index.search(few, K, exact=True, threads=args.threads).keys, dtype=np.int64),
                                      truth_tune[:200])
                log(f"    {dtype} brute force over the stored vectors (no graph): recall@10 {ceiling:.4f}")
                best["ceiling"] = round(ceiling, 4)
            for variant in variants:
                for ef in sorted(_ints(args.expansion_search)):
                    index.expansion_search = ef
                    run = partial(variant_search, index, X, split.tune, variant, args.threads, args.rerank)
                    run()  # warm-up
                    secs, found = timed(run, args.repeat)
                    rec = recall_at_k(found, truth_tune)
                    qps = len(split.tune) / secs
                    row = {"variant": variant, "connectivity": conn, "expansion_add": ef_add, "expansion_search": ef,
                           "recall_tune": round(rec, 4), "qps_tune": round(qps), "build_s": round(build_s, 1),
                           "memory_mib": round(index.memory_usage / 2**20)}
                    rows.append(row)
                    log(f"    {variant:10s} expansion_search={ef:4d}  recall@10 {rec:.4f}  {qps:8.0f} q/s  "
                        f"({qps / exact_qps_tune:5.1f}x exact)")
                    ok = rec >= args.target_recall
                    key = (ok, qps if ok else rec)
                    if variant not in best or key > best[variant][0]:
                        best[variant] = (key, row, index)
                    if ok:
                        break  # a larger expansion_search is slower on the same index
    return {v: {"row": best[v][1], "index": best[v][2]} for v in variants} | {"rows": rows, "ceiling": best["ceiling"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200_000, help="vectors in the index (default 200000)")
    ap.add_argument("--cache", type=Path, default=None, help="FILE.npy: section/query embeddings, computed once")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--noise", type=float, default=0.35, help="length of the noise added to each copy (unit vectors)")
    ap.add_argument("--noise-shape", choices=("data", "iso"), default="data",
                    help="data: noise with the covariance of the real embeddings; iso: isotropic (harder)")
    ap.add_argument("--holdout", type=float, default=0.04, help="fraction of documents held apart as queries")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--dtypes", default="i8,i8+rerank,f16", help="variants: i8, f16, i8+rerank, f16+rerank, f32")
    ap.add_argument("--rerank", type=int, default=30, help="candidates re-scored with float32 in the +rerank variants")
    ap.add_argument("--connectivity", default="16,32")
    ap.add_argument("--expansion-add", default="128")
    ap.add_argument("--expansion-search", default="16,24,32,48,64,96,128,192,256")
    ap.add_argument("--queries", type=int, default=0, help="at most this many tune and test queries each (0: all)")
    ap.add_argument("--target-recall", type=float, default=0.98)
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per measurement (median)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--headline", default="f16", help="variant whose figures are the top-level --json keys")
    ap.add_argument("--project", type=Path, default=None, help="indexed project: p50/p95 of the full query path")
    ap.add_argument("--modes", default="hybrid,dense,keyword", help="search modes timed on --project (the first is the headline)")
    ap.add_argument("--torch-threads", type=int, default=0,
                    help="torch.set_num_threads for the full query path (0: leave torch's default, as the product runs)")
    ap.add_argument("--skip-vectors", action="store_true", help="only the full query path (needs --project)")
    ap.add_argument("--latency-queries", type=int, default=400, help="mtsamples-topics queries timed per mode")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    import usearch

    import appliance  # noqa: F401  (offline mode before any model is touched)

    out: dict = {"n": args.n, "threads": args.threads, "usearch": usearch.__version__, "numpy": np.__version__}
    log(f"usearch {usearch.__version__}, numpy {np.__version__}, {args.threads} threads, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    variants = [v for v in args.dtypes.split(",") if v] if not args.skip_vectors else []
    if variants:
        vector_benchmark(args, out, variants)
    else:
        out.update({"n": None, "recall@10": None, "speedup": None})
    full_path(args, out)
    if args.json:
        print(json.dumps(out))
    else:
        for variant in variants:
            r = out[variant]
            print(f"{variant:10s} n={args.n}  recall@10 {r['recall@10']:.4f}  {r['qps_usearch']} q/s vs exact {r['qps_exact']} q/s"
                  f"  speed-up {r['speedup']}x  {r['params']}  threads {args.threads}")
        print(f"full query path ({out.get('full_path_mode', 'skipped')}): p50 {out['p50_ms']} ms, p95 {out['p95_ms']} ms")
    return 0


def vector_benchmark(args, out: dict, variants: list[str]) -> None:
    t = load_texts(args.shared)
    emb = cached_embeddings(t, args.cache)
    split = split_data(t, emb, args.holdout, args.seed)
    if args.queries:
        split.tune, split.test, split.test_kind = split.tune[: args.queries], split.test[: args.queries], split.test_kind[: args.queries]
        split.counts.update(tune=len(split.tune), test=len(split.test))
    log("data: " + ", ".join(f"{k} {v}" for k, v in split.counts.items()))
    X = replicate(split.base, args.n, args.noise, args.seed, args.noise_shape)
    nn_real, nn_rep = nn_cosines(split.base), nn_cosines(X)
    q_nn = np.sort(split.test @ X[: min(len(X), 200_000)].T, axis=1)[:, -K:]  # each query's 10 best cosines
    structure = {
        "noise": args.noise, "noise_shape": args.noise_shape,
        "nn_cosine_median_real": round(float(np.median(nn_real)), 3),
        "nn_cosine_median_replicated": round(float(np.median(nn_rep)), 3),
        "copy_cosine": round(1 / float(np.sqrt(1 + args.noise**2)), 3),
        "query_top1_cosine_median": round(float(np.median(q_nn[:, -1])), 3),
        "query_gap_1st_10th_median": round(float(np.median(q_nn[:, -1] - q_nn[:, 0])), 4),
    }
    log("structure: " + ", ".join(f"{k} {v}" for k, v in structure.items()))
    out.update(data=split.counts, structure=structure)

    started = time.perf_counter()
    truth_tune = exact_topk(X, split.tune, threads=args.threads)
    exact_qps_tune = len(split.tune) / (time.perf_counter() - started)
    truth_test = exact_topk(X, split.test, threads=args.threads)
    secs = timed(partial(exact_topk, X, split.test, threads=args.threads, select="argpartition"), 1)[0]
    out["qps_exact_argpartition"] = round(len(split.test) / secs)
    log(f"exact: {exact_qps_tune:.0f} q/s on the tune queries; with a plain argpartition of each row "
        f"{out['qps_exact_argpartition']} q/s on the test queries")

    for dtype in dict.fromkeys(v.split("+")[0] for v in variants):
        mine = [v for v in variants if v.split("+")[0] == dtype]
        res = sweep(X, split, truth_tune, dtype, mine, args, exact_qps_tune)
        for variant in mine:
            row, index = res[variant]["row"], res[variant]["index"]
            index.expansion_search = row["expansion_search"]
            run = partial(variant_search, index, X, split.test, variant, args.threads, args.rerank)
            found = run()
            rec = recall_at_k(found, truth_test)
            by_kind = {kind: round(recall_at_k(found[split.test_kind == kind], truth_test[split.test_kind == kind]), 4)
                       for kind in ("section", "query")}
            t_exact, t_us = [], []
            for _ in range(max(1, args.repeat)):  # alternate, so that a busy neighbour hits both
                t_exact.append(timed(partial(exact_topk, X, split.test, threads=args.threads), 1)[0])
                t_us.append(timed(run, 1)[0])
            qe, qu = len(split.test) / min(t_exact), len(split.test) / min(t_us)
            params = {k: row[k] for k in ("connectivity", "expansion_add", "expansion_search")}
            if variant.endswith("+rerank"):
                params["rerank_candidates"] = max(args.rerank, K)
            out[variant] = {
                "recall@10": round(rec, 4), "recall@10_by_kind": by_kind, "speedup": round(qu / qe, 1),
                "qps_usearch": round(qu), "qps_exact": round(qe), "params": params,
                "build_s": row["build_s"], "memory_mib": row["memory_mib"], "recall_tune": row["recall_tune"],
                "recall@10_brute_force_" + dtype: res["ceiling"],
            }
            log(f"{variant}: {params}  test recall@10 {rec:.4f} {by_kind}  {qu:.0f} vs {qe:.0f} q/s exact "
                f"-> {qu / qe:.1f}x")
            out[variant]["single_query"] = single = single_query_speed(index, X, split.test[:300], variant, args)
            log(f"{variant}: one query at a time (as the search window asks): {single['qps_usearch']} vs "
                f"{single['qps_exact']} q/s exact -> {single['speedup']}x")
        out["sweep_" + dtype] = res["rows"]
        del res

    out["headline"] = args.headline if args.headline in out else variants[0]
    out["recall@10"], out["speedup"] = out[out["headline"]]["recall@10"], out[out["headline"]]["speedup"]
    out["speedup_single_query"] = out[out["headline"]]["single_query"]["speedup"]


def single_query_speed(index, X: np.ndarray, Q: np.ndarray, variant: str, args) -> dict:
    """Queries one at a time, as a search window sends them: exact = one matrix-vector product over
    all vectors plus the top k; USearch = one ``search`` call. Best of ``--repeat`` passes."""
    def exact():
        for q in Q:
            top_k_rows((X @ q)[None, :])

    def approx():
        for q in Q:
            variant_search(index, X, q[None, :], variant, 1, args.rerank)

    t_exact = min(timed(exact, 1)[0] for _ in range(max(1, args.repeat)))
    t_us = min(timed(approx, 1)[0] for _ in range(max(1, args.repeat)))
    return {"queries": len(Q), "qps_exact": round(len(Q) / t_exact), "qps_usearch": round(len(Q) / t_us),
            "speedup": round(t_exact / t_us, 1)}


def full_path(args, out: dict) -> None:
    out["p50_ms"] = out["p95_ms"] = None
    out["torch_threads"] = args.torch_threads or None
    if args.torch_threads:
        import torch

        torch.set_num_threads(args.torch_threads)
    if args.project is None:
        log("full query path: skipped (no --project given)")
    else:
        modes = tuple(m for m in args.modes.split(",") if m)
        lat = project_latency(args.project, project_queries(args.shared)[: args.latency_queries + 1], modes=modes)
        out["full_path"] = lat
        if "skipped" in lat:
            log(f"full query path: skipped: {lat['skipped']}")
        else:
            out["p50_ms"], out["p95_ms"] = lat[modes[0]]["p50_ms"], lat[modes[0]]["p95_ms"]
            out["full_path_mode"] = modes[0]
            log(f"full query path ({lat['api']}; index {lat['index']}):")
            for mode in modes:
                r = lat[mode]
                log(f"  {mode:8s} p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, mean {r['mean_ms']} ms over {r['queries']} "
                    f"queries ({r['with_results']} with results; first query {r['first_ms']} ms)")
            if "embed_only" in lat:
                log(f"  embedding the query alone: p50 {lat['embed_only']['p50_ms']} ms, p95 {lat['embed_only']['p95_ms']} ms")


if __name__ == "__main__":
    sys.exit(main())
