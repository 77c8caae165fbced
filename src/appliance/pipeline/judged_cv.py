"""The cross-validated figure of training on a judged set, and then the final model.

A model trained on judged queries cannot be measured on them. :func:`run_judged_cv` therefore trains
``k`` fold models (``appliance train --judged NAME --judged-holdout I`` for every fold ``I``), and
measures each one only on the queries of its own held-out fold, through the project's own search
(keyword, dense and hybrid). Every query of the set is then measured exactly once, by a model that never
saw it; these per-query values, pooled over the folds, are the cross-validated estimate, with a paired
bootstrap interval of tuned minus base (:func:`appliance.pipeline.report.bootstrap_intervals`). The base
model is measured on the same queries with the same search.

Hybrid search needs a fusion (:mod:`appliance.pipeline.fusion_learning`); in fold ``I`` it is chosen on
the fold's *training* queries (for the base model and for the fold model alike) and then applied to the
held-out ones, so that no figure has seen its queries in any choice.

Only after the estimate has been measured is the final model trained on every fold. The estimate is stored
as evaluate runs named "<set> (k-fold cross-validated)" for the final model, so that the comparison, the
adopt guard and the model card use it (the final model itself has no query left to be measured on), and as
one ``judged-cv`` run with every figure. The fold models are deleted once measured; each fold's
measurement is kept with its train run, so a stopped cross-validation, started again with the same
options, resumes after the last measured fold.

Mixing with the generated questions: where the project has generated questions, the judged pairs are
repeated to a ratio of judged to generated pairs (``TrainOptions.judged_weight``) that the run chooses by
validation. Each candidate of ``weights`` (default :data:`DEFAULT_WEIGHTS`) trains a fold-0 model, which is
measured on fold 0's held-out queries with dense search; the best one is used for every other fold and for
the final model (``CrossValidationReport.weight_choice``). Fold 0's figure thus took part in one choice among
a few candidates; the report also gives the pooled figure of the other folds alone, which did not
(``modes_after_choice``). Without generated questions there is nothing to mix and nothing is chosen.

On a CPU the time budget (``TrainOptions.time_budget_min``) covers all trainings (``k + 1``, plus one per extra
weight candidate); embedding the sections for each fold model's evaluation comes on top (the report gives the
seconds of each part).
Nothing here prints.
"""
from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, field, replace

from appliance.messages import Text
from appliance.pipeline.metrics import METRIC_KEYS, PER_QUERY_METRIC, mean_metrics, per_query_metrics
from appliance.pipeline.train import TrainOptions, TrainReport
from appliance.project import JobControl, Project, ProjectError
from appliance.project.db import now_iso

__all__ = ["CV_MODES", "DEFAULT_WEIGHTS", "CrossValidationReport", "run_judged_cv", "cv_label"]

#: the searches measured in every fold
CV_MODES = ("keyword", "dense", "hybrid")

#: judged pairs per generated pair tried when the project has generated questions (each costs a fold-0 training)
DEFAULT_WEIGHTS = (1.0, 4.0)


def cv_label(set_name: str, folds: int) -> str:
    """The name of the judged set's cross-validated comparison, as the report shows it."""
    return f"{set_name} ({folds}-fold cross-validated)"


@dataclass
class CrossValidationReport:
    """What :func:`run_judged_cv` measured: per search mode, the base and the tuned (fold) models on every
    query of the set, each query measured by the fold model that did not train on it."""

    #: the judged set and its number of folds
    judged_set: str
    folds: int
    #: judged queries measured (those with a relevant document), every one exactly once
    queries: int
    #: mode -> {"base": metrics, "tuned": metrics, "delta": tuned - base mAP@100, "delta_ci": [lo, hi],
    #: "base_ci", "tuned_ci"}; keyword search does not depend on the model (base and tuned are equal there)
    modes: dict = field(default_factory=dict)
    #: per fold: its train run, held-out queries, training seconds and the fusions chosen on its training queries
    fold_runs: list[dict] = field(default_factory=list)
    #: the ``judged-cv`` run, and the train run of the final model (None: not trained, ``final=False``)
    run_id: int = 0
    final_run_id: int | None = None
    final_model_path: str | None = None
    #: seconds of all trainings, of the fold evaluations, and in all
    train_seconds: float = 0.0
    evaluate_seconds: float = 0.0
    seconds: float = 0.0
    #: the final training's report
    final: TrainReport | None = None
    #: the mixing ratio chosen on fold 0: {"chose": weight or None, "candidates": {weight: dense mAP@100},
    #: "reason"}; and the pooled figures of the folds that took no part in the choice (None: nothing chosen)
    weight_choice: dict = field(default_factory=dict)
    modes_after_choice: dict | None = None

    def ratio(self, mode: str = "dense") -> float | None:
        m = self.modes.get(mode) or {}
        base, tuned = (m.get("base") or {}).get("map@100"), (m.get("tuned") or {}).get("map@100")
        return tuned / base if base and tuned is not None else None


def _searcher(project: Project, model_path, options: TrainOptions, control: JobControl):
    """A searcher over the project's index that embeds with ``model_path`` (its evaluation vectors when it
    is not the index's model)."""
    from appliance.pipeline.index import IndexConfig, evaluation_vectors, model_fingerprint
    from appliance.pipeline.search import Searcher

    if model_fingerprint(model_path) == IndexConfig.load(project).fingerprint:
        return Searcher(project, store=options.model_store, device=options.device), None
    vector_file = evaluation_vectors(project, model_path, device=options.device, control=control)
    return Searcher(project, store=options.model_store, device=options.device, vector_file=vector_file,
                    model_path=model_path), vector_file


def _fold_metrics(hits: dict, keys: dict, qrels: dict, train_q: list[str], held_q: list[str],
                  table_control: JobControl) -> tuple[dict[str, dict[str, dict]], dict]:
    """Per mode, the per-query metrics of the held-out queries; hybrid with the fusion that is best on the
    training queries."""
    from dataclasses import asdict

    from appliance.pipeline.fusion_learning import best_fusion, fusion_table, ranked

    table = fusion_table({q: hits[q] for q in train_q}, keys, qrels, 1, table_control)
    fusion = best_fusion(table, train_q)
    held = {q: hits[q] for q in held_q}
    out = {mode: per_query_metrics(ranked(held, keys, fusion, mode), qrels, 1) for mode in CV_MODES}
    return out, asdict(fusion)


def _pooled(per_query: dict[str, dict]) -> dict:
    out = mean_metrics(per_query.values())
    out["per_query"] = {q: m[PER_QUERY_METRIC] for q, m in sorted(per_query.items())}
    return out


def _generated_questions(project: Project) -> int:
    return project.db.execute("SELECT count(*) FROM questions").fetchone()[0] if "questions" in project.db.table_names() else 0


def _dense_map(done: dict) -> float:
    per = done["tuned"]["dense"]
    return sum(m["map@100"] for m in per.values()) / len(per) if per else 0.0


def _modes(pooled: dict) -> dict:
    from appliance.pipeline.report import bootstrap_intervals

    modes: dict = {}
    for mode in CV_MODES:
        base, tuned = _pooled(pooled[mode]["base"]), _pooled(pooled[mode]["tuned"])
        base_ci, tuned_ci, delta_ci, paired = bootstrap_intervals(base["per_query"], tuned["per_query"])
        modes[mode] = {"base": base, "tuned": tuned, "delta": round(tuned["map@100"] - base["map@100"], 6),
                       "base_ci": base_ci, "tuned_ci": tuned_ci, "delta_ci": delta_ci, "paired": paired}
    return modes


def run_judged_cv(project: Project, options: TrainOptions, *, final: bool = True, weights: tuple[float, ...] | None = None,
                  control: JobControl | None = None) -> CrossValidationReport:
    """Train and measure ``options.judged_folds`` fold models on the judged set ``options.judged``, store
    the pooled cross-validated figures, then (``final``) train the final model on every fold.

    ``weights``: the mixing ratios to choose from on fold 0 (None: :data:`DEFAULT_WEIGHTS`; one value: no
    choice); used only where the project has generated questions."""
    from appliance.models.project_models import TUNED_SETTING, resolve_embedding_model
    from appliance.pipeline.judged_sets import judged_data
    from appliance.pipeline.judged_training import split_keys
    from appliance.pipeline.search import document_keys
    from appliance.pipeline.train import run_train

    control = control or JobControl()
    if not options.judged:
        raise ProjectError("cross-validation needs a judged set (--judged NAME)")
    if project.readonly:
        raise ProjectError("the project is open read-only")
    started = time.monotonic()
    k = options.judged_folds
    queries, qrels = judged_data(project, options.judged)
    measured = {q for q, grades in qrels.items() if any(g >= 1 for g in grades.values())}
    weights = tuple(DEFAULT_WEIGHTS if weights is None else weights)
    generated = _generated_questions(project)
    candidates = weights if generated and len(weights) > 1 else ()
    if options.max_steps is None and options.time_budget_min:  # the budget covers every training
        options = replace(options, time_budget_min=options.time_budget_min / (k + 1 + max(len(candidates) - 1, 0)))
    keys = document_keys(project)
    base_path = resolve_embedding_model(options.base_model or "base", project, options.model_store)
    control.phase("Searching the judged queries with the base model")
    base_searcher, _ = _searcher(project, base_path, options, control)
    from appliance.pipeline.fusion_learning import ranker_hits

    all_q = sorted(measured)
    base_hits = ranker_hits(base_searcher, queries, all_q, JobControl())
    previous_tuned = project.get_setting(TUNED_SETTING)
    pooled: dict[str, dict[str, dict[str, dict]]] = {m: {"base": {}, "tuned": {}} for m in CV_MODES}
    folds: list[dict] = []
    train_seconds = evaluate_seconds = 0.0
    weight_choice: dict = {"chose": None, "candidates": {}, "reason": "no generated questions: judged pairs only"
                           if not generated else "one weight given"}
    if candidates:  # choose the mixing ratio on fold 0's held-out queries
        train_keys, held_keys = split_keys(project, options.judged, k, 0, options.seed)
        train_q, held_q = sorted(set(train_keys) & measured), sorted(set(held_keys) & measured)
        for w in candidates:
            w_options = replace(options, judged_weight=w)
            w_key = _cv_key(w_options, k)
            done = _measured_fold(project, w_key, 0, held_q) or _train_and_measure_fold(
                project, w_options, 0, k, w_key, queries, qrels, keys, base_hits, train_q, held_q, previous_tuned, control)
            if not done.get("resumed"):
                train_seconds += done["seconds"]
                evaluate_seconds += done.get("evaluate_seconds", 0.0)
            weight_choice["candidates"][str(w)] = round(_dense_map(done), 4)
        best = max(candidates, key=lambda w: (weight_choice["candidates"][str(w)], -w))
        weight_choice.update(chose=best, reason="best dense mAP@100 on fold 0's held-out queries")
        options = replace(options, judged_weight=best)
    key = _cv_key(options, k)
    for i in range(k):
        train_keys, held_keys = split_keys(project, options.judged, k, i, options.seed)
        train_q = sorted(set(train_keys) & measured)
        held_q = sorted(set(held_keys) & measured)
        done = _measured_fold(project, key, i, held_q)
        if done is None:
            done = _train_and_measure_fold(project, options, i, k, key, queries, qrels, keys, base_hits, train_q,
                                           held_q, previous_tuned, control)
        if not (candidates and i == 0):  # fold 0 was counted while choosing
            train_seconds += done["seconds"]
            evaluate_seconds += done.get("evaluate_seconds", 0.0)
        for mode in CV_MODES:
            pooled[mode]["base"].update(done["base"][mode])
            pooled[mode]["tuned"].update(done["tuned"][mode])
        folds.append({"fold": i, "train_run": done["train_run"], "heldout_queries": len(held_q),
                      "train_queries": len(train_q), "seconds": done["seconds"], "steps": done["steps"],
                      "fusion_base": done["fusion_base"], "fusion_tuned": done["fusion_tuned"],
                      "heldout_keys": held_q, "resumed": done.get("resumed", False)})

    modes = _modes(pooled)
    after_choice = None
    if candidates and k > 1:
        fold0 = set(folds[0]["heldout_keys"])
        after_choice = _modes({m: {side: {q: v for q, v in per.items() if q not in fold0} for side, per in sides.items()}
                               for m, sides in pooled.items()})
    out = CrossValidationReport(options.judged, k, len(pooled["dense"]["base"]), modes, folds,
                                train_seconds=round(train_seconds, 1), evaluate_seconds=round(evaluate_seconds, 1),
                                weight_choice=weight_choice, modes_after_choice=after_choice)
    summary = {m: {"base": {x: round(v["base"][x], 4) for x in METRIC_KEYS},
                   "tuned": {x: round(v["tuned"][x], 4) for x in METRIC_KEYS},
                   "delta": v["delta"], "delta_ci": v["delta_ci"]} for m, v in modes.items()}
    config = {"judged_set": options.judged, "folds": k, "seed": options.seed, "train": _options_json(options)}
    with project.db.atomic():
        out.run_id = project.db["runs"].insert(
            {"kind": "judged-cv", "status": "done", "config": json.dumps(config), "created_at": now_iso(),
             "metrics": json.dumps({"queries": out.queries, "modes": summary, "folds": folds,
                                    "weight_choice": weight_choice,
                                    "dense_after_choice": None if after_choice is None else {
                                        side: round(after_choice["dense"][side]["map@100"], 4) for side in ("base", "tuned")},
                                    "train_seconds": out.train_seconds, "evaluate_seconds": out.evaluate_seconds})}
        ).last_pk
    project.audit("judged-cv", run=out.run_id, folds=k, queries=out.queries,
                  dense_base=summary["dense"]["base"]["map@100"], dense_tuned=summary["dense"]["tuned"]["map@100"])
    if final:
        control.phase("Training the final model on every fold")
        out.final = run_train(project, replace(options, judged_holdout=None), control=control)
        out.final_run_id, out.final_model_path = out.final.run_id, out.final.model_path
        out.train_seconds = round(out.train_seconds + out.final.seconds, 1)
        _store_cv_runs(project, out, options)
    out.seconds = round(time.monotonic() - started, 1)
    return out


def _cv_key(options: TrainOptions, folds: int) -> str:
    """What makes two fold runs the same: every training option but the held-out fold (and resume)."""
    import hashlib

    values = {k: v for k, v in _options_json(options).items() if k != "resume"} | {"folds": folds}
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _measured_fold(project: Project, key: str, fold: int, held_q: list[str]) -> dict | None:
    """The stored measurement of this fold by an earlier, stopped cross-validation with the same options."""
    for run_id, metrics in project.db.execute(
            "SELECT id, metrics FROM runs WHERE kind = 'train' AND status = 'cv-fold' ORDER BY id DESC"):
        try:
            cv = (json.loads(metrics or "{}") or {}).get("cv") or {}
        except ValueError:
            continue
        if cv.get("key") == key and cv.get("fold") == fold and cv.get("heldout") == held_q:
            return cv | {"train_run": run_id, "resumed": True, "evaluate_seconds": 0.0}
    return None


def _train_and_measure_fold(project: Project, options: TrainOptions, i: int, k: int, key: str, queries, qrels, keys,
                            base_hits, train_q, held_q, previous_tuned, control: JobControl) -> dict:
    """Train fold ``i``'s model, measure it on its held-out queries, store the measurement with its train run
    (so that a stopped cross-validation resumes after it) and delete the model."""
    from appliance.models.project_models import TUNED_SETTING
    from appliance.pipeline.fusion_learning import ranker_hits
    from appliance.pipeline.train import run_train

    control.phase(Text("Fold {fold} of {folds}: training", fold=i + 1, folds=k))
    report = run_train(project, replace(options, judged_holdout=i), control=control)
    t0 = time.monotonic()
    vector_file = None
    try:
        control.phase(Text("Fold {fold} of {folds}: measuring on its held-out queries", fold=i + 1, folds=k))
        searcher, vector_file = _searcher(project, report.model_path, options, control)
        if set(held_q) & set(report.judged_train_keys):  # the promise this module keeps; never expected
            raise ProjectError("a held-out query was trained on; the cross-validation stopped")
        fold_hits = ranker_hits(searcher, queries, train_q + held_q, control)
        tuned_m, tuned_fusion = _fold_metrics(fold_hits, keys, qrels, train_q, held_q, JobControl())
        base_m, base_fusion = _fold_metrics(base_hits, keys, qrels, train_q, held_q, JobControl())
    finally:  # the fold model was only for measuring
        project.set_setting(TUNED_SETTING, previous_tuned) if previous_tuned else project.delete_setting(TUNED_SETTING)
        if vector_file is not None:
            vector_file.unlink(missing_ok=True)
        shutil.rmtree(report.model_path, ignore_errors=True)
    cv = {"key": key, "fold": i, "heldout": held_q, "base": base_m, "tuned": tuned_m, "fusion_base": base_fusion,
          "fusion_tuned": tuned_fusion, "seconds": report.seconds, "steps": report.steps}
    row = project.db["runs"].get(report.run_id)
    with project.db.atomic():
        project.db["runs"].update(report.run_id, {"status": "cv-fold", "metrics": json.dumps(
            json.loads(row["metrics"] or "{}") | {"cv": cv})})
    return cv | {"train_run": report.run_id, "evaluate_seconds": time.monotonic() - t0}


def _options_json(options: TrainOptions) -> dict:
    from dataclasses import asdict

    return {k: v for k, v in asdict(options).items() if k != "judged_holdout"}


def _store_cv_runs(project: Project, report: CrossValidationReport, options: TrainOptions) -> None:
    """The pooled figures as evaluate runs of base and of the final model, one pair per mode, so that the
    comparison, the adopt guard and the model card read the cross-validated estimate."""
    from appliance.models.project_models import TUNED_SETTING
    from appliance.pipeline.evaluate import store_evaluation

    rel = project.get_setting(TUNED_SETTING)
    with project.db.atomic():
        project.db["runs"].update(report.final_run_id, {"config": json.dumps(
            json.loads(project.db["runs"].get(report.final_run_id)["config"] or "{}") | {"judged_cv_run": report.run_id})})
    for mode in CV_MODES:
        for side in ("base", "tuned"):
            config = {"judged_set": options.judged, "judged_cv": report.folds, "cv_run": report.run_id,
                      "name": cv_label(options.judged, report.folds), "mode": mode, "rel_min": 1,
                      "model": side}
            if side == "tuned":
                config["model_path"] = rel
            store_evaluation(project, config, report.modes[mode][side], None)
