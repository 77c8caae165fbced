import json
import os
import subprocess
import sys

import pytest

from appliance.cli import VERBS_NOT_BUILT, build_parser, main

ALL_VERBS = [
    "init", "info", "import", "pseudonymize", "deid-eval", "translate", "questions",
    "train", "evaluate", "index", "search", "export", "models", "demo", "gui", "compare", "adopt",
]


def test_every_verb_is_listed_and_has_help(capsys):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "verb")
    assert set(ALL_VERBS) <= set(sub.choices)
    for verb in ALL_VERBS:
        with pytest.raises(SystemExit) as exc:
            main([verb, "--help"])
        assert exc.value.code == 0
        assert verb in capsys.readouterr().out


def test_verbs_not_built_exit_2(capsys):
    for verb in VERBS_NOT_BUILT:
        assert main([verb, "whatever"]) == 2
        assert "not built yet" in capsys.readouterr().err


def test_init_import_info_json(tmp_path, capsys):
    p = tmp_path / "p.appliance"
    (tmp_path / "a.txt").write_text("Befund: Unauffällige Darstellung der Lunge.\n\nBeurteilung: Kein Infiltrat.", encoding="utf-8")
    assert main(["init", str(p)]) == 0
    assert main(["import", str(p), str(tmp_path / "a.txt")]) == 0
    capsys.readouterr()
    assert main(["info", str(p), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == 1 and info["sections"] == 2
    assert main(["init", str(p)]) == 1  # exists already
    assert "already exists" in capsys.readouterr().err


def test_import_exit_code_only_fails_when_nothing_imported(tmp_path, capsys):
    p = tmp_path / "p.appliance"
    main(["init", str(p)])
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("Diagnose: Gastritis.", encoding="utf-8")
    assert main(["import", str(p), str(tmp_path / "empty.txt")]) == 1
    assert main(["import", str(p), str(tmp_path / "empty.txt"), str(tmp_path / "good.txt")]) == 0
    out = capsys.readouterr().out
    assert "empty.txt: empty file" in out
    # a second import of the same good file adds nothing and is still a success
    assert main(["import", str(p), str(tmp_path / "good.txt")]) == 0
    assert "0 new documents" in capsys.readouterr().out


def test_models_cli(tmp_path, capsys):
    store = tmp_path / "store"
    assert main(["models", "list", "--store", str(store), "--json"]) == 0
    assert [m["name"] for m in json.loads(capsys.readouterr().out)] == ["all-MiniLM-L6-v2"]
    src = tmp_path / "ner"
    src.mkdir()
    (src / "gliner_config.json").write_text("{}")
    assert main(["models", "add", str(src), "--kind", "ner", "--store", str(store), "--languages", "de,en"]) == 0
    assert main(["models", "verify", "--store", str(store)]) == 0
    (store / "ner" / "gliner_config.json").write_text("{tampered}")
    assert main(["models", "verify", "--store", str(store)]) == 1
    assert "checksum mismatch" in capsys.readouterr().out
    assert main(["models", "add", str(tmp_path / "nope"), "--kind", "ner", "--store", str(store)]) == 1


def test_console_script_and_offline_environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    env["HF_HUB_OFFLINE"] = "0"  # the appliance overrides even an explicit opt-out
    code = "import appliance, os; print(os.environ['HF_HUB_OFFLINE'], os.environ['TRANSFORMERS_OFFLINE'])"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "1"]


def test_demo_imports_bundled_samples(tmp_path, capsys):
    """The demo without its training (--steps 0); the whole chain is in tests/test_demo.py."""
    p = tmp_path / "demo.appliance"
    assert main(["demo", "--project", str(p), "--steps", "0"]) == 0
    out = capsys.readouterr().out
    assert "18 documents" in out
    assert main(["info", str(p), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["languages"] == {"de": 11, "en": 7}
    assert main(["demo", "--project", str(p), "--steps", "0"]) == 0  # running it again is harmless
    assert "18 documents" in capsys.readouterr().out


def test_network_guard_is_active():
    import socket

    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(RuntimeError, match="network connection"):
        s.connect(("93.184.216.34", 80))
    s.close()
    with pytest.raises(RuntimeError, match="resolve"):
        socket.getaddrinfo("huggingface.co", 443)


def test_unexpected_errors_do_not_print_their_message(monkeypatch, capsys, tmp_path):
    import appliance.cli as cli

    def boom(args):
        raise ValueError("Patient Erika Mustermann, geb. 01.02.1950")

    monkeypatch.setattr("appliance.cli.project.cmd_info", boom)
    monkeypatch.delenv("APPLIANCE_DEBUG", raising=False)
    assert cli.main(["info", str(tmp_path / "x.appliance")]) == 1
    err = capsys.readouterr().err
    assert "ValueError" in err and "Mustermann" not in err and "APPLIANCE_DEBUG" in err
