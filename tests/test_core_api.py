"""The core API: one call shape, a silent core without import circles, one JSON document per verb,
the threading contract, and docs/cli.md generated from --help."""
from __future__ import annotations

import ast
import json
import threading
from pathlib import Path

import pytest

from appliance.cli import main, render_docs
from appliance.paths import samples_dir
from appliance.pipeline.demo import judged_dir
from appliance.project import JobControl, Project, ProjectError

SRC = Path(__file__).resolve().parents[1] / "src" / "appliance"
CORE = ("pipeline", "project", "models")


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """Modules of the package that ``path`` imports (anywhere in the file, function bodies included)."""
    name = next(k for k, v in modules.items() if v == path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            for a in node.names:
                found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base)
    return {m for m in found if m in modules and m != name}


def test_core_never_prints_and_never_imports_the_cli_or_qt():
    offenders = []
    for sub in CORE:
        for path in (SRC / sub).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno} print()")
                if isinstance(node, ast.Attribute) and node.attr == "redirect_stdout":
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno} redirect_stdout")
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                    for n in names:
                        if n.startswith(("appliance.cli", "appliance.gui", "PySide6", "tqdm")):
                            offenders.append(f"{path.relative_to(SRC)}:{node.lineno} imports {n}")
    assert not offenders, offenders


def test_no_import_circle_among_the_package_modules():
    modules = _modules()
    graph = {m: _imports(p, modules) for m, p in modules.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(m: str, stack: list[str]) -> None:
        state[m] = 1
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                cycles.append(stack[stack.index(n):] + [n] if n in stack else [m, n])
            elif n not in state:
                visit(n, stack + [n])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not cycles, cycles
    # and the CLI's verb modules import only _common (and the core), never each other or the package
    for m, deps in graph.items():
        if m.startswith("appliance.cli.") and m != "appliance.cli.__main__":
            assert not {d for d in deps if d.startswith("appliance.cli")} - {"appliance.cli._common"}, m


def test_stage_functions_share_one_call_shape():
    import inspect

    from appliance.pipeline import demo, evaluate, index, ingest, pseudonymize, train, translate
    from appliance.pipeline.questions import run_questions

    for fn in (ingest.run_import, pseudonymize.run_pseudonymize, translate.run_translate, run_questions,
               train.run_train, evaluate.run_evaluate, index.run_index, demo.run_demo):
        params = list(inspect.signature(fn).parameters.values())
        assert [p.name for p in params[:2]] == ["project", "options"], fn.__name__
        control = inspect.signature(fn).parameters["control"]
        assert control.kind is inspect.Parameter.KEYWORD_ONLY and control.default is None, fn.__name__


def test_cli_docs_are_generated_from_help():
    docs = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    assert docs.read_text(encoding="utf-8") == render_docs(), "docs/cli.md is stale: run scripts/cli_docs.py"


def test_an_error_with_a_next_step_names_the_command(tmp_path, capfd):
    p = tmp_path / "p.appliance"
    assert main(["init", str(p)]) == 0
    capfd.readouterr()
    assert main(["train", str(p), "--json"]) == 1
    cap = capfd.readouterr()
    doc = json.loads(cap.out)
    assert doc["next_step"] == "questions" and "appliance" not in doc["error"]
    assert f"run `appliance questions {p}`" in cap.err


def test_a_job_on_a_worker_thread_while_the_main_thread_reads(tmp_path):
    """The GUI's pattern: the worker thread owns the writable project, the main thread reads counts."""
    from appliance.pipeline.ingest import ImportOptions, run_import

    path = tmp_path / "big.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(1500):
            fh.write(json.dumps({"id": f"d{i}", "text": f"BEFUND: Herd Nummer {i}.\nBEURTEILUNG: Kontrolle in {i % 9} Monaten."}) + "\n")
    project_path = tmp_path / "p.appliance"
    Project.create(project_path).close()
    seen_progress: list[int] = []
    result: dict = {}

    def work() -> None:
        with Project.open(project_path) as project:  # opened on, and owned by, the worker thread
            control = JobControl(progress=lambda done, total, msg: seen_progress.append(done))
            result["report"] = run_import(project, ImportOptions(paths=[path], id_field="id"), control=control)

    worker = threading.Thread(target=work)
    worker.start()
    counts = []
    with Project.open(project_path, readonly=True) as reader:
        while worker.is_alive():
            counts.append(reader.info()["documents"])
        worker.join()
        counts.append(reader.info()["documents"])
    assert result["report"].added == 1500 and counts[-1] == 1500
    assert counts == sorted(counts) and any(0 < c < 1500 for c in counts), "the reader saw the job's progress"
    assert seen_progress and seen_progress == sorted(seen_progress)


def test_cancel_from_another_thread_stops_a_stage_and_keeps_its_work(tmp_path):
    from appliance.pipeline.ingest import ImportOptions, run_import
    from appliance.project import Cancelled

    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Befund: {i}"}) + "\n" for i in range(3000)), encoding="utf-8")
    with Project.create(tmp_path / "p.appliance") as project:
        control = JobControl()
        started = threading.Event()
        calls = []
        control.progress = lambda done, total, msg: (calls.append(1), len(calls) >= 100 and started.set())
        threading.Thread(target=lambda: (started.wait(30), control.cancel())).start()
        with pytest.raises(Cancelled):
            run_import(project, ImportOptions(paths=[path], id_field="id"), control=control)
        kept = project.info()["documents"]
        assert 0 < kept < 3000
        assert project.jobs("import")[-1]["status"] == "cancelled"
        again = run_import(project, ImportOptions(paths=[path], id_field="id"))
        assert again.added == 3000 - kept and project.info()["documents"] == 3000


# ---------------------------------------------------------------------------- one JSON document per verb
def _json(capfd, argv: list[str], code: int = 0):
    assert main(argv) == code, capfd.readouterr().err[-2000:]
    out = capfd.readouterr().out
    return json.loads(out)  # the whole of stdout is one JSON document


def test_every_verb_prints_one_json_document(tmp_path, capfd, tiny_translation_model):
    store = tmp_path / "store"
    p = str(tmp_path / "p.appliance")
    assert _json(capfd, ["init", p, "--json"])["project"] == p
    r = _json(capfd, ["import", p, str(samples_dir() / "reports"), "--json"])
    assert r["added"] > 0
    r = _json(capfd, ["import", p, str(samples_dir() / "reports.jsonl"), "--id-field", "id", "--type-field", "type",
                      "--patient-field", "patient", "--json"])
    assert r["added"] > 0
    assert _json(capfd, ["info", p, "--json"])["documents"] == 18
    assert [m["name"] for m in _json(capfd, ["models", "list", "--store", str(store), "--json"])] == ["all-MiniLM-L6-v2"]
    added = _json(capfd, ["models", "add", str(tiny_translation_model[1]), "--kind", "translation", "--name", "tiny-de-en",
                          "--store", str(store), "--json"])
    assert added["name"] == "tiny-de-en"
    assert all(r["ok"] for r in _json(capfd, ["models", "verify", "--store", str(store), "--json"]))
    gold = tmp_path / "gold.jsonl"
    text = "Herr Max Mustermann wurde am 03.04.2021 aufgenommen."
    gold.write_text(json.dumps({"doc_id": "g1", "text": text, "spans": [{"start": 5, "end": 19, "label": "NAME_PATIENT"},
                                                                   {"start": 29, "end": 39, "label": "DATE"}]}) + "\n")
    assert 0 <= _json(capfd, ["deid-eval", str(gold), "--json"])["recall"] <= 1
    r = _json(capfd, ["pseudonymize", p, "--irreversible", "--json"])
    assert r["documents"] == 18 and isinstance(r["by_label"], dict)
    r = _json(capfd, ["translate", p, "--model", "tiny-de-en", "--store", str(store), "--device", "cpu", "--json"])
    assert "sections" in r
    assert _json(capfd, ["questions", p, "--json"])["questions"] > 0
    r = _json(capfd, ["train", p, "--max-steps", "2", "--batch-size", "4", "--device", "cpu", "--store", str(store), "--json"])
    assert r["steps"] == 2 and Path(r["model_path"]).is_dir()
    assert _json(capfd, ["index", p, "--device", "cpu", "--store", str(store), "--json"])["sections"] > 0
    r = _json(capfd, ["search", p, "Lungenembolie", "--device", "cpu", "--store", str(store), "--json"])
    assert "documents" in r
    queries, qrels = judged_dir() / "queries.jsonl", judged_dir() / "qrels.tsv"
    for model in ("base", "tuned"):
        r = _json(capfd, ["evaluate", "--project", p, "--queries", str(queries), "--qrels", str(qrels), "--model", model,
                          "--mode", "hybrid", "--device", "cpu", "--store", str(store), "--json"])
        assert 0 <= r["metrics"]["map@100"] <= 1 and r["run_id"]
    assert "comparisons" in _json(capfd, ["compare", p, "--json"])
    _json(capfd, ["adopt", p, "base", "--json"])
    demo = _json(capfd, ["demo", "--project", str(tmp_path / "demo.appliance"), "--steps", "0", "--json"])
    assert demo["documents"] == 18 and demo["base"]["map@100"] > 0
    # a refusal is one JSON document too
    refused = _json(capfd, ["adopt", str(tmp_path / "demo.appliance"), "tuned", "--json"], code=1)
    assert refused["error"] and refused["next_step"] == "train"  # the demo with --steps 0 has no tuned model


def test_project_errors_carry_a_next_step_not_a_command(tmp_path):
    from appliance.pipeline.index import IndexOptions, run_index
    from appliance.pipeline.ingest import ImportOptions, run_import

    with Project.create(tmp_path / "p.appliance") as project:
        run_import(project, ImportOptions(paths=[samples_dir() / "reports"]))
        with pytest.raises(ProjectError) as e:
            run_index(project, IndexOptions())
        assert e.value.next_step == "pseudonymize" and "appliance" not in str(e.value)
    with pytest.raises(ProjectError) as e:
        Project.open(tmp_path / "missing.appliance")
    assert e.value.next_step == "init"
