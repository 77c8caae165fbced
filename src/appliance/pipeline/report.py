"""Base vs tuned, side by side, from the evaluate runs stored in the project; and the adoption guard.

Every ``appliance evaluate --project`` run is a row of ``runs`` (kind ``evaluate``, config and
metrics JSON). Runs on the same judged set (same corpus, queries, qrels, relevance threshold and
mode) are grouped; per group the latest base run and the latest run of the *current* tuned model
are compared: a table (metric, base, tuned, tuned/base), a plain verdict on mAP@100 and a PNG chart.

**Uncertainty**: every run keeps its per-query mAP@100 (``metrics["per_query"]``). A comparison
resamples the judged queries with replacement (a paired bootstrap: the same queries for both models,
2000 resamples, a fixed seed so the figures are the same every time; Efron & Tibshirani, *An
Introduction to the Bootstrap*, 1993; for retrieval, Sakai, SIGIR 2006) and gives 95% percentile
intervals for base, tuned and the tuned-minus-base difference. Runs stored before per-query values
were kept have none.

The guard: search uses the setting ``search.model`` ("base" until a person adopts another model).
:func:`adopt` switches it to the tuned model only when a stored comparison on judged queries shows
that the tuned model is not worse than the base on mAP@100 on any judged set and, where the runs
have per-query values, that on at least one set the difference's interval lies above zero (a gain
that is not just chance); otherwise it refuses (:class:`AdoptRefused`, with ``next_step`` "evaluate"
or "train" and the figures as data), unless forced, which is recorded in the audit log. Results are
dataclasses (serialise them with ``dataclasses.asdict``); messages hold figures and file names only,
never document text or commands: what to do next is a ``next_step`` code that the CLI turns into a
command and the GUI into a button.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from appliance.messages import Text
from appliance.models.project_models import (
    ADOPTED_SETTING,
    SEARCH_MODEL_SETTING,
    TUNED_SETTING,
    search_model_spec,
    tuned_model_path,
)
from appliance.pipeline.metrics import METRIC_KEYS
from appliance.project import Project, ProjectError

LABELS = {"map@100": "mAP@100", "ndcg@10": "nDCG@10", "recall@10": "Recall@10", "recall@100": "Recall@100", "mrr@10": "MRR@10"}
GUARD_METRIC = "map@100"
CHART_NAME = "base-vs-tuned.png"
# Differences below this are shown as "equal" (rounding of a 3-decimal table).
TIE = 0.0005
#: the bootstrap: resamples of the judged queries, its fixed seed, and the interval's coverage
BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20260
CONFIDENCE = 0.95
#: the fewest paired queries on which an interval above zero counts as a gain beyond chance
MIN_INTERVAL_QUERIES = 10


# ---------------------------------------------------------------------------- judged sets and runs
def judged_set_key(config: dict) -> tuple:
    """Runs with the same key measured the same thing: corpus, queries, qrels, rel_min and mode; a judged
    set of the project is known by its name."""
    if config.get("judged_set"):
        name = f"judged set:{config['judged_set']}"
        if config.get("judged_keys") is not None:  # a subset (held-out queries) is another set
            name += ":" + hashlib.sha256("\x00".join(sorted(config["judged_keys"])).encode("utf-8")).hexdigest()[:16]
        if config.get("judged_cv"):  # pooled over fold models (appliance.pipeline.judged_cv)
            name += f":cv{int(config['judged_cv'])}"
        return ("project", name, name, int(config.get("rel_min") or 1), str(config.get("mode") or "dense"))
    corpus = config.get("beir") or config.get("corpus") or "project"  # a BEIR folder's path, or "project"
    qrels = config.get("qrels") or f"split:{config.get('split') or 'dev'}"
    return (str(corpus), str(config.get("queries") or ""), str(qrels), int(config.get("rel_min") or 1),
            str(config.get("mode") or "dense"))


def judged_set_label(config: dict) -> str:
    """A short readable name of a judged set (file names only, never a query)."""
    if config.get("name"):
        return str(config["name"])
    corpus, queries, qrels, rel_min, mode = judged_set_key(config)
    label = "project documents" if corpus == "project" else Path(corpus).name or corpus
    if queries:
        label += f", queries {Path(queries).name}"
    if not qrels.startswith("split:"):
        label += f", qrels {Path(qrels).name}"
    elif qrels != "split:dev":
        label += f", {qrels[6:]}"
    if rel_min != 1:
        label += f", grade >= {rel_min}"
    if mode != "dense":
        label += f", {mode}"
    return label


def evaluate_runs(project: Project) -> list[dict]:
    """Finished evaluate runs, oldest first, with ``config`` and ``metrics`` parsed."""
    rows = []
    for r in project.db.query("SELECT id, config, metrics, created_at FROM runs WHERE kind = 'evaluate' "
                              "AND coalesce(status, 'done') = 'done' ORDER BY id"):
        try:
            config, metrics = json.loads(r["config"] or "{}"), json.loads(r["metrics"] or "{}")
        except ValueError:
            continue
        if GUARD_METRIC in metrics:
            rows.append({"id": r["id"], "created_at": r["created_at"], "config": config, "metrics": metrics})
    return rows


def _current_tuned(project: Project) -> tuple[str | None, int | None]:
    """The tuned model's folder (relative to the artefact folder) and the id of the train run that made it."""
    rel = project.get_setting(TUNED_SETTING)
    if not rel:
        return None, None
    row = project.db.execute("SELECT id FROM runs WHERE kind = 'train' AND model_path = ? ORDER BY id DESC LIMIT 1",
                             [rel]).fetchone()
    return rel, (row[0] if row else None)


def _is_current_tuned(project: Project, run: dict, rel: str | None, train_run: int | None) -> bool:
    """An evaluate run of 'tuned' counts only for the tuned model registered now (not an older one)."""
    config = run["config"]
    if config.get("model") != "tuned" or not rel:
        return False
    stored = config.get("model_path")
    if stored:
        try:
            return Path(stored).resolve() == (project.artefact_dir / rel).resolve() or stored == rel
        except OSError:
            return False
    return train_run is not None and run["id"] > train_run  # older runs without model_path: measured after training


# ---------------------------------------------------------------------------- the bootstrap
Interval = tuple[float, float]


def _resampled_means(values: np.ndarray, resamples: int, seed: int) -> np.ndarray:
    """Means of ``resamples`` resamples (with replacement) of the rows of ``values`` (queries x columns)."""
    rng = np.random.default_rng(seed)
    n = len(values)
    out = np.empty((resamples, values.shape[1]))
    step = max(1, 4_000_000 // max(n, 1))  # bounded memory for large query sets
    for start in range(0, resamples, step):
        idx = rng.integers(0, n, size=(min(step, resamples - start), n))
        out[start:start + len(idx)] = values[idx].mean(axis=1)
    return out


def _percentiles(means: np.ndarray) -> list[Interval]:
    tail = (1 - CONFIDENCE) / 2 * 100
    lo, hi = np.percentile(means, [tail, 100 - tail], axis=0)
    return [(round(float(a), 6), round(float(b), 6)) for a, b in zip(lo, hi)]


def _interval(values: dict[str, float], resamples: int, seed: int) -> Interval | None:
    if not values:
        return None
    return _percentiles(_resampled_means(np.array(list(values.values()), dtype=float)[:, None], resamples, seed))[0]


def bootstrap_intervals(base: dict[str, float], tuned: dict[str, float], *, resamples: int = BOOTSTRAP_RESAMPLES,
                        seed: int = BOOTSTRAP_SEED) -> tuple[Interval | None, Interval | None, Interval | None, int]:
    """95% percentile intervals of the mean of base, of tuned and of tuned minus base, from per-query values
    (query id -> mAP@100), and the number of queries paired. The difference is paired: each resample draws
    the same queries for both models (those both runs measured). None where there are no values."""
    return _bootstrap(tuple(sorted(base.items())), tuple(sorted(tuned.items())), resamples, seed)


@lru_cache(maxsize=64)  # the GUI asks again on every refresh; a large set takes about a second
def _bootstrap(base_items: tuple, tuned_items: tuple, resamples: int, seed: int):
    base, tuned = dict(base_items), dict(tuned_items)
    common = sorted(set(base) & set(tuned))
    if not common:
        return _interval(base, resamples, seed), _interval(tuned, resamples, seed), None, 0
    paired = np.array([[base[q], tuned[q], tuned[q] - base[q]] for q in common], dtype=float)
    b, t, d = _percentiles(_resampled_means(paired, resamples, seed))
    if len(common) != len(base):  # the runs measured different queries: each model's interval on its own queries
        b = _interval(base, resamples, seed)
    if len(common) != len(tuned):
        t = _interval(tuned, resamples, seed)
    return b, t, d, len(common)


def _per_query(metrics: dict | None) -> dict[str, float] | None:
    values = (metrics or {}).get("per_query")
    if not isinstance(values, dict) or not values:
        return None
    return {str(q): float(v) for q, v in values.items()}


# ---------------------------------------------------------------------------- the comparison
def interval_text(delta: float, delta_ci: Interval, queries: int) -> str:
    """E.g. "difference +0.031, 95% interval -0.012 to +0.074 over 30 queries"."""
    return (f"difference {delta:+.3f}, {CONFIDENCE:.0%} interval {delta_ci[0]:+.3f} to {delta_ci[1]:+.3f} "
            f"over {queries} queries")


def _fmt_verdict(base: dict | None, tuned: dict | None) -> str:
    name = LABELS[GUARD_METRIC]
    if base is None and tuned is None:
        return "nothing measured"
    if tuned is None:
        return f"only the base model was measured on this set ({name} {base[GUARD_METRIC]:.3f}); the tuned model is not yet"
    if base is None:
        return f"only the tuned model was measured on this set ({name} {tuned[GUARD_METRIC]:.3f}); the base model is not yet"
    b, t = base[GUARD_METRIC], tuned[GUARD_METRIC]
    d = t - b
    if abs(d) <= TIE:
        return f"tuned and base are equal on {name} ({t:.3f} vs {b:.3f})"
    word = "better" if d > 0 else "worse"
    ratio = f", tuned/base {t / b:.2f}" if b else ""
    return f"tuned is {word} on {name} by {abs(d):.3f} ({t:.3f} vs {b:.3f}{ratio})"


@dataclass
class Comparison:
    """Base vs tuned on one judged set: the latest base run and the latest run of the current tuned model."""

    #: a short readable name of the judged set (file names only, never a query)
    label: str
    #: the BEIR folder measured, or "project" (the project's own documents)
    corpus: str
    #: the queries file, None: the BEIR folder's
    queries_file: str | None
    #: the qrels file, or "split:<name>" for the BEIR folder's qrels/<name>.tsv
    qrels: str
    #: the lowest grade that counted as relevant
    rel_min: int
    #: dense, keyword or hybrid
    mode: str
    #: judged queries of the latest run
    queries: int = 0
    #: id of the base run compared (None: not measured)
    base_run: int | None = None
    #: id of the tuned run compared (None: not measured)
    tuned_run: int | None = None
    #: the base model's metrics (METRIC_KEYS)
    base: dict | None = None
    #: the tuned model's metrics (METRIC_KEYS)
    tuned: dict | None = None
    #: tuned / base per metric (None unless both were measured)
    ratio: dict | None = None
    #: the tuned model is worse than the base on mAP@100 by more than rounding
    tuned_worse: bool = False
    #: the plain verdict on mAP@100, e.g. "tuned is better on mAP@100 by 0.050 (0.550 vs 0.500, tuned/base 1.10)",
    #: with the difference's interval where the runs have per-query values
    verdict: str = "nothing measured"
    #: 95% bootstrap interval of the base model's mAP@100 (None: the run has no per-query values)
    base_ci: Interval | None = None
    #: 95% bootstrap interval of the tuned model's mAP@100
    tuned_ci: Interval | None = None
    #: 95% paired bootstrap interval of tuned minus base on mAP@100 (None unless both runs have per-query values)
    delta_ci: Interval | None = None
    #: queries the difference's interval is drawn from (measured by both runs)
    ci_queries: int = 0

    @classmethod
    def of(cls, key: tuple, label: str, queries: int, base_run: int | None, base: dict | None,
           tuned_run: int | None, tuned: dict | None) -> "Comparison":
        corpus, queries_file, qrels, rel_min, mode = key
        base_q, tuned_q = _per_query(base), _per_query(tuned)
        base = {m: base.get(m) for m in METRIC_KEYS} if base is not None else None
        tuned = {m: tuned.get(m) for m in METRIC_KEYS} if tuned is not None else None
        ratio = None
        if base is not None and tuned is not None:
            ratio = {m: (tuned[m] / base[m] if base[m] and tuned[m] is not None else None) for m in METRIC_KEYS}
        worse = base is not None and tuned is not None and tuned[GUARD_METRIC] - base[GUARD_METRIC] < -TIE
        base_ci, tuned_ci, delta_ci, paired = bootstrap_intervals(base_q or {}, tuned_q or {})
        verdict = _fmt_verdict(base, tuned)
        if delta_ci is not None and base is not None and tuned is not None:
            verdict += "; " + interval_text(tuned[GUARD_METRIC] - base[GUARD_METRIC], delta_ci, paired)
        return cls(label, corpus, queries_file or None, qrels, rel_min, mode, queries, base_run, tuned_run,
                   base, tuned, ratio, worse, verdict, base_ci, tuned_ci, delta_ci, paired)

    @property
    def key(self) -> tuple:
        return (self.corpus, self.queries_file or "", self.qrels, self.rel_min, self.mode)

    @property
    def complete(self) -> bool:
        return self.base is not None and self.tuned is not None

    def delta(self, metric: str = GUARD_METRIC) -> float | None:
        return self.tuned[metric] - self.base[metric] if self.complete else None

    @property
    def shown_better(self) -> bool:
        """The difference's interval lies above zero on enough queries: the gain is unlikely to be chance.
        Below MIN_INTERVAL_QUERIES the bootstrap has too few distinct resamples to say so (three improved
        queries give an interval above zero every time)."""
        return self.delta_ci is not None and self.delta_ci[0] > 0 and self.ci_queries >= MIN_INTERVAL_QUERIES

    def rows(self) -> list[dict]:
        return [
            {"metric": LABELS[m], "key": m,
             "base": self.base.get(m) if self.base else None,
             "tuned": self.tuned.get(m) if self.tuned else None,
             "ratio": self.ratio.get(m) if self.ratio else None}
            for m in METRIC_KEYS
        ]


def compare_runs(project: Project) -> list[Comparison]:
    """Per judged set, the latest base run and the latest run of the current tuned model."""
    rel, train_run = _current_tuned(project)
    groups: dict[tuple, dict] = {}
    for run in evaluate_runs(project):  # oldest first: later runs replace earlier ones
        config = run["config"]
        model = config.get("model") or "base"
        is_base = model == "base"
        is_tuned = _is_current_tuned(project, run, rel, train_run)
        if not (is_base or is_tuned):
            continue
        key = judged_set_key(config)
        g = groups.setdefault(key, {"base": None, "tuned": None, "base_run": None, "tuned_run": None, "queries": 0})
        g["label"] = judged_set_label(config)  # the latest run names the set
        side = "base" if is_base else "tuned"
        g[side], g[f"{side}_run"] = run["metrics"], run["id"]
        g["queries"] = int(run["metrics"].get("queries") or g["queries"])
    return [Comparison.of(key, g["label"], g["queries"], g["base_run"], g["base"], g["tuned_run"], g["tuned"])
            for key, g in groups.items()]


def validation_comparison(project: Project) -> dict | None:
    """Base vs tuned on the held-out generated questions of the latest finished training (not judged)."""
    row = project.db.execute("SELECT id, metrics FROM runs WHERE kind = 'train' AND status = 'done' ORDER BY id DESC LIMIT 1").fetchone()
    if not row:
        return None
    metrics = json.loads(row[1] or "{}")
    base, tuned = metrics.get("validation_base") or {}, metrics.get("validation") or {}
    if not tuned:
        return None
    keys = {"map@100": "cosine_map@100", "ndcg@10": "cosine_ndcg@10", "recall@10": "cosine_recall@10", "mrr@10": "cosine_mrr@10"}
    return {"run": row[0], "base": {k: base.get(v) for k, v in keys.items()} if base else None,
            "tuned": {k: tuned.get(v) for k, v in keys.items()}}


# ---------------------------------------------------------------------------- text and chart
def _fmt(v: float | None, digits: int = 3) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def format_table(comp: Comparison) -> str:
    """The metrics side by side and, where the runs have per-query values, the 95% intervals of mAP@100."""
    lines = [f"{'metric':<11} {'base':>7} {'tuned':>7} {'tuned/base':>11}"]
    for r in comp.rows():
        lines.append(f"{r['metric']:<11} {_fmt(r['base']):>7} {_fmt(r['tuned']):>7} {_fmt(r['ratio'], 2):>11}")
    parts = [f"{name} {ci[0]:.3f} to {ci[1]:.3f}" for name, ci in (("base", comp.base_ci), ("tuned", comp.tuned_ci)) if ci]
    if comp.delta_ci is not None:
        parts.append(f"difference {comp.delta_ci[0]:+.3f} to {comp.delta_ci[1]:+.3f}")
    if parts:
        n = f" over {comp.ci_queries} queries" if comp.ci_queries else ""
        lines.append(f"{LABELS[GUARD_METRIC]} {CONFIDENCE:.0%} interval{n}: " + ", ".join(parts))
    return "\n".join(lines)


def chart_size(panels: int) -> tuple[int, int]:
    """Pixel size of the chart for this many judged sets (100 dpi)."""
    return (max(700, 560 * panels), 470)


def save_chart(comparisons: list[Comparison], path: str | Path) -> Path | None:
    """Grouped bars base vs tuned for the five metrics, one panel per judged set; None if nothing to draw."""
    comps = [c for c in comparisons if c.base is not None or c.tuned is not None]
    if not comps:
        return None
    import matplotlib

    matplotlib.use("Agg", force=False)
    import numpy as np
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    width, height = chart_size(len(comps))
    fig = Figure(figsize=(width / 100, height / 100), dpi=100)
    axes = fig.subplots(1, len(comps), squeeze=False)[0]
    x = np.arange(len(METRIC_KEYS))
    for ax, comp in zip(axes, comps):
        for offset, name, values, color in (
            (-0.2, "base", comp.base, "#9e9e9e"),
            (0.2, "tuned", comp.tuned, "#1f77b4"),
        ):
            if values is None:
                continue
            heights = [values.get(m, 0.0) for m in METRIC_KEYS]
            bars = ax.bar(x + offset, heights, 0.4, label=name, color=color)
            ax.bar_label(bars, labels=[f"{h:.2f}" for h in heights], fontsize=7, padding=1)
        ax.set_xticks(x, [LABELS[m] for m in METRIC_KEYS], fontsize=8, rotation=20)
        ax.set_ylim(0, 1.22)  # room for the legend above the bars
        ax.set_ylabel("score (higher is better)", fontsize=8)
        title = comp.label if len(comp.label) <= 48 else comp.label[:45] + "..."
        ratio = comp.ratio.get(GUARD_METRIC) if comp.ratio else None
        ratio_text = f", {LABELS[GUARD_METRIC]} tuned/base {ratio:.2f}" if ratio is not None else ""
        ax.set_title(f"{title}\n{comp.queries} judged queries{ratio_text}", fontsize=9)
        ax.legend(fontsize=8, loc="upper center", ncol=2, frameon=False)
        ax.grid(axis="y", alpha=0.3)
    fig.suptitle("Base vs tuned embedding model", fontsize=11)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.82, wspace=0.25)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png", dpi=100)  # no bbox_inches="tight": the size stays as chart_size says
    return path


def default_chart_path(project: Project) -> Path:
    return project.path.with_name(project.path.name + ".artefacts") / "reports" / CHART_NAME


# ---------------------------------------------------------------------------- the guard
@dataclass
class AdoptionCheck:
    """Whether the tuned model may be adopted without forcing it, and why not."""

    #: the tuned model may be adopted: a comparison exists, it is not worse on any judged set, and (where the
    #: runs have per-query values) it is better beyond chance on at least one
    allowed: bool
    #: why not: "no comparison", "tuned worse" or "not shown better"; None when allowed
    reason: str | None
    #: what to do first when not allowed: "evaluate" (measure both models) or "train" (train again)
    next_step: str | None
    #: the guard's finding with the figures per judged set (mAP@100 base and tuned), in words, no commands
    message: str
    #: the complete base-vs-tuned comparisons it looked at
    comparisons: list[Comparison] = field(default_factory=list)


NO_COMPARISON, TUNED_WORSE, NOT_SHOWN = "no comparison", "tuned worse", "not shown better"


def adoption_check(project: Project) -> AdoptionCheck:
    """Whether the tuned model may be adopted without ``force``, with the figures."""
    comps = [c for c in compare_runs(project) if c.complete]
    if not comps:
        return AdoptionCheck(False, NO_COMPARISON, "evaluate", (
            "There is no stored comparison of the tuned model with the base model on judged queries, so nobody has "
            "checked that the tuned model finds the right reports. Measure both models on judged queries (your own "
            "searches with the reports that should be found), then compare them."), [])
    worse = [c for c in comps if c.tuned_worse]
    figures = "\n".join(f"  {c.label}: {c.verdict}" for c in comps)
    if worse:
        return AdoptionCheck(False, TUNED_WORSE, "train", (
            f"The tuned model is worse than the base model on {LABELS[GUARD_METRIC]} on {len(worse)} of {len(comps)} "
            f"judged set(s):\n{figures}\nSearch keeps using the base model. Train again (other settings, more or "
            "better questions) and measure again."), comps)
    if all(c.delta_ci is not None for c in comps) and not any(c.shown_better for c in comps):
        return AdoptionCheck(False, NOT_SHOWN, "evaluate", Text(
            "On {queries} judged queries the difference between the tuned and the base model may be chance: on no "
            "judged set with at least {minimum} queries does the {confidence} interval of the difference in {metric} "
            "lie above zero.\n{figures}\n"
            "Search keeps using the base model. Judge more queries and measure both models again, or force the "
            "adoption (recorded in the audit log).", queries=sum(c.ci_queries for c in comps),
            confidence=f"{CONFIDENCE:.0%}", metric=LABELS[GUARD_METRIC], figures=figures,
            minimum=MIN_INTERVAL_QUERIES), comps)
    if any(c.shown_better for c in comps):
        return AdoptionCheck(True, None, None, f"The tuned model is not worse than the base model on any judged set, "
                             f"and better beyond chance on at least one:\n{figures}", comps)
    return AdoptionCheck(True, None, None,  # runs from before per-query values were stored: the figures alone
                         f"The tuned model is at least as good as the base model on every judged set:\n{figures}", comps)


class AdoptRefused(ProjectError):
    """Adopting the tuned model was refused (forcing it is always possible, and audited). ``next_step``:
    "evaluate" (no comparison, or not shown better) or "train" (tuned worse); ``reason`` and ``comparisons`` (the figures) as
    data; the message has the figures in words."""

    def __init__(self, check: AdoptionCheck):
        super().__init__(check.message, next_step=check.next_step)
        self.reason = check.reason
        self.comparisons = check.comparisons


@dataclass
class AdoptResult:
    """What ``adopt`` did."""

    #: the model search uses now: "tuned" or "base"
    model: str
    #: the adopted tuned model's folder, relative to the project's artefact folder (None for base)
    model_path: str | None
    #: adopted without a favourable comparison (forced); recorded in the audit log
    forced: bool
    #: why it had to be forced: "no comparison", "tuned worse" or "not shown better"; None when not forced
    reason: str | None
    #: what happened, with the guard's figures, in words (no commands)
    message: str
    #: the complete base-vs-tuned comparisons the guard looked at (their figures)
    comparisons: list[Comparison] = field(default_factory=list)
    #: what to do next: "index", since the search index must be built again with the adopted model
    next_step: str | None = "index"


def adopt(project: Project, which: str, force: bool = False) -> AdoptResult:
    """Make search use ``which`` ("tuned" or "base"). Raises :class:`AdoptRefused` when the guard says no."""
    if project.readonly:
        raise ProjectError("the project is open read-only")
    if which == "base":
        project.set_setting(SEARCH_MODEL_SETTING, "base")
        project.audit("adopt", model="base")
        return AdoptResult("base", None, False, None, "Search uses the base model.")
    if which != "tuned":
        raise ProjectError(Text("adopt 'tuned' or 'base', not '{which}'", which=which))
    tuned_model_path(project)  # raises when there is no tuned model: forcing cannot help there
    check = adoption_check(project)
    if not check.allowed and not force:
        raise AdoptRefused(check)
    rel = project.get_setting(TUNED_SETTING)
    project.set_setting(SEARCH_MODEL_SETTING, "tuned")
    project.set_setting(ADOPTED_SETTING, rel)
    forced = not check.allowed
    project.audit(
        "adopt", model="tuned", tuned=rel, forced=forced, reason=check.reason,
        figures=[{"set": c.label, "base": round(c.base[GUARD_METRIC], 4), "tuned": round(c.tuned[GUARD_METRIC], 4),
                  "delta_ci": c.delta_ci, "queries": c.ci_queries} for c in check.comparisons],
    )
    if forced:
        why = {NO_COMPARISON: "no comparison on judged queries exists",
               NOT_SHOWN: "the judged queries do not show it better than the base model beyond chance"}
        message = ("Adopted the tuned model although " + why.get(check.reason, "it is worse than the base model on a "
                   "judged set") + "; this was recorded in the audit log.\nSearch now uses the tuned model.")
    else:
        message = check.message + "\nSearch now uses the tuned model."
    return AdoptResult("tuned", rel, forced, check.reason, message, check.comparisons)


@dataclass
class CompareReport:
    """Everything ``compare`` shows."""

    #: per judged set, base vs tuned
    comparisons: list[Comparison]
    #: the PNG chart written (None: nothing measured yet)
    chart: Path | None
    #: the tuned model may be adopted without forcing it
    adoptable: bool
    #: the adoption guard's finding with the figures, in words (no commands)
    guard_message: str
    #: the model search uses: base, tuned, or the folder of a tuned model adopted earlier
    search_model: str
    #: base vs tuned on the latest training's held-out generated questions (not judged by a person)
    validation: dict | None = None
    #: what to do first to make the tuned model adoptable: "evaluate" or "train"; None when it is
    next_step: str | None = None


def compare_project(project: Project, chart: str | Path | None = None) -> CompareReport:
    """Everything `appliance compare` shows; the chart goes to ``chart`` or the artefact folder's reports/."""
    comps = compare_runs(project)
    chart_path = save_chart(comps, chart or default_chart_path(project)) if comps else None
    check = adoption_check(project)
    return CompareReport(comps, chart_path, check.allowed, check.message, search_model_spec(project),
                         validation_comparison(project), check.next_step)
