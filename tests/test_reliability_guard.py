"""The zero-egress guard of bench/reliability.py sees a real attempt (so its 0 means something), and the
fast reliability faults hold: damaged project files are refused and left unchanged."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("appliance_bench_reliability", REPO / "bench" / "reliability.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_egress_hook_records_a_name_lookup_and_a_connect(tmp_path):
    bench = _bench()
    script = tmp_path / "probe.py"
    script.write_text(
        "import sys, socket, json\nhits = []\n"
        f"sys.addaudithook(lambda e, a: hits.append(e) if e in {bench.EGRESS_EVENTS!r} else None)\n"
        "try:\n    socket.getaddrinfo('localhost', 9)\nexcept OSError:\n    pass\n"
        "s = socket.socket()\ns.settimeout(0.2)\ntry:\n    s.connect(('127.0.0.1', 9))\nexcept OSError:\n    pass\n"
        "print(json.dumps(hits))\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=dict(os.environ))
    hits = json.loads(out.stdout)
    assert "socket.getaddrinfo" in hits and "socket.connect" in hits


def test_damaged_project_files_are_refused_and_left_unchanged(tmp_path):
    result = _bench().damaged_files(tmp_path)
    assert result["damaged_files"] == 7
    assert result["damaged_refused"] == 7, result["details"]
