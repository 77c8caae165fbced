"""The Train and Evaluate pages (offscreen) on the bundled sample reports, imported, pseudonymized
(irreversibly) and given heuristic questions through the core in the setup: a tiny training cancelled
from the GUI and resumed; an interrupted training offered for resume; base vs tuned on a BEIR folder with
the adoption guard's reason; the guard refusing a worse tuned model."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import Qt  # noqa: E402

from appliance.gui.operations import StageOp  # noqa: E402
from appliance.models.project_models import SEARCH_MODEL_SETTING, TUNED_SETTING  # noqa: E402
from appliance.paths import samples_dir  # noqa: E402
from appliance.pipeline.evaluate import store_evaluation  # noqa: E402
from appliance.pipeline.ingest import ImportOptions, run_import  # noqa: E402
from appliance.pipeline.judged import read_jsonl, read_qrels  # noqa: E402
from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize  # noqa: E402
from appliance.pipeline.questions import QuestionsOptions, run_questions  # noqa: E402
from appliance.project import Project  # noqa: E402
from appliance.project.db import now_iso  # noqa: E402
from gui_support import finished, open_in  # noqa: E402

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton


def prepare_project(path: Path) -> Path:
    """The sample reports imported, pseudonymized irreversibly, with heuristic questions (the core)."""
    with Project.create(path) as project:
        run_import(project, ImportOptions(paths=[str(samples_dir() / "reports")]))
        run_import(project, ImportOptions(paths=[str(samples_dir() / "reports.jsonl")], id_field="id", text_field="text",
                                          type_field="type", patient_field="patient"))
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
        run_questions(project, QuestionsOptions(per_section=3))
    return path


def test_cancel_a_training_from_the_gui_then_resume_it(qtbot, window, tmp_path):
    path = prepare_project(tmp_path / "p.appliance")
    open_in(qtbot, window, path)
    window.show_page("train")
    page = window.pages["train"]
    qtbot.waitUntil(lambda: page._state is not None, timeout=30_000)
    machine = page._state["machine"]
    assert ("no GPU" in page.machine_label.text()) == (machine["device"] == "cpu")
    assert "question-section pairs to train on" in page.pairs_label.text()
    assert "No model was trained" in page.status.done_text()
    # the defaults are the core's; the advanced settings are folded away until asked for
    assert page.options().max_steps is None and page.options().time_budget_min == 15.0
    assert not page.advanced.isVisible()
    qtbot.mouseClick(page.advanced_button, LEFT)
    assert page.advanced.isVisible()
    page.steps_spin.setValue(8)
    page.batch_spin.setValue(4)
    page.device_combo.setCurrentIndex(page.device_combo.findData("cpu"))

    qtbot.mouseClick(page.start_button, LEFT)
    op = page.progress_panel.op
    assert window.project_host.busy and not page.start_button.isEnabled()
    qtbot.waitUntil(lambda: len(page.chart.points) >= 2 or finished(op), timeout=60_000)  # the live loss curve
    assert page.live_label.text().startswith("Step ") and "of 8, loss" in page.live_label.text()
    qtbot.mouseClick(page.progress_panel.cancel_button, LEFT)
    qtbot.waitUntil(lambda: finished(op), timeout=60_000)
    assert op.state == "cancelled"
    with Project.open(path, readonly=True) as project:
        job = project.jobs("train")[-1]
        assert job["status"] == "cancelled" and "resume" in job["message"]
        run = project.db.execute("SELECT status FROM runs WHERE kind = 'train' ORDER BY id DESC").fetchone()
        assert run[0] == "cancelled" and project.get_setting(TUNED_SETTING) is None
    assert "press Resume" in page.banner.text()
    qtbot.waitUntil(lambda: page.resume_box.isVisible(), timeout=10_000)
    assert "A checkpoint after step" in page.resume_label.text() and page.resume_button.isEnabled()
    stopped_at = page._state["checkpoint"]
    assert 0 < stopped_at < 8

    qtbot.mouseClick(page.resume_button, LEFT)
    op = page.progress_panel.op
    qtbot.waitUntil(lambda: finished(op), timeout=90_000)
    assert op.state == "done", op.error
    assert op.result.steps == 8
    with Project.open(path, readonly=True) as project:
        assert project.jobs("train")[-1]["status"] == "done"
        config = json.loads(project.db.execute("SELECT config FROM runs WHERE kind = 'train' ORDER BY id DESC").fetchone()[0])
        assert config["resume"] is True and config["max_steps"] == 8 and config["batch_size"] == 4
        assert project.get_setting(TUNED_SETTING)
    assert "Trained 8 steps" in page.banner.text()
    qtbot.waitUntil(lambda: not page.resume_box.isVisible() and "A tuned model was trained" in page.status.done_text(),
                    timeout=10_000)
    assert all(t != "-" for t in page.validation_values()["map@100"])


def test_a_killed_training_shows_as_interrupted_with_resume(qtbot, window, tmp_path):
    path = prepare_project(tmp_path / "p.appliance")
    with Project.open(path) as project:  # a run that was running when its process died
        with project.db.atomic():
            run = project.db["runs"].insert({"kind": "train", "status": "running", "created_at": now_iso(),
                                             "config": json.dumps({"max_steps": 8, "batch_size": 4, "device": "cpu",
                                                                   "kinds": ["title"], "processes": 1})}).last_pk
        project.start_job("train", {"run": run, "steps": 8, "device": "cpu"}, 8)
    open_in(qtbot, window, path)  # opening marks it interrupted
    qtbot.waitUntil(lambda: window.resume_banner.isVisible(), timeout=10_000)
    assert "Interrupted: Train" in window.resume_banner.text()
    qtbot.mouseClick(window.resume_banner.action_button, LEFT)
    assert window.current_page().key == "train"
    page = window.pages["train"]
    qtbot.waitUntil(lambda: page.resume_box.isVisible(), timeout=30_000)
    assert "interrupted" in page.resume_label.text() and "No checkpoint was saved yet" in page.resume_label.text()
    assert "did not finish" in page.status.done_text()
    from appliance.gui.pages.train import resume_options

    options = resume_options(page._state["run"]["config"])
    assert options.resume and options.max_steps == 8 and options.kinds == ("title",)


# ---------------------------------------------------------------------------- evaluate
def write_beir(folder: Path) -> Path:
    """The twelve sample report files as a BEIR corpus, with the judged queries that name them."""
    reports = sorted((samples_dir() / "reports").glob("*.txt"))
    folder.mkdir()
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as fh:
        for p in reports:
            text = p.read_bytes().decode("utf-8", errors="replace") if "cp1252" not in p.name else p.read_bytes().decode("cp1252")
            fh.write(json.dumps({"_id": p.name, "text": text}, ensure_ascii=False) + "\n")
    judged = samples_dir() / "judged"
    qrels = {q: {d: g for d, g in rel.items() if d.endswith(".txt")} for q, rel in read_qrels(judged / "qrels.tsv").items()}
    qrels = {q: rel for q, rel in qrels.items() if rel}
    with open(folder / "queries.jsonl", "w", encoding="utf-8") as fh:
        for q in read_jsonl(judged / "queries.jsonl"):
            if q["_id"] in qrels:
                fh.write(json.dumps(q, ensure_ascii=False) + "\n")
    (folder / "qrels").mkdir()
    lines = ["query-id\tcorpus-id\tscore"] + [f"{q}\t{d}\t{g}" for q, rel in qrels.items() for d, g in rel.items()]
    (folder / "qrels" / "test.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def register_tuned(path: Path) -> str:
    """A finished training whose model is a copy of the base model (so base and tuned score the same)."""
    from appliance.models import ModelStore

    with Project.open(path) as project:
        with project.db.atomic():
            run = project.db["runs"].insert({"kind": "train", "status": "done", "created_at": now_iso(),
                                             "config": "{}", "metrics": "{}"}).last_pk
        rel = f"models/tuned-{run}"
        (project.artefact_dir / "models").mkdir(parents=True, exist_ok=True)
        base = ModelStore().resolve(None, "embedding")
        try:  # a link: the same weights, so the cached section embeddings of the base model are reused
            (project.artefact_dir / rel).symlink_to(base, target_is_directory=True)
        except OSError:
            shutil.copytree(base, project.artefact_dir / rel)
        with project.db.atomic():
            project.db["runs"].update(run, {"model_path": rel})
        project.set_setting(TUNED_SETTING, rel)
    return rel


def test_evaluate_base_vs_tuned_on_a_beir_folder_and_adopt_when_the_guard_allows(qtbot, window, tmp_path, monkeypatch):
    path = prepare_project(tmp_path / "p.appliance")
    register_tuned(path)
    beir = write_beir(tmp_path / "beir")
    open_in(qtbot, window, path)
    window.show_page("evaluate")
    page = window.pages["evaluate"]
    qtbot.waitUntil(lambda: page._state is not None, timeout=10_000)
    # before any measurement: the guard's reason, and no Adopt
    assert "nobody has checked" in page.guard_label.text() and not page.adopt_button.isEnabled()
    assert "the base model" in page.search_model_label.text()
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(beir))
    qtbot.mouseClick(page.beir_button, LEFT)
    assert page.beir_radio.isChecked() and page.split_combo.currentText() == "test"
    qtbot.mouseClick(page.run_button, LEFT)
    op = page.progress_panel.op
    qtbot.waitUntil(lambda: finished(op), timeout=60_000)
    assert op.state == "done", op.error
    values = page.table_values()
    base, tuned, ratio = values["mAP@100"]
    assert float(base) > 0.3 and tuned == base and ratio == "1.00"
    assert "equal on mAP@100" in page.verdict_label.text()
    assert page.chart.series and len(page.chart.categories) == 5
    assert "beir" in page.set_combo.currentText() and "judged queries" in page.set_combo.currentText()
    # equal on every query: the difference's 95% interval is [0, 0], so the gain is not shown and Adopt stays off
    qtbot.waitUntil(lambda: "may be chance" in page.guard_label.text(), timeout=10_000)
    assert "cannot be adopted yet" in page.guard_label.text() and not page.adopt_button.isEnabled()
    with Project.open(path, readonly=True) as project:
        runs = project.db.execute("SELECT config, metrics FROM runs WHERE kind = 'evaluate' ORDER BY id").fetchall()
        assert [json.loads(r[0])["model"] for r in runs] == ["base", "tuned"]
        assert json.loads(runs[0][0])["beir"] == str(beir)
    # a later base run on the same set that loses on every query (stored through the window, which holds the
    # project): the tuned model is now shown better, so the guard allows it
    metrics = json.loads(runs[0][1])
    metrics["per_query"] = {q: v - 0.3 for q, v in metrics["per_query"].items()}
    metrics["map@100"] = sum(metrics["per_query"].values()) / len(metrics["per_query"])
    op = StageOp(page, lambda project, control: store_evaluation(project, json.loads(runs[0][0]), metrics))
    op.run_in_background()
    qtbot.waitUntil(lambda: finished(op), timeout=10_000)
    assert op.state == "done", op.error
    page.refresh_state()
    qtbot.waitUntil(lambda: page.adopt_button.isEnabled(), timeout=10_000)
    assert "at least as good" in page.guard_label.text()

    qtbot.mouseClick(page.adopt_button, LEFT)
    qtbot.waitUntil(lambda: "Search now uses the tuned model" in page.banner.text(), timeout=10_000)
    with Project.open(path, readonly=True) as project:
        assert project.get_setting(SEARCH_MODEL_SETTING) == "tuned"
    qtbot.waitUntil(lambda: "the tuned model" in page.search_model_label.text(), timeout=10_000)
    assert not page.adopt_button.isEnabled() and page.base_button.isEnabled()
    qtbot.mouseClick(page.banner.action_button, LEFT)  # "Next: Index"
    assert window.current_page().key == "index"


def test_the_guard_refuses_a_worse_tuned_model_and_says_why(qtbot, window, tmp_path):
    path = prepare_project(tmp_path / "p.appliance")
    rel = register_tuned(path)
    config = {"corpus": "project", "queries": "/judged/q.jsonl", "qrels": "/judged/r.tsv", "rel_min": 1, "mode": "dense",
              "name": "ward searches"}
    metrics = {"map@100": 0.6, "ndcg@10": 0.7, "recall@10": 0.8, "recall@100": 0.9, "mrr@10": 0.65, "queries": 9}
    with Project.open(path) as project:
        store_evaluation(project, config | {"model": "base"}, metrics)
        store_evaluation(project, config | {"model": "tuned", "model_path": rel}, metrics | {"map@100": 0.5})
    open_in(qtbot, window, path)
    window.show_page("evaluate")
    page = window.pages["evaluate"]
    qtbot.waitUntil(lambda: page._state is not None and page.set_combo.count() == 1, timeout=10_000)
    assert "ward searches (9 judged queries)" == page.set_combo.currentText()
    assert page.table_values()["mAP@100"] == ("0.600", "0.500", "0.83")
    assert "less well than the base model: mAP@100 0.500 instead of 0.600" in page.verdict_label.text()
    text = page.guard_label.text()
    assert "cannot be adopted" in text and "“ward searches”: tuned 0.500, base 0.600" in text and "Train again" in text
    assert not page.adopt_button.isEnabled()
    assert page.adopt_tuned() is None  # the button's slot does nothing while the guard says no
    with Project.open(path, readonly=True) as project:
        assert (project.get_setting(SEARCH_MODEL_SETTING) or "base") == "base"


def test_train_page_cross_validates_on_a_judged_set_then_trains_the_final_model(qtbot, window, tmp_path, encoder):
    from appliance.pipeline.index import IndexOptions, run_index
    from appliance.pipeline.judged_sets import import_beir
    from appliance.pipeline.report import compare_runs

    path = prepare_project(tmp_path / "p.appliance")
    with Project.open(path) as project:
        run_index(project, IndexOptions(device="cpu"), encoder=encoder)
        import_beir(project, None, "ward", queries=samples_dir() / "judged" / "queries.jsonl",
                    qrels=samples_dir() / "judged" / "qrels.tsv")
    open_in(qtbot, window, path)
    window.show_page("train")
    page = window.pages["train"]
    qtbot.waitUntil(lambda: page._state is not None and page.judged_combo.count() == 2, timeout=30_000)
    assert page.judged_group.isVisible() and not page.cv_check.isEnabled()  # "none" chosen: nothing to cross-validate
    assert page.options().judged is None
    page.judged_combo.setCurrentIndex(page.judged_combo.findData("ward"))
    assert page.cv_check.isEnabled() and page.cv_check.isChecked() and page.cross_validates()
    page.folds_spin.setValue(3)
    qtbot.mouseClick(page.advanced_button, LEFT)
    page.steps_spin.setValue(2)
    page.batch_spin.setValue(4)
    page.device_combo.setCurrentIndex(page.device_combo.findData("cpu"))
    assert (page.options().judged, page.options().judged_folds) == ("ward", 3)

    qtbot.mouseClick(page.start_button, LEFT)
    op = page.progress_panel.op
    qtbot.waitUntil(lambda: finished(op), timeout=300_000)
    assert op.state == "done", op.error
    assert "Cross-validated over 3 folds" in page.banner.text() and "never learned from it" in page.banner.text()
    with Project.open(path, readonly=True) as project:
        assert project.db.execute("SELECT count(*) FROM runs WHERE kind = 'judged-cv'").fetchone()[0] == 1
        assert project.get_setting(TUNED_SETTING) == f"models/tuned-{op.result.final_run_id}"
        labels = {c.label for c in compare_runs(project) if c.complete}
        assert "ward (3-fold cross-validated)" in labels
