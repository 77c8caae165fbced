"""Helpers that put a project into a known state without running the stages (tests)."""
from __future__ import annotations

import json

from appliance.models.project_models import TUNED_SETTING
from appliance.project.db import now_iso


def register_tuned_model(project, run_metrics: dict | None = None) -> str:
    """A finished train run whose (empty) model folder exists, registered as the project's tuned model;
    returns its folder relative to the artefact folder."""
    with project.db.atomic():
        run = project.db["runs"].insert({"kind": "train", "status": "done", "created_at": now_iso(), "config": "{}",
                                         "metrics": json.dumps(run_metrics or {})}).last_pk
    rel = f"models/tuned-{run}"
    (project.artefact_dir / rel).mkdir(parents=True)
    with project.db.atomic():
        project.db["runs"].update(run, {"model_path": rel})
    project.set_setting(TUNED_SETTING, rel)
    return rel


def copy_project(src, folder):
    """A copy of a project file and its artefact folder in ``folder``."""
    import shutil

    path = folder / src.name
    shutil.copy(src, path)
    shutil.copytree(src.with_name(src.name + ".artefacts"), path.with_name(path.name + ".artefacts"))
    return path


def trained_sample_project(path, encoder):
    """The sample reports pseudonymized (irreversible, not strict, not reviewed), heuristic questions and
    2 training steps; training gets a copy of ``encoder``, so the session's model is not changed."""
    import copy

    import pytest

    from appliance.paths import samples_dir
    from appliance.pipeline.ingest import ImportOptions, run_import
    from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize
    from appliance.pipeline.questions import QuestionsOptions, run_questions
    from appliance.pipeline.train import TrainOptions, run_train
    from appliance.project import Project

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("appliance.models.embedding.load_sentence_transformer", lambda p, device="auto": copy.deepcopy(encoder))
        with Project.create(path) as project:
            run_import(project, ImportOptions(paths=[str(samples_dir() / "reports")]))
            run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
            run_questions(project, QuestionsOptions(per_section=2))
            run_train(project, TrainOptions(max_steps=2, batch_size=4, device="cpu"))
    return path
