"""Reliability, measured with faults: kill -9 during stages then resume, damaged project files, zero egress.

    .venv/bin/python bench/reliability.py [--quick] [--json]

Each fault runs the real CLI in a subprocess, on a corpus the script makes from the bundled sample reports
(each report copied with its own id, so the stages have work to do). Printed, measured in this run:

- **kill -9**: ``appliance import`` and ``appliance pseudonymize`` (irreversible; the vault is made first,
  so the surrogates are the same as in the reference run) and ``appliance index`` are killed at random
  moments (seeded), then run again to the end; the final state (hashes of documents, sections, section texts
  and the index state) must equal that of an uninterrupted run, and ``PRAGMA integrity_check`` must say ok.
  Counts: ``kills``, ``kills_recovered``, ``state_mismatches``.
- **damaged project files**: truncated, a flipped byte in the file header and in a b-tree page header, a foreign SQLite
  file, a file from a newer version, a text file, an empty file: ``appliance info`` and ``appliance import``
  must refuse each with a message (exit code 1, ``error:``, no traceback) and leave the file byte for byte as
  it was. Count: ``damaged_refused`` of ``damaged_files``.
- **zero egress**: the demo chain (``appliance demo --no-gui``) and ``--help`` of every CLI verb run under an
  audit hook (``sys.addaudithook``) that records every ``socket.connect``, ``socket.getaddrinfo``,
  ``socket.gethostbyname`` and the like; any event counts. Count: ``egress_attempts``.

Not yet here (issue 17, open): hostile input files, a full disk, concurrency, the passphrase, planted-PHI
markers across every stage, encryption at rest.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
SAMPLES = REPO / "resources" / "samples" / "reports"

#: the audit events that mean the process tried to reach the network or resolve a name
EGRESS_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                 "socket.sendto", "socket.sendmsg", "socket.bind")


def cli(*args: str, env: dict | None = None, timeout: float = 1800) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-m", "appliance", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "APPLIANCE_PASSPHRASE": "bench", **(env or {})})


def make_corpus(folder: Path, copies: int) -> Path:
    """The sample reports, each copied ``copies`` times under its own file name (a line added so that the
    copies differ): real text for every stage."""
    folder.mkdir(parents=True, exist_ok=True)
    for src in sorted(SAMPLES.iterdir()):
        if src.suffix not in (".txt", ".md"):
            continue
        data = src.read_bytes()  # as they are: one sample is not UTF-8 on purpose
        for i in range(copies):
            (folder / f"{src.stem}-{i:03d}{src.suffix}").write_bytes(data + f"\nKopie {i}.\n".encode("ascii"))
    return folder


def state_hash(path: Path) -> dict[str, str]:
    """Hashes of what a stage leaves behind, per table, independent of row ids."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = {}
    queries = {
        "documents": "SELECT external_id, text FROM documents ORDER BY external_id",
        "sections": "SELECT d.external_id, s.ord, s.header, s.text FROM sections s JOIN documents d ON d.id = s.document_id "
                    "ORDER BY d.external_id, s.ord",
        "section_texts": "SELECT d.external_id, s.ord, t.stage, t.text FROM section_texts t JOIN sections s ON s.id = "
                         "t.section_id JOIN documents d ON d.id = s.document_id ORDER BY d.external_id, s.ord, t.stage",
        "index_state": "SELECT d.external_id, s.ord, i.fts_sha, i.vec_sha FROM index_state i JOIN sections s ON "
                       "s.id = i.section_id JOIN documents d ON d.id = s.document_id ORDER BY d.external_id, s.ord",
    }
    for name, sql in queries.items():
        try:
            rows = db.execute(sql).fetchall()
        except sqlite3.OperationalError:
            rows = []
        out[name] = hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
    out["integrity"] = db.execute("PRAGMA integrity_check").fetchone()[0]
    db.close()
    return out


def copy_project(src: Path, dst: Path) -> Path:
    shutil.copy(src, dst)
    art = src.with_name(src.name + ".artefacts")
    if art.exists():
        shutil.copytree(art, dst.with_name(dst.name + ".artefacts"))
    return dst


def _killed_run(args: list[str], delay: float) -> bool:
    """Start the CLI, kill -9 it after ``delay`` seconds; True when it was still running (a real kill)."""
    proc = subprocess.Popen([PY, "-m", "appliance", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "APPLIANCE_PASSPHRASE": "bench"})
    time.sleep(delay)
    alive = proc.poll() is None
    if alive:
        proc.kill()
    proc.wait()
    return alive


def kill_stage(work: Path, stage: str, before: Path, args_of, kills: int, rng: random.Random, duration: float) -> dict:
    """Reference: ``before`` copied and the stage run uninterrupted. Then per kill: a fresh copy, the stage killed at a
    random moment within its measured duration, run again to the end, compared with the reference."""
    ref = copy_project(before, work / f"{stage}-ref.appliance")
    done = cli(*args_of(ref))
    if done.returncode != 0:
        raise SystemExit(f"{stage}: the reference run failed: {done.stderr[-500:]}")
    expected = state_hash(ref)
    result = {"kills": 0, "recovered": 0, "mismatches": 0}
    for k in range(kills):
        p = copy_project(before, work / f"{stage}-kill{k}.appliance")
        if not _killed_run(args_of(p), rng.uniform(0.3, max(0.6, duration * 0.9))):
            continue  # it finished first: not a kill
        result["kills"] += 1
        again = cli(*args_of(p))
        got = state_hash(p)
        if again.returncode == 0 and got == expected:
            result["recovered"] += 1
        else:
            result["mismatches"] += 1
            result.setdefault("differ", []).append([t for t in expected if expected[t] != got.get(t)])
        shutil.rmtree(p.with_name(p.name + ".artefacts"), ignore_errors=True)
        for suffix in ("", "-wal", "-shm", ".lock"):
            Path(str(p) + suffix).unlink(missing_ok=True)
    return result


def run_kills(work: Path, kills_per_stage: int, copies: int, seed: int) -> dict:
    rng = random.Random(seed)
    corpus = make_corpus(work / "corpus", copies)
    empty = work / "empty.appliance"
    cli("init", str(empty))
    stages = {}
    t0 = time.monotonic()
    imported = copy_project(empty, work / "imported.appliance")
    cli("import", str(imported), str(corpus))
    import_s = time.monotonic() - t0
    stages["import"] = kill_stage(work, "import", empty, lambda p: ["import", str(p), str(corpus)], kills_per_stage,
                                  rng, import_s)
    # the vault (and its surrogate seed) exists before the copies, so every copy pseudonymizes alike
    from appliance.project import Project
    from appliance.project.vault import unlock

    with Project.open(imported) as project:
        unlock(project, None, irreversible=True)
    t0 = time.monotonic()
    pseudo = copy_project(imported, work / "pseudo.appliance")
    cli("pseudonymize", str(pseudo), "--irreversible")
    pseudo_s = time.monotonic() - t0
    stages["pseudonymize"] = kill_stage(work, "pseudonymize", imported, lambda p: ["pseudonymize", str(p), "--irreversible"],
                                        kills_per_stage, rng, pseudo_s)
    t0 = time.monotonic()
    indexed = copy_project(pseudo, work / "indexed.appliance")
    cli("index", str(indexed), "--device", "cpu")
    index_s = time.monotonic() - t0
    stages["index"] = kill_stage(work, "index", pseudo, lambda p: ["index", str(p), "--device", "cpu"], kills_per_stage,
                                 rng, index_s)
    return {"stages": stages, "seconds": {"import": round(import_s, 1), "pseudonymize": round(pseudo_s, 1),
                                          "index": round(index_s, 1)}}


def damaged_files(work: Path) -> dict:
    """Each damaged variant of a real project, refused without a traceback and left unchanged."""
    good = work / "good.appliance"
    cli("init", str(good))
    cli("import", str(good), str(SAMPLES))
    db = sqlite3.connect(good)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = good.read_bytes()
    variants = {"truncated": data[: len(data) // 3], "empty": b"", "text": b"Dies ist kein Projekt.\n" * 50}
    flipped = bytearray(data)
    flipped[16] ^= 0xFF  # the page size in the header
    variants["header-flipped"] = bytes(flipped)
    flipped = bytearray(data)
    page = 4096
    for off in range(page * 2, page * 2 + 8):  # a b-tree page's header (flipped text inside a row is not
        flipped[off] ^= 0x5A                   # detectable without page checksums: docs/reliability.md)
    variants["page-flipped"] = bytes(flipped)
    foreign = work / "foreign.sqlite"
    f = sqlite3.connect(foreign)
    f.execute("CREATE TABLE patients (name TEXT)")
    f.commit()
    f.close()
    variants["foreign-sqlite"] = foreign.read_bytes()
    newer = work / "newer.appliance"
    shutil.copy(good, newer)
    n = sqlite3.connect(newer)
    n.execute("PRAGMA user_version = 999")
    n.commit()
    n.close()
    variants["newer-version"] = newer.read_bytes()
    out = {"damaged_files": 0, "damaged_refused": 0, "details": {}}
    for name, content in variants.items():
        path = work / f"damaged-{name}.appliance"
        path.write_bytes(content)
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        ok = True
        for args in (["info", str(path)], ["import", str(path), str(SAMPLES)]):
            r = cli(*args)
            refused = r.returncode != 0 and "error:" in r.stderr and "Traceback" not in r.stderr + r.stdout
            ok = ok and refused
        unchanged = hashlib.sha256(path.read_bytes()).hexdigest() == before
        out["damaged_files"] += 1
        out["damaged_refused"] += ok and unchanged
        out["details"][name] = {"refused": ok, "unchanged": unchanged}
    return out


EGRESS_GUARD = """
import runpy, sys, json, os
hits = []
def hook(event, args):
    if event in %r:
        hits.append(event)
sys.addaudithook(hook)
sys.argv = ["appliance"] + json.loads(os.environ["BENCH_ARGS"])
try:
    runpy.run_module("appliance", run_name="__main__")
except SystemExit:
    pass
finally:
    with open(os.environ["BENCH_EGRESS_OUT"], "a") as f:
        f.write(json.dumps(hits) + "\\n")
""" % (EGRESS_EVENTS,)


def egress(work: Path, quick: bool) -> dict:
    """Every network event seen while the CLI runs the demo chain and shows every verb's help."""
    from appliance.cli import build_parser

    log = work / "egress.jsonl"
    guard = work / "egress_guard.py"
    guard.write_text(EGRESS_GUARD, encoding="utf-8")
    verbs = sorted(build_parser()._subparsers._group_actions[0].choices)
    runs = [[v, "--help"] for v in verbs] + [["demo", "--no-gui", "--project", str(work / "demo.appliance")]]
    for args in runs:
        subprocess.run([PY, str(guard)], capture_output=True, text=True, timeout=3600,
                       env={**os.environ, "BENCH_ARGS": json.dumps(args), "BENCH_EGRESS_OUT": str(log),
                            "APPLIANCE_PASSPHRASE": "bench"})
    lines = [json.loads(x) for x in log.read_text().splitlines()] if log.exists() else []
    return {"egress_runs": len(runs), "egress_runs_reported": len(lines), "egress_attempts": sum(len(x) for x in lines)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer kills and copies (CI)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    kills, copies = (2, 4) if args.quick else (10, 20)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="reliability-") as tmp:
        work = Path(tmp)
        k = run_kills(work, kills, copies, args.seed)
        d = damaged_files(work)
        e = egress(work, args.quick)
    stages = k["stages"]
    out = {"kills": sum(s["kills"] for s in stages.values()),
           "kills_recovered": sum(s["recovered"] for s in stages.values()),
           "state_mismatches": sum(s["mismatches"] for s in stages.values()),
           "damaged_files": d["damaged_files"], "damaged_refused": d["damaged_refused"],
           "egress_attempts": e["egress_attempts"], "egress_runs": e["egress_runs"],
           "per_stage": stages, "stage_seconds": k["seconds"], "damaged": d["details"],
           "seconds": round(time.monotonic() - started, 1), "quick": args.quick}
    if args.json:
        print(json.dumps(out))
        return 0
    print(f"{'fault':<34}{'tried':>8}{'passed':>8}")
    for stage, s in stages.items():
        print(f"{'kill -9 during ' + stage:<34}{s['kills']:>8}{s['recovered']:>8}")
    print(f"{'damaged project files':<34}{d['damaged_files']:>8}{d['damaged_refused']:>8}")
    print(f"{'egress attempts (runs: ' + str(e['egress_runs']) + ')':<34}{e['egress_attempts']:>8}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
