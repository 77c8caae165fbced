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
