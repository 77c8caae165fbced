"""Base vs tuned, side by side, from the evaluate runs stored in the project; and the adoption guard.

Every ``appliance evaluate --project`` run is a row of ``runs`` (kind ``evaluate``, config and
metrics JSON). Runs on the same judged set (same corpus, queries, qrels, relevance threshold and
mode) are grouped; per group the latest base run and the latest run of the *current* tuned model
are compared: a table (metric, base, tuned, tuned/base), a plain verdict on mAP@100 and a PNG chart.

The guard: search uses the setting ``search.model`` ("base" until a person adopts another model).
:func:`adopt` switches it to the tuned model only when a stored comparison on judged queries shows
that the tuned model is not worse than the base on mAP@100 on any judged set; otherwise it refuses
with the figures and the commands to run, unless forced, which is recorded in the audit log.
Nothing here reads document text; messages hold figures and file names only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from appliance.models.project_models import (
    ADOPTED_SETTING,
    SEARCH_MODEL_SETTING,
    TUNED_SETTING,
    search_model_spec,
    tuned_model_path,
)
from appliance.pipeline.evaluate import METRIC_KEYS
from appliance.project import Project, ProjectError

LABELS = {"map@100": "mAP@100", "ndcg@10": "nDCG@10", "recall@10": "Recall@10", "recall@100": "Recall@100", "mrr@10": "MRR@10"}
GUARD_METRIC = "map@100"
CHART_NAME = "base-vs-tuned.png"
# Differences below this are shown as "equal" (rounding of a 3-decimal table).
TIE = 0.0005


class AdoptRefused(ProjectError):
    """Adopting the tuned model was refused; the message says why, with figures and what to run."""


# ---------------------------------------------------------------------------- judged sets and runs
def judged_set_key(config: dict) -> tuple:
    """Runs with the same key measured the same thing: corpus, queries, qrels, rel_min and mode."""
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


# ---------------------------------------------------------------------------- the comparison
@dataclass
class Comparison:
    key: tuple
    label: str
    base: dict | None = None  # metrics of the latest base run
    tuned: dict | None = None  # metrics of the latest run of the current tuned model
    base_run: int | None = None
    tuned_run: int | None = None
    queries: int = 0

    @property
    def complete(self) -> bool:
        return self.base is not None and self.tuned is not None

    def ratio(self, metric: str) -> float | None:
        if not self.complete or not self.base.get(metric):
            return None
        return self.tuned[metric] / self.base[metric]

    def delta(self, metric: str = GUARD_METRIC) -> float | None:
        return self.tuned[metric] - self.base[metric] if self.complete else None

    @property
    def tuned_worse(self) -> bool:
        d = self.delta()
        return d is not None and d < -TIE

    def rows(self) -> list[dict]:
        return [
            {"metric": LABELS[m], "key": m,
             "base": self.base.get(m) if self.base else None,
             "tuned": self.tuned.get(m) if self.tuned else None,
             "ratio": self.ratio(m)}
            for m in METRIC_KEYS
        ]

    def verdict(self) -> str:
        name = LABELS[GUARD_METRIC]
        if self.base is None and self.tuned is None:
            return "nothing measured"
        if self.tuned is None:
            return f"only the base model was measured on this set ({name} {self.base[GUARD_METRIC]:.3f}); the tuned model is not yet"
        if self.base is None:
            return f"only the tuned model was measured on this set ({name} {self.tuned[GUARD_METRIC]:.3f}); the base model is not yet"
        b, t, d = self.base[GUARD_METRIC], self.tuned[GUARD_METRIC], self.delta()
        if abs(d) <= TIE:
            return f"tuned and base are equal on {name} ({t:.3f} vs {b:.3f})"
        word = "better" if d > 0 else "worse"
        ratio = f", tuned/base {t / b:.2f}" if b else ""
        return f"tuned is {word} on {name} by {abs(d):.3f} ({t:.3f} vs {b:.3f}{ratio})"

    def as_dict(self) -> dict:
        return {"label": self.label, "corpus": self.key[0], "queries_file": self.key[1] or None, "qrels": self.key[2],
                "rel_min": self.key[3], "mode": self.key[4], "queries": self.queries,
                "base_run": self.base_run, "tuned_run": self.tuned_run,
                "base": {m: self.base[m] for m in METRIC_KEYS} if self.base else None,
                "tuned": {m: self.tuned[m] for m in METRIC_KEYS} if self.tuned else None,
                "ratio": {m: self.ratio(m) for m in METRIC_KEYS} if self.complete else None,
                "tuned_worse": self.tuned_worse, "verdict": self.verdict()}


def compare_runs(project: Project) -> list[Comparison]:
    """Per judged set, the latest base run and the latest run of the current tuned model."""
    rel, train_run = _current_tuned(project)
    groups: dict[tuple, Comparison] = {}
    for run in evaluate_runs(project):  # oldest first: later runs replace earlier ones
        config = run["config"]
        model = config.get("model") or "base"
        is_base = model == "base"
        is_tuned = _is_current_tuned(project, run, rel, train_run)
        if not (is_base or is_tuned):
            continue
        key = judged_set_key(config)
        comp = groups.setdefault(key, Comparison(key, judged_set_label(config)))
        comp.label = judged_set_label(config)  # the latest run names the set
        if is_base:
            comp.base, comp.base_run = run["metrics"], run["id"]
        else:
            comp.tuned, comp.tuned_run = run["metrics"], run["id"]
        comp.queries = int(run["metrics"].get("queries") or comp.queries)
    return list(groups.values())


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
    lines = [f"{'metric':<11} {'base':>7} {'tuned':>7} {'tuned/base':>11}"]
    for r in comp.rows():
        lines.append(f"{r['metric']:<11} {_fmt(r['base']):>7} {_fmt(r['tuned']):>7} {_fmt(r['ratio'], 2):>11}")
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
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend
    import numpy as np

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
        ratio = comp.ratio(GUARD_METRIC)
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
def _commands(project: Project) -> str:
    p = project.path.name
    return (
        "Measure both models on judged queries (your own searches with the reports that should be found), then compare:\n"
        f"  appliance evaluate --project {p} --queries QUERIES.jsonl --qrels QRELS.tsv --model base\n"
        f"  appliance evaluate --project {p} --queries QUERIES.jsonl --qrels QRELS.tsv --model tuned\n"
        f"  appliance compare {p}"
    )


def adoption_check(project: Project) -> tuple[bool, str, list[Comparison]]:
    """Whether the tuned model may be adopted without --force, and a message with the figures."""
    comps = [c for c in compare_runs(project) if c.complete]
    if not comps:
        return False, ("There is no stored comparison of the tuned model with the base model on judged queries, "
                       "so nobody has checked that the tuned model finds the right reports.\n" + _commands(project)), []
    worse = [c for c in comps if c.tuned_worse]
    figures = "\n".join(f"  {c.label}: {c.verdict()}" for c in comps)
    if worse:
        return False, (f"The tuned model is worse than the base model on {LABELS[GUARD_METRIC]} on "
                       f"{len(worse)} of {len(comps)} judged set(s):\n{figures}\n"
                       "Search keeps using the base model. Train again (other settings, more or better questions) "
                       "and measure again:\n" + _commands(project)), comps
    return True, f"The tuned model is at least as good as the base model on every judged set:\n{figures}", comps


def adopt(project: Project, which: str, force: bool = False) -> str:
    """Make search use ``which`` ("tuned" or "base"). Raises :class:`AdoptRefused` when the guard says no."""
    if project.readonly:
        raise ProjectError("the project is open read-only")
    if which == "base":
        project.set_setting(SEARCH_MODEL_SETTING, "base")
        project.audit("adopt", model="base")
        return "Search uses the base model."
    if which != "tuned":
        raise ProjectError(f"adopt 'tuned' or 'base', not '{which}'")
    tuned_model_path(project)  # raises when there is no tuned model: --force cannot help there
    ok, message, comps = adoption_check(project)
    if not ok and not force:
        raise AdoptRefused(message + "\nTo adopt it anyway (recorded in the project's audit log): "
                           f"appliance adopt {project.path.name} tuned --force")
    rel = project.get_setting(TUNED_SETTING)
    project.set_setting(SEARCH_MODEL_SETTING, "tuned")
    project.set_setting(ADOPTED_SETTING, rel)
    project.audit(
        "adopt", model="tuned", tuned=rel, forced=bool(force and not ok),
        reason=None if ok else ("no comparison" if not comps else "tuned worse"),
        figures=[{"set": c.label, "base": round(c.base[GUARD_METRIC], 4), "tuned": round(c.tuned[GUARD_METRIC], 4)}
                 for c in comps],
    )
    if ok:
        return (message + "\nSearch now uses the tuned model. Rebuild the search index with it: "
                f"appliance index {project.path.name} --model tuned")
    return ("Adopted the tuned model although " + ("no comparison on judged queries exists" if not comps else
            "it is worse than the base model on a judged set") + "; this was recorded in the audit log.\n"
            f"Search now uses the tuned model. Rebuild the search index with it: appliance index {project.path.name} --model tuned")


@dataclass
class CompareReport:
    comparisons: list[Comparison]
    chart: Path | None
    adoptable: bool
    guard_message: str
    search_model: str
    validation: dict | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"sets": [c.as_dict() for c in self.comparisons], "chart": str(self.chart) if self.chart else None,
                "adoptable": self.adoptable, "search_model": self.search_model, "validation": self.validation}


def compare_project(project: Project, chart: str | Path | None = None) -> CompareReport:
    """Everything `appliance compare` shows; the chart goes to ``chart`` or the artefact folder's reports/."""
    comps = compare_runs(project)
    chart_path = save_chart(comps, chart or default_chart_path(project)) if comps else None
    ok, message, _ = adoption_check(project)
    return CompareReport(comps, chart_path, ok, message, search_model_spec(project), validation_comparison(project))
