"""`appliance train` under torchrun (the trainer's own DDP): the argument wiring, on CPU with gloo.

Two processes, a handful of steps, the built-in model. Rank 0 opens the project for writing (the
file lock), rank 1 reads it without the lock; both train, rank 0 alone saves and registers the model.
"""
import json
import os
import subprocess
import sys

import pytest

from appliance.paths import samples_dir
from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize
from appliance.pipeline.questions import QuestionsOptions, run_questions
from appliance.pipeline.train import TrainOptions, run_train
from appliance.project import Project, ProjectError


@pytest.fixture
def questions_project(tmp_path):
    path = tmp_path / "ddp.appliance"
    with Project.create(path) as project:
        run_import(project, ImportOptions(paths=[samples_dir() / "reports"]))
        run_import(project, ImportOptions(paths=[samples_dir() / "reports.jsonl"], id_field="id", type_field="type"))
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
        run_questions(project, QuestionsOptions(per_section=3))
    return path


def test_torchrun_two_cpu_processes_train_and_only_rank_0_writes(questions_project):
    env = os.environ | {"OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false", "GLOO_SOCKET_IFNAME": "lo",
                        "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
           "-m", "appliance.cli", "train", str(questions_project), "--device", "cpu", "--max-steps", "3",
           "--batch-size", "4", "--json"]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    summaries = [json.loads(line) for line in out.stdout.splitlines() if line.startswith('{"run_id"')]
    assert len(summaries) == 1  # rank 1 prints nothing
    summary = summaries[0]
    assert summary["steps"] == 3 and summary["device"] == "cpu"
    assert "cosine_map@100" in summary["validation"] and "cosine_map@100" in summary["validation_base"]
    with Project.open(questions_project, readonly=True) as project:
        runs = list(project.db["runs"].rows_where("kind = 'train'"))
        assert len(runs) == 1 and runs[0]["status"] == "done"
        assert json.loads(runs[0]["config"])["processes"] == 2
        assert json.loads(runs[0]["metrics"])["processes"] == 2  # the trainer's own view: DDP over 2 processes
        assert project.get_setting("model.tuned") == runs[0]["model_path"]
        assert (project.artefact_dir / runs[0]["model_path"] / "config_sentence_transformers.json").is_file()
        assert [j["status"] for j in project.jobs("train")] == ["done"]


def test_a_rank_other_than_0_must_not_hold_the_project_for_writing(questions_project, monkeypatch):
    monkeypatch.setenv("RANK", "1")
    monkeypatch.setenv("WORLD_SIZE", "2")
    with Project.open(questions_project) as project:
        with pytest.raises(ProjectError, match="only rank 0"):
            run_train(project, TrainOptions(max_steps=1, batch_size=4, device="cpu"))
