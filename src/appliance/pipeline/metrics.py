"""Retrieval metrics with trec_eval's definitions, computed by pytrec_eval (Van Gysel & de Rijke, SIGIR 2018).

mAP@100 (``map_cut_100``), nDCG@10 (``ndcg_cut_10``: gain = the grade, log2 discount, ideal over all
judged documents), Recall@10/100 (``recall_10``, ``recall_100``) and MRR@10 (``recip_rank`` on the
ranking cut at 10). A document is relevant when its grade is at least ``rel_min`` (trec_eval's
``relevance_level``). Used by the dense evaluation and by the evaluation of the search itself.
"""
from __future__ import annotations

from typing import Iterable

METRIC_KEYS = ("map@100", "ndcg@10", "recall@10", "recall@100", "mrr@10")

#: trec_eval measure behind each metric (MRR@10: recip_rank on the ranking cut at 10)
TREC_MEASURES = {"map@100": "map_cut_100", "ndcg@10": "ndcg_cut_10", "recall@10": "recall_10",
                 "recall@100": "recall_100", "mrr@10": "recip_rank"}


def _trec_run(ranking: list[str], depth: int) -> dict[str, float]:
    """Distinct descending scores in ranking order, so that trec_eval cannot reorder ties."""
    docs = list(dict.fromkeys(ranking))[:depth]
    return {d: float(len(docs) - i) for i, d in enumerate(docs)}


def per_query_metrics(rankings: dict[str, list[str]], qrels: dict[str, dict[str, int]],
                      rel_min: int = 1) -> dict[str, dict[str, float]]:
    """trec_eval's metrics of each ranked query that has a relevant document (grade >= ``rel_min``).

    ``rankings``: query id -> document ids, best first; ``qrels``: query id -> {document id: grade}."""
    import pytrec_eval

    judged = {q: {d: int(g) for d, g in qrels[q].items()} for q in rankings
              if any(g >= rel_min for g in qrels.get(q, {}).values())}
    if not judged:
        return {}
    cut100 = {q: _trec_run(rankings[q], 100) for q in judged}
    cut10 = {q: _trec_run(rankings[q], 10) for q in judged}
    at100 = [TREC_MEASURES[k] for k in METRIC_KEYS if k != "mrr@10"]
    deep = pytrec_eval.RelevanceEvaluator(judged, set(at100), relevance_level=rel_min).evaluate(cut100)
    top = pytrec_eval.RelevanceEvaluator(judged, {"recip_rank"}, relevance_level=rel_min).evaluate(cut10)
    out = {}
    for q in judged:  # a query with an empty ranking is missing from trec_eval's answer: all zeros
        d, t = deep.get(q, {}), top.get(q, {})
        out[q] = {k: float((t if k == "mrr@10" else d).get(TREC_MEASURES[k], 0.0)) for k in METRIC_KEYS}
    return out


def mean_metrics(per_query: Iterable[dict[str, float]]) -> dict:
    """The mean of each metric over the queries, and ``queries``: how many."""
    rows = [m for m in per_query if m]
    out: dict = {k: (sum(m[k] for m in rows) / len(rows) if rows else 0.0) for k in METRIC_KEYS}
    out["queries"] = len(rows)
    return out


#: the metric kept per query in ``per_query`` (what the bootstrap interval of the comparison resamples)
PER_QUERY_METRIC = "map@100"


def retrieval_metrics(rankings: dict[str, list[str]], qrels: dict[str, dict[str, int]], rel_min: int = 1) -> dict:
    """Mean trec_eval metrics (``METRIC_KEYS``) of the rankings, ``queries``: how many were measured, and
    ``per_query``: query id -> its mAP@100, so that a comparison of two runs can be paired query by query."""
    per_query = per_query_metrics(rankings, qrels, rel_min)
    out = mean_metrics(per_query.values())
    out["per_query"] = {q: m[PER_QUERY_METRIC] for q, m in per_query.items()}
    return out
