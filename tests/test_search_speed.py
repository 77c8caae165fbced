"""The core of bench/search_speed.py on small structured synthetic vectors (no shared data, a few
seconds): replication, exact top-k, recall, the data split and USearch on a clustered set."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import search_speed as bench


def clustered(n: int, d: int = 384, clusters: int = 40, rank: int = 48, seed: int = 0) -> np.ndarray:
    """Unit vectors with embedding-like structure: topic centres in a low-rank subspace, points
    spread around them along the subspace plus a little full-rank noise."""
    rng = np.random.default_rng(seed)
    basis = np.linalg.qr(rng.standard_normal((d, rank)))[0].T  # rank x d, orthonormal rows
    centres = rng.standard_normal((clusters, rank))
    coords = centres[rng.integers(0, clusters, n)] + 0.6 * rng.standard_normal((n, rank))
    x = coords @ basis + 0.02 * rng.standard_normal((n, d))
    return bench.unit_rows(x)


@pytest.fixture(scope="module")
def data():
    base = clustered(1500)
    X = bench.replicate(base, 4000, noise=0.3, seed=1)
    Q = clustered(300, seed=7)  # same generator family, never indexed
    return base, X, Q


def test_replicate_keeps_the_base_and_adds_unit_copies(data):
    base, X, _ = data
    assert X.shape == (4000, 384) and X.dtype == np.float32
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-5)
    # the first len(base) rows are the base rows, in some order
    assert np.allclose(np.sort((X[:1500] @ base.T).max(axis=1)), 1.0, atol=1e-5)
    # each copy sits near its source at the advertised cosine, and is not the source itself
    best = (X[1500:] @ base.T).max(axis=1)
    expected = 1 / np.sqrt(1 + 0.3**2)
    assert abs(float(np.median(best)) - expected) < 0.02
    assert best.max() < 0.999
    # fewer vectors than the base: a subset, nothing added
    assert np.allclose((bench.replicate(base, 100, 0.3) @ base.T).max(axis=1), 1.0, atol=1e-5)


def test_isotropic_noise_is_available_and_data_noise_stays_in_the_data_subspace(data):
    base = data[0]
    iso = bench.replicate(base, 3000, noise=0.3, seed=2, shape="iso")
    shaped = bench.replicate(base, 3000, noise=0.3, seed=2, shape="data")
    assert np.allclose(np.linalg.norm(iso, axis=1), 1.0, atol=1e-5)
    # the share of each copy outside the base's top principal directions: small for data-shaped noise
    vecs = np.linalg.svd(base - base.mean(axis=0), full_matrices=False)[2][:60]
    outside = lambda x: float(np.mean(np.linalg.norm(x - (x @ vecs.T) @ vecs, axis=1)))
    assert outside(shaped[1500:]) < outside(iso[1500:])
    with pytest.raises(ValueError):
        bench.replicate(base, 3000, 0.3, shape="uniform")


def test_exact_topk_and_recall(data):
    _, X, Q = data
    truth = bench.exact_topk(X, Q, k=10, threads=1)
    brute = np.argsort(-(Q @ X.T), axis=1, kind="stable")[:, :10]
    assert bench.recall_at_k(brute, truth) == 1.0
    assert bench.recall_at_k(truth, truth) == 1.0
    assert np.array_equal(bench.exact_topk(X, Q, k=10, threads=2, block=37), truth)
    # half of each row replaced by ids that are never in the truth: recall 0.5
    wrong = truth.copy()
    wrong[:, 5:] = -1
    assert bench.recall_at_k(wrong, truth) == pytest.approx(0.5)
    # re-ranking a candidate superset with the float32 vectors gives the exact top-k back
    cand = np.argsort(-(Q @ X.T), axis=1)[:, :40][:, ::-1].copy()
    assert bench.recall_at_k(bench.rerank_exact(X, Q, cand), truth) == 1.0


def test_top_k_prefilter_is_exact_with_ties_and_uneven_chunks():
    rng = np.random.default_rng(3)
    s = rng.integers(0, 50, size=(20, 5003)).astype(np.float32)  # many ties, last chunk shorter
    for k in (1, 10, 40):
        a = bench.top_k_rows(s, k, "prefilter")
        b = bench.top_k_rows(s, k, "argpartition")
        want = -np.sort(-s, axis=1)[:, :k]
        assert np.array_equal(np.take_along_axis(s, a, axis=1), want)
        assert np.array_equal(np.take_along_axis(s, b, axis=1), want)
        assert all(len(set(row)) == k for row in a)


@pytest.fixture(scope="module")
def indexes(data):
    _, X, _ = data
    return {dtype: bench.build_usearch(X, dtype, 16, 128, expansion_search=128, threads=2) for dtype in ("f16", "i8")}


# i8 alone loses recall to quantisation (USearch stores round-toward-zero(127 * unit vector)), not
# to the graph: re-scoring 30 candidates with the float32 vectors brings it back.
@pytest.mark.parametrize("variant,floor", [("f16", 0.95), ("i8", 0.75), ("i8+rerank", 0.95)])
def test_usearch_recall_is_high_on_clustered_vectors(data, indexes, variant, floor):
    _, X, Q = data
    truth = bench.exact_topk(X, Q, k=10)
    found = bench.variant_search(indexes[variant.split("+")[0]], X, Q, variant, threads=2, rerank=30)
    assert found.shape == (len(Q), 10)
    assert bench.recall_at_k(found, truth) >= floor


def test_split_holds_whole_documents_apart():
    # 50 documents of 4 sections; document 1 repeats a section of document 0; two real queries, one
    # of them the text of a section
    texts = [f"doc{d} section {s}" for d in range(50) for s in range(4)] + ["doc0 section 0"]
    doc_ids = [f"c/{d}" for d in range(50) for s in range(4)] + ["c/1"]
    t = bench.Texts(texts + ["a real question", "doc2 section 3"], doc_ids, n_sections=201)
    emb = bench.unit_rows(np.random.default_rng(0).standard_normal((len(t.texts), 16)))
    s = bench.split_data(t, emb, holdout=0.1, seed=0)
    assert len(s.held_docs) == 5
    base_texts = {texts[i] for i in range(201) if doc_ids[i] not in s.held_docs}
    query_texts = {texts[i] for i in range(201) if doc_ids[i] in s.held_docs} - base_texts
    real = {"a real question", "doc2 section 3"} - base_texts
    c = s.counts
    assert c["base_sections"] == len(base_texts) == len(s.base)  # unique texts only
    assert c["query_sections"] == len(query_texts) and c["real_queries"] == len(real)
    assert c["tune"] + c["test"] == len(query_texts | real) == len(s.tune) + len(s.test)
    # no query vector is a base vector: held-apart texts are never indexed
    assert (np.concatenate([s.tune, s.test]) @ s.base.T).max() < 0.999
