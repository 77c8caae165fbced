"""The demo chain on the bundled sample reports: import, irreversible pseudonymization, heuristic
questions, a short training, and base vs tuned on a small judged set written for the samples.

``run_demo(project, DemoOptions(...), control=...)`` runs it all and returns a :class:`DemoReport`
(the CLI prints it, in plain language); each step of the chain begins a phase of ``control`` whose
label is a sentence saying what happens now.

Every step reuses what an earlier run did (import skips known files, pseudonymization and questions
skip finished sections, a finished demo training and stored evaluations are reused), so running the
demo again is quick. The judged set (resources/samples/judged) names documents by
:func:`document_keys`; the corpus is the project's pseudonymized section text per document, ranked
by :func:`appliance.pipeline.evaluate.evaluate_dense` (best section per document).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from appliance.messages import Text
from appliance.models.project_models import TUNED_SETTING, resolve_embedding_model
from appliance.paths import samples_dir
from appliance.pipeline.evaluate import store_evaluation
from appliance.pipeline.ingest import ImportReport
from appliance.pipeline.judged import JudgedSet, read_qrels, read_queries
from appliance.pipeline.search import document_keys
from appliance.project import JobControl, Project, ProjectError

DEMO_STEPS = 20  # a fixed, short training: minutes on a CPU (docs/evaluation.md has the measured time)
DEMO_BATCH = 16
DEMO_SET_NAME = "sample reports, demo judged queries"


def judged_dir() -> Path:
    return samples_dir() / "judged"


def project_corpus(project: Project) -> dict[str, str]:
    """Document key -> pseudonymized text (its sections with their headers), never the original text."""
    from appliance.pipeline.pseudonymize import pseudonymized_sections

    keys = document_keys(project)
    parts: dict[str, list[str]] = {}
    for row in pseudonymized_sections(project):
        text = f"{row['header']}:\n{row['text']}" if row["header"] else row["text"]
        parts.setdefault(keys[row["document_id"]], []).append(text)
    return {k: "\n\n".join(v) for k, v in parts.items()}


def load_project_judged(project: Project, queries: Path, qrels: Path) -> JudgedSet:
    q = read_queries(queries)
    rel = read_qrels(qrels)
    corpus = project_corpus(project)
    missing = sorted({d for r in rel.values() for d in r} - set(corpus))
    if missing:
        raise ProjectError(Text("{n_missing} documents named in the qrels are not pseudonymized in the project (first: "
                                "{first})", n_missing=len(missing), first=missing[0]), next_step="pseudonymize")
    return JudgedSet(corpus, {k: v for k, v in q.items() if k in rel}, rel)


def _stored_run(project: Project, config: dict) -> dict | None:
    """The latest evaluate run with exactly this configuration."""
    want = json.dumps(config, sort_keys=True)
    for row in project.db.query("SELECT id, config, metrics FROM runs WHERE kind = 'evaluate' AND status = 'done' ORDER BY id DESC"):
        try:
            if json.dumps(json.loads(row["config"]), sort_keys=True) == want:
                return json.loads(row["metrics"]) | {"run": row["id"]}
        except ValueError:
            continue
    return None


def evaluate_on_sections(project: Project, model: str, queries: Path, qrels: Path, *, rel_min: int = 1,
                         name: str | None = None, store: str | None = None, device: str = "auto",
                         reuse: bool = True, control: JobControl | None = None) -> dict:
    """Dense evaluation of ``model`` (base/tuned/...) on the project's pseudonymized documents, stored as an
    evaluate run that :mod:`appliance.pipeline.report` compares; an identical stored run is reused."""
    from appliance.models.embedding import load_sentence_transformer
    from appliance.pipeline.evaluate import evaluate_dense

    control = control or JobControl()
    model_path = resolve_embedding_model(model, project, store)
    try:
        shown_path = model_path.relative_to(project.artefact_dir).as_posix()
    except ValueError:
        shown_path = str(model_path)
    config = {"corpus": "project", "text": "pseudonymized", "queries": str(Path(queries).resolve()),
              "qrels": str(Path(qrels).resolve()), "rel_min": rel_min, "mode": "dense", "model": model,
              "model_path": shown_path, "name": name,
              # what the corpus was: a run on fewer documents is not reused
              "corpus_sections": project.db.execute("SELECT count(*) FROM section_texts WHERE stage = 'pseudonymized'").fetchone()[0]}
    if reuse and (stored := _stored_run(project, config)):
        return stored | {"reused": True}
    judged = load_project_judged(project, Path(queries), Path(qrels))
    result = evaluate_dense(load_sentence_transformer(model_path, device), judged, rel_min=rel_min, control=control)
    result["model"] = model
    run = store_evaluation(project, config, result, model_path=shown_path)
    return result | {"run": run, "reused": False}


# ---------------------------------------------------------------------------- the chain
@dataclass
class DemoOptions:
    """How much of the chain the demo runs."""

    #: training steps; 0 skips the training (only the base model is measured)
    steps: int = DEMO_STEPS
    #: pairs per training step
    batch_size: int = DEMO_BATCH
    #: auto, cpu or cuda
    device: str = "auto"
    #: model store folder (None: the default store)
    model_store: str | None = None
    #: pseudonymize in strict mode (bench/strict_cost.py measures what it costs)
    strict: bool = False


@dataclass
class DemoReport:
    """What the demo did, step by step, and the base-vs-tuned comparison on its judged searches."""

    #: the bundled sample reports it imported
    samples: str = ""
    #: the import of the sample files, and of the JSONL export of the samples
    imports: list[ImportReport] = field(default_factory=list)
    #: documents and sections in the project after the import
    documents: int = 0
    sections: int = 0
    #: the most frequent section headers, with their counts
    top_headers: list[tuple[str, int]] = field(default_factory=list)
    #: documents pseudonymized in this run (0 when an earlier run did it)
    pseudonymized_now: int = 0
    #: generated questions in the project
    questions: int = 0
    #: steps asked for (0: no training)
    steps_asked: int = DEMO_STEPS
    #: trained in this run / reused the training of an earlier run
    trained: bool = False
    train_reused: bool = False
    train_seconds: float = 0.0
    #: training steps of the model compared
    steps: int = 0
    #: the tuned and the base model on held-out generated questions
    validation: dict = field(default_factory=dict)
    validation_base: dict = field(default_factory=dict)
    #: mAP@100 etc. of the base and the tuned model on the demo's judged searches
    base: dict | None = None
    tuned: dict | None = None
    #: the comparison on the demo's judged set (appliance compare), and its chart
    comparison: dict | None = None
    chart: str | None = None
    #: seconds per step of the chain
    seconds: dict = field(default_factory=dict)


def _demo_training_done(project: Project, steps: int, batch: int) -> dict | None:
    """The finished demo training with these settings whose model is the project's tuned model now."""
    rel = project.get_setting(TUNED_SETTING)
    if not rel or not (project.artefact_dir / rel).is_dir():
        return None
    row = project.db.execute("SELECT config, metrics FROM runs WHERE kind = 'train' AND status = 'done' AND model_path = ? "
                             "ORDER BY id DESC LIMIT 1", [rel]).fetchone()
    if not row:
        return None
    config = json.loads(row[0] or "{}")
    if config.get("max_steps") != steps or config.get("batch_size") != batch:
        return None
    return json.loads(row[1] or "{}")


def _import_samples(project: Project, report: DemoReport, control: JobControl) -> None:
    from appliance.pipeline.ingest import ImportOptions, run_import

    samples = samples_dir()
    report.samples = str(samples)
    control.phase("Importing the sample reports...")
    report.imports.append(run_import(project, ImportOptions(paths=[str(samples / "reports")]), control=control.child()))
    report.imports.append(run_import(project, ImportOptions(
        paths=[str(samples / "reports.jsonl")], id_field="id", text_field="text", type_field="type",
        patient_field="patient"), control=control.child()))
    info = project.info()
    report.documents, report.sections = info["documents"], info["sections"]
    report.top_headers = [tuple(r) for r in project.db.execute(
        "SELECT header, count(*) FROM sections WHERE header != '' GROUP BY header ORDER BY 2 DESC, 1 LIMIT 8")]


def run_demo(project: Project, options: DemoOptions, *, control: JobControl | None = None) -> DemoReport:
    """The whole chain: import the samples, pseudonymize, questions, train, evaluate, compare."""
    import time

    from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize
    from appliance.pipeline.questions import QuestionsOptions, run_questions
    from appliance.pipeline.report import compare_project
    from appliance.pipeline.train import TrainOptions, run_train

    control = control or JobControl()
    steps, store, device = options.steps, options.model_store, options.device
    result = DemoReport(steps_asked=steps)
    t = time.monotonic()
    _import_samples(project, result, control)
    result.seconds["import"] = round(time.monotonic() - t, 1)

    t = time.monotonic()
    todo = project.db.execute("SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM deid_documents)").fetchone()[0]
    if todo:
        mode = project.get_setting("vault.mode")
        if mode not in (None, "irreversible"):
            raise ProjectError("this project keeps an encrypted pseudonym map; the demo pseudonymizes irreversibly "
                               "and needs a project of its own", next_step="init")
        control.phase(f"Replacing names, dates, addresses and numbers in {todo} reports with invented ones (irreversibly)...")
        report = run_pseudonymize(project, PseudonymizeOptions(irreversible=True, strict=options.strict),
                                  control=control.child())
        result.pseudonymized_now = report.documents
    result.seconds["pseudonymize"] = round(time.monotonic() - t, 1)

    t = time.monotonic()
    control.phase("Writing search questions for every section (offline heuristic, no language model)...")
    run_questions(project, QuestionsOptions(per_section=3), control=control.child())
    result.questions = project.db.execute("SELECT count(*) FROM questions").fetchone()[0]
    result.seconds["questions"] = round(time.monotonic() - t, 1)

    queries, qrels = judged_dir() / "queries.jsonl", judged_dir() / "qrels.tsv"
    t = time.monotonic()
    control.phase("Measuring the base model on the demo's judged searches...")
    result.base = evaluate_on_sections(project, "base", queries, qrels, name=DEMO_SET_NAME, store=store, device=device,
                                       control=control.child())
    result.seconds["evaluate base"] = round(time.monotonic() - t, 1)

    if steps > 0:
        t = time.monotonic()
        done = _demo_training_done(project, steps, options.batch_size)
        if done is not None:
            control.phase("The demo's training was done in an earlier run; reusing its model.")
            result.train_reused = True
            result.steps = done.get("steps", steps)
            result.train_seconds = done.get("seconds", 0.0)
            result.validation, result.validation_base = done.get("validation", {}), done.get("validation_base", {})
        else:
            control.phase(f"Fine-tuning the embedding model: {steps} steps of {options.batch_size} question-section "
                          "pairs (a short demo run; a real project trains longer)...")
            report = run_train(project, TrainOptions(max_steps=steps, batch_size=options.batch_size, device=device,
                                                     model_store=store), control=control.child())
            result.trained = True
            result.steps, result.train_seconds = report.steps, report.seconds
            result.validation, result.validation_base = report.validation, report.validation_base
        result.seconds["train"] = round(time.monotonic() - t, 1)

        t = time.monotonic()
        control.phase("Measuring the tuned model on the same judged searches...")
        result.tuned = evaluate_on_sections(project, "tuned", queries, qrels, name=DEMO_SET_NAME, store=store,
                                            device=device, control=control.child())
        result.seconds["evaluate tuned"] = round(time.monotonic() - t, 1)

    compared = compare_project(project)
    demo_sets = [c for c in compared.comparisons if c.label == DEMO_SET_NAME]
    result.comparison = asdict(demo_sets[-1]) if demo_sets else None
    result.chart = str(compared.chart) if compared.chart else None
    return result
