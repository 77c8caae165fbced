"""The demo chain on the bundled sample reports: import, irreversible pseudonymization, heuristic
questions, a short training, and base vs tuned on a small judged set written for the samples.

Every step reuses what an earlier run did (import skips known files, pseudonymization and questions
skip finished sections, a finished demo training and stored evaluations are reused), so running the
demo again is quick. The judged set (resources/samples/judged) names documents by
:func:`document_keys`; the corpus is the project's pseudonymized section text per document, ranked
by :func:`appliance.pipeline.evaluate.evaluate_dense` (best section per document).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from appliance.models.project_models import TUNED_SETTING, resolve_embedding_model
from appliance.paths import samples_dir
from appliance.pipeline.evaluate import JudgedSet, _read_jsonl, read_qrels, store_evaluation
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
    q = {str(d["_id"]): d["text"] for d in _read_jsonl(queries)}
    rel = read_qrels(qrels)
    corpus = project_corpus(project)
    missing = sorted({d for r in rel.values() for d in r} - set(corpus))
    if missing:
        raise ProjectError(f"{len(missing)} documents named in the qrels are not pseudonymized in the project "
                           f"(first: {missing[0]})")
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
                         reuse: bool = True) -> dict:
    """Dense evaluation of ``model`` (base/tuned/...) on the project's pseudonymized documents, stored as an
    evaluate run that :mod:`appliance.pipeline.report` compares; an identical stored run is reused."""
    from appliance.models.loading import load_sentence_transformer
    from appliance.pipeline.evaluate import evaluate_dense

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
    result = evaluate_dense(load_sentence_transformer(model_path, device), judged, rel_min=rel_min)
    result["model"] = model
    run = store_evaluation(project, config, result, model_path=shown_path)
    project.audit("evaluate", run=run, model=model, queries=result["queries"])
    return result | {"run": run, "reused": False}


# ---------------------------------------------------------------------------- the chain
@dataclass
class DemoResult:
    documents: int = 0
    sections: int = 0
    pseudonymized_now: int = 0
    questions: int = 0
    trained: bool = False
    train_reused: bool = False
    train_seconds: float = 0.0
    steps: int = 0
    validation: dict = field(default_factory=dict)
    validation_base: dict = field(default_factory=dict)
    base: dict | None = None
    tuned: dict | None = None
    seconds: dict = field(default_factory=dict)  # per step of the chain


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


def run_demo(project: Project, steps: int = DEMO_STEPS, batch_size: int = DEMO_BATCH, *,
             say: Callable[[str], None] = lambda s: None, control_for: Callable[[str, str], tuple] | None = None,
             device: str = "auto", store: str | None = None) -> DemoResult:
    """The whole chain after the import (done by the caller): pseudonymize, questions, train, evaluate.

    ``steps`` 0 skips the training (only the base model is measured). ``say`` receives one plain sentence
    per step; ``control_for(description, unit)`` may return (JobControl, close) for progress bars.
    """
    import time

    from appliance.pipeline.pseudonymize import PseudonymizeOptions, pseudonymize_project
    from appliance.pipeline.questions import generate_questions
    from appliance.pipeline.train import TrainOptions, train_project

    control_for = control_for or (lambda desc, unit: (JobControl(), lambda: None))
    result = DemoResult()
    info = project.info()
    result.documents, result.sections = info["documents"], info["sections"]

    t = time.monotonic()
    todo = project.db.execute("SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM deid_documents)").fetchone()[0]
    if todo:
        mode = project.get_setting("vault.mode")
        if mode not in (None, "irreversible"):
            raise ProjectError("this project keeps an encrypted pseudonym map; the demo pseudonymizes irreversibly "
                               "and needs a project of its own (appliance demo --project NEW.appliance)")
        say(f"Replacing names, dates, addresses and numbers in {todo} reports with invented ones (irreversibly)...")
        control, close = control_for("Pseudonymizing", "doc")
        try:
            report = pseudonymize_project(project, None, PseudonymizeOptions(irreversible=True), control)
        finally:
            close()
        result.pseudonymized_now = report.documents
    result.seconds["pseudonymize"] = round(time.monotonic() - t, 1)

    t = time.monotonic()
    say("Writing search questions for every section (offline heuristic, no language model)...")
    control, close = control_for("Generating questions", "section")
    try:
        generate_questions(project, per_section=3, control=control)
    finally:
        close()
    result.questions = project.db.execute("SELECT count(*) FROM questions").fetchone()[0]
    result.seconds["questions"] = round(time.monotonic() - t, 1)

    queries, qrels = judged_dir() / "queries.jsonl", judged_dir() / "qrels.tsv"
    t = time.monotonic()
    say("Measuring the base model on the demo's judged searches...")
    result.base = evaluate_on_sections(project, "base", queries, qrels, name=DEMO_SET_NAME, store=store, device=device)
    result.seconds["evaluate base"] = round(time.monotonic() - t, 1)

    if steps <= 0:
        return result
    t = time.monotonic()
    done = _demo_training_done(project, steps, batch_size)
    if done is not None:
        say("The demo's training was done in an earlier run; reusing its model.")
        result.train_reused = True
        result.steps = done.get("steps", steps)
        result.train_seconds = done.get("seconds", 0.0)
        result.validation, result.validation_base = done.get("validation", {}), done.get("validation_base", {})
    else:
        say(f"Fine-tuning the embedding model: {steps} steps of {batch_size} question-section pairs "
            "(a short demo run; a real project trains longer)...")
        control, close = control_for("Training", "step")
        try:
            report = train_project(project, TrainOptions(max_steps=steps, batch_size=batch_size, device=device,
                                                         model_store=store), control)
        finally:
            close()
        result.trained = True
        result.steps, result.train_seconds = report.steps, report.seconds
        result.validation, result.validation_base = report.val_metrics, report.val_base_metrics
    result.seconds["train"] = round(time.monotonic() - t, 1)

    t = time.monotonic()
    say("Measuring the tuned model on the same judged searches...")
    result.tuned = evaluate_on_sections(project, "tuned", queries, qrels, name=DEMO_SET_NAME, store=store, device=device)
    result.seconds["evaluate tuned"] = round(time.monotonic() - t, 1)
    return result
