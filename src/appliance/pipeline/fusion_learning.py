"""How hybrid search mixes keyword and dense search, learned from the project's judged queries.

A fixed mix (min-max, keyword weight 0.5) is fragile: where keyword search is much weaker than dense
search it drags hybrid below dense alone. Here every candidate fusion (min-max, z-score and reciprocal
rank fusion, keyword weights 0 to 1) is tried on the same ranker hits of each judged query, and the
choice is cross-validated: the queries are split into folds (:func:`query_folds`); each fold's queries are
ranked with the fusion that was best on the other folds, so the reported figure comes only from queries
the choice never saw. The final fusion, chosen on all queries, is stored with the project
(``search.fusion``) and used by every hybrid search after that.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

import numpy as np

from appliance.pipeline.judged_training import query_folds
from appliance.pipeline.metrics import per_query_metrics
from appliance.pipeline.search import FUSION_SETTING, Fusion, Searcher, document_keys, rank_hits
from appliance.project import JobControl, Project, ProjectError

__all__ = ["CANDIDATES", "FusionReport", "learn_fusion", "query_folds", "ranker_hits", "ranked", "fusion_table",
           "best_fusion"]

#: the fusions tried: three methods, keyword weights 0, 0.1, ..., 1
CANDIDATES = tuple(Fusion(method=m, keyword_weight=round(w / 10, 1)) for m in ("minmax", "zscore", "rrf")
                   for w in range(11))
METRIC = "map@100"


@dataclass
class FusionReport:
    """What :func:`learn_fusion` measured and chose."""

    #: the fusion chosen on all queries (and stored, unless ``store=False``)
    fusion: dict
    #: cross-validated mAP@100: each query ranked with the fusion chosen on the other folds
    cv_learned: float
    #: the same queries with keyword search alone, dense alone, and the fixed default fusion
    keyword: float
    dense: float
    default: float
    #: number of judged queries and folds
    queries: int
    folds: int
    #: per fold: the fusion it chose (on the other folds) and its queries
    fold_choices: list[dict] = field(default_factory=list)
    stored: bool = False

    @property
    def best_single(self) -> float:
        return max(self.keyword, self.dense)


def _ap(rankings: dict[str, list[str]], qrels: dict, rel_min: int) -> dict[str, float]:
    return {q: m[METRIC] for q, m in per_query_metrics(rankings, qrels, rel_min).items()}


def ranker_hits(searcher: Searcher, queries: dict[str, str], qids: list[str], control: JobControl) -> dict:
    """Per query, what keyword and dense search found (:meth:`Searcher.candidates`), searched once so
    that every fusion can be tried on the same hits."""
    control.phase("Embedding the judged queries")
    vectors = searcher.encode_queries([queries[q] for q in qids]) if qids else []
    control.phase("Searching each judged query once", total=len(qids))
    hits = {}
    for i, q in enumerate(qids):
        control.check()
        hits[q] = searcher.candidates(queries[q], "hybrid", vector=vectors[i])
        control.report(i + 1, len(qids), "queries")
    return hits


def ranked(hits: dict, keys: dict[int, str], fusion: Fusion, mode: str = "hybrid") -> dict[str, list[str]]:
    """The top 100 documents (by key) of every query in ``hits`` under ``fusion``."""
    return {q: [keys[d] for d, _, _ in rank_hits(*h, 100, mode, fusion)] for q, h in hits.items()}


def fusion_table(hits: dict, keys: dict[int, str], qrels: dict, rel_min: int,
                 control: JobControl | None = None) -> dict[Fusion, dict[str, float]]:
    """mAP@100 of every query under every candidate fusion."""
    control = control or JobControl()
    control.phase("Trying each fusion", total=len(CANDIDATES))
    table = {}
    for i, fusion in enumerate(CANDIDATES):
        control.check()
        table[fusion] = _ap(ranked(hits, keys, fusion), qrels, rel_min)
        control.report(i + 1, len(CANDIDATES), "fusions")
    return table


def best_fusion(table: dict[Fusion, dict[str, float]], on: list[str]) -> Fusion:
    """The candidate with the best mean mAP@100 on the queries ``on``; ties: the first candidate (min-max,
    lower keyword weight)."""
    return max(CANDIDATES, key=lambda f: (np.mean([table[f].get(q, 0.0) for q in on]), -CANDIDATES.index(f)))


def learn_fusion(project: Project, queries: dict[str, str], qrels: dict[str, dict[str, int]], *, folds: int = 5,
                 seed: int = 0, rel_min: int = 1, store: bool = True, encoder=None, device: str = "auto",
                 control: JobControl | None = None) -> FusionReport:
    """Choose the hybrid fusion by cross-validation on judged queries (qrels name documents by
    :func:`~appliance.pipeline.search.document_keys`); store the one chosen on all queries."""
    control = control or JobControl()
    searcher = Searcher(project, device=device, encoder=encoder)
    keys = document_keys(project)
    qids = sorted(q for q in queries if any(g >= rel_min for g in qrels.get(q, {}).values()))
    split = query_folds(qids, folds, seed)
    hits = ranker_hits(searcher, queries, qids, control)
    table = fusion_table(hits, keys, qrels, rel_min, control)

    def ap_of(fusion: Fusion, mode: str) -> dict[str, float]:
        return _ap(ranked(hits, keys, fusion, mode), qrels, rel_min)

    learned: dict[str, float] = {}
    choices = []
    for i, held_out in enumerate(split):
        rest = [q for j, fold in enumerate(split) if j != i for q in fold]
        chosen = best_fusion(table, rest)
        learned.update({q: table[chosen].get(q, 0.0) for q in held_out})
        choices.append({"fold": i, "fusion": asdict(chosen), "queries": len(held_out)})
    final = best_fusion(table, qids)
    mean = lambda values: float(np.mean([values.get(q, 0.0) for q in qids]))  # noqa: E731
    report = FusionReport(fusion=asdict(final), cv_learned=mean(learned), keyword=mean(ap_of(final, "keyword")),
                          dense=mean(ap_of(final, "dense")), default=mean(table[Fusion()]), queries=len(qids),
                          folds=folds, fold_choices=choices)
    if store:
        if project.readonly:
            raise ProjectError("the project is open read-only")
        project.set_setting(FUSION_SETTING, json.dumps(report.fusion))
        project.audit("learn-fusion", fusion=report.fusion, queries=report.queries, folds=folds,
                      cv_map=round(report.cv_learned, 4))
        report.stored = True
    return report
