"""A pseudonymized model bundle for another hospital: export (with a PHI leak scan), verify and import.

A bundle is one folder (or the same folder zipped) that *is* a sentence-transformers model folder, so
``SentenceTransformer(path)`` loads it anywhere, plus:

- ``README.md``: the model card (:func:`model_card`): base model and license, training data as counts and
  document types only, the pseudonymization method with its measured recall, whether strict mode was used
  and how far the review went, the base-vs-tuned table (cross-validated where the model learned from judged
  queries), intended use, limitations, license;
- ``metrics.json``: the same figures for machines; ``base-vs-tuned.png``: the chart;
- ``bundle-manifest.json``: format, model name and the sha256 of every other file (:func:`verify_bundle`).

**The PHI leak scan** (:func:`scan_bundle`) runs on the finished bundle before it is moved into place, and
the export is refused on any hit. The strings searched are every original PHI string the pseudonymizer
found in this project (the detected spans of the original text, reviewed-out ones excepted), normalised
(case, spaces), at least ``MIN_PHI_CHARS`` long. Text files are searched whole-word; JSON files (the
tokenizer's vocabulary and added tokens, configs) string by string; ``vocab.txt`` line by line; the
safetensors files in their header (names and metadata; the tensors are numbers); other binary files byte
for byte. A string that the *base* model's own file already holds (the public vocabulary has "smith" and
"berlin") is no leak of this project and is not counted. A refusal names the file and the number of
hits, never the PHI.

Nothing here prints.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from appliance.messages import Text
from appliance.models.store import checksum_tree
from appliance.project import Project, ProjectError

__all__ = ["BUNDLE_MANIFEST", "BUNDLE_FORMAT", "ExportOptions", "ExportReport", "BundleCheck", "export_bundle",
           "verify_bundle", "import_bundle", "scan_bundle", "phi_strings", "model_card", "PhiLeak",
           "NeedsConfirmation", "pseudonymization_status"]

BUNDLE_MANIFEST = "bundle-manifest.json"
BUNDLE_FORMAT = "appliance-model-bundle/1"
CARD, METRICS, CHART = "README.md", "metrics.json", "base-vs-tuned.png"
#: shorter strings (ages, initials, "Dr") would match everywhere; they are not searched
MIN_PHI_CHARS = 4
#: binary files other than safetensors are searched byte for byte for strings at least this long
MIN_BINARY_CHARS = 6
#: labels whose strings are searched (ages and bare numbers are too short to mean anything on their own)
SCANNED_LABELS_EXCLUDED = frozenset({"AGE"})
#: the pseudonymizer's recall as measured (docs/pseudonymization.md, GraSCCo letters kept locked)
MEASURED_RECALL = {"default": 0.9950, "held_out_before_lock": 0.932,
                   "measured_on": "12 German GraSCCo letters kept locked while the rules were written "
                                  "(docs/pseudonymization.md); 0.932 on unseen letters before the lock"}


class PhiLeak(ProjectError):
    """The scan found original PHI in the bundle; ``files`` names where (never what)."""

    def __init__(self, files: dict[str, int]):
        listed = ", ".join(f"{name} ({n})" for name, n in sorted(files.items()))
        super().__init__(Text("the export was refused: original patient data was found in the bundle, in {files}. "
                              "Nothing was written; review the pseudonymization of the reports", files=listed), next_step="pseudonymize")
        self.files = files


class NeedsConfirmation(ProjectError):
    """The pseudonymization was not reviewed or not strict: the export goes ahead only when confirmed."""

    def __init__(self, reasons: list[str]):
        super().__init__(Text("confirm the export: {reasons}; the model card says so", reasons="; ".join(reasons)),
                         next_step="confirm")
        self.reasons = reasons


@dataclass
class ExportOptions:
    """What to export, where."""

    #: the bundle's folder (or .zip file with ``zip``); must not exist yet
    out: str
    #: tuned (the project's tuned model), base, or a store name / folder
    model: str = "tuned"
    #: write one .zip file instead of a folder
    zip: bool = False
    #: go ahead although the pseudonymization was not reviewed or not strict (the card says so)
    confirmed: bool = False
    #: model store folder (None: the default store)
    model_store: str | None = None


@dataclass
class ExportReport:
    #: the bundle written (a folder or a .zip file)
    path: str
    #: files in the bundle and their total size
    files: int
    bytes: int
    #: PHI strings searched, files scanned
    phi_strings: int
    scanned_files: int
    #: the reasons the export needed confirming (none: reviewed and strict)
    caveats: list[str] = field(default_factory=list)


@dataclass
class BundleCheck:
    """What :func:`verify_bundle` found."""

    path: str
    ok: bool
    files: int
    problems: list[str] = field(default_factory=list)
    model_name: str = ""


# ---------------------------------------------------------------------------- what the project knows
def _normalise(s: str) -> str:
    return " ".join(s.split()).casefold()


def phi_strings(project: Project) -> set[str]:
    """Every original PHI string of the project's detected spans (not those a reviewer rejected), normalised,
    ``MIN_PHI_CHARS`` characters or more."""
    out: set[str] = set()
    texts: dict[int, str] = {}
    for doc_id, start, end, label in project.db.execute(
            "SELECT document_id, start, \"end\", label FROM entities WHERE status != 'rejected' ORDER BY document_id"):
        if label in SCANNED_LABELS_EXCLUDED:
            continue
        if doc_id not in texts:
            texts.clear()
            row = project.db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
            texts[doc_id] = row[0] if row and row[0] else ""
        s = _normalise(texts[doc_id][start:end])
        if len(s) >= MIN_PHI_CHARS:
            out.add(s)
    return out


def pseudonymization_status(project: Project) -> dict:
    """How the project was pseudonymized: documents done, strict or not, GLiNER used, risky documents reviewed."""
    from appliance.pipeline.pseudonymize import review_overview

    detectors = [json.loads(d or "{}") for (d,) in project.db.execute("SELECT detector FROM deid_documents")]
    total = project.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    rows = review_overview(project) if detectors else []
    risky = [r for r in rows if r["risks"]]
    return {"documents": total, "pseudonymized": len(detectors),
            "strict": bool(detectors) and all(d.get("strict") for d in detectors),
            "ner": any(d.get("ner") for d in detectors),
            "risky_documents": len(risky), "risky_reviewed": sum(r["reviewed"] for r in risky),
            "reviewed": all(r["reviewed"] for r in risky),
            "mode": project.get_setting("vault.mode") or "none"}


# ---------------------------------------------------------------------------- the scan
def _json_strings(value) -> set[str]:
    out: set[str] = set()
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out.add(v)
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return out


def _units(path: Path) -> tuple[str, object]:
    """What of a file is searched: ("strings", set of strings) or ("text", str) or ("bytes", bytes)."""
    name = path.name
    data = path.read_bytes()
    if name.endswith(".safetensors") and len(data) >= 8:
        n = int.from_bytes(data[:8], "little")
        try:
            return "strings", _json_strings(json.loads(data[8:8 + n].decode("utf-8")))
        except (UnicodeDecodeError, ValueError):
            return "bytes", data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "bytes", data
    if name.endswith(".json"):
        try:
            return "strings", _json_strings(json.loads(text))
        except ValueError:
            return "text", text
    if name == "vocab.txt" or name.endswith((".vocab", "merges.txt")):
        return "strings", set(text.splitlines())
    return "text", text


def _hits(kind: str, unit, needles: set[str], base_unit) -> set[str]:
    """The needles found in ``unit`` and not already in the base model's version of the file."""
    found: set[str] = set()
    if kind == "strings":
        for s in unit:
            if base_unit is not None and s in base_unit:
                continue
            norm = _normalise(s.replace("##", "").replace("\u0120", " ").replace("\u2581", " "))
            if len(norm) < MIN_PHI_CHARS:
                continue
            found |= {n for n in needles if n in norm and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", norm)}
    elif kind == "text":
        text = _normalise(unit)
        base = _normalise(base_unit) if isinstance(base_unit, str) else ""
        for n in needles:
            if n in text and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) and n not in base:
                found.add(n)
    else:
        data = unit
        for n in needles:
            if len(n) >= MIN_BINARY_CHARS:
                b = n.encode("utf-8")
                if b in data.lower() and not (isinstance(base_unit, bytes) and b in base_unit.lower()):
                    found.add(n)
    return found


def scan_bundle(folder: str | Path, needles: set[str], base_folder: str | Path | None = None) -> dict[str, int]:
    """File (relative path) -> number of distinct PHI strings found in it; empty: nothing found."""
    folder = Path(folder)
    base = Path(base_folder) if base_folder else None
    out: dict[str, int] = {}
    if not needles:
        return out
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        kind, unit = _units(path)
        base_unit = None
        if base is not None and (base / rel).is_file() and rel != CARD:
            b_kind, b_unit = _units(base / rel)
            base_unit = b_unit if b_kind == kind else None
        found = _hits(kind, unit, needles, base_unit)
        if found:
            out[rel] = len(found)
    return out


# ---------------------------------------------------------------------------- the card
def _counts(project: Project) -> dict:
    db = project.db
    types = Counter(t or "unknown" for (t,) in db.execute("SELECT doc_type FROM documents"))
    questions = Counter(g for (g,) in db.execute("SELECT generator FROM questions"))
    return {"documents": db.execute("SELECT count(*) FROM documents").fetchone()[0],
            "sections": db.execute("SELECT count(*) FROM sections").fetchone()[0],
            "document_types": dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
            "questions": dict(sorted(questions.items())),
            "judged_queries": db.execute("SELECT count(*) FROM judged_queries").fetchone()[0]
            if "judged_queries" in db.table_names() else 0}


def _train_run(project: Project, model_rel: str | None) -> dict | None:
    if not model_rel:
        return None
    row = project.db.execute("SELECT id, config, metrics FROM runs WHERE kind = 'train' AND model_path = ? "
                             "ORDER BY id DESC LIMIT 1", [model_rel]).fetchone()
    if not row:
        return None
    return {"id": row[0], "config": json.loads(row[1] or "{}"), "metrics": json.loads(row[2] or "{}")}


def _metrics(project: Project) -> dict:
    from dataclasses import asdict

    from appliance.pipeline.report import compare_runs, validation_comparison

    comps = []
    for c in compare_runs(project):
        if not c.complete:
            continue
        d = asdict(c)
        for side in ("base", "tuned"):
            d[side] = {k: round(v, 4) for k, v in (d[side] or {}).items() if isinstance(v, (int, float))}
        d.pop("queries_file", None)
        d["corpus"] = Path(str(d.get("corpus") or "")).name
        d["qrels"] = Path(str(d.get("qrels") or "")).name
        comps.append(d)
    return {"comparisons": comps, "validation_generated_questions": validation_comparison(project)}


def model_card(project: Project, model_name: str, base_name: str, base_license: str, train: dict | None,
               metrics: dict, status: dict, created: str) -> str:
    """The bundle's README.md: what the model is, what it learned from (counts only), how it was measured."""
    counts = _counts(project)
    config = (train or {}).get("config") or {}
    lines = [f"# {model_name}", "",
             "A sentence-embedding model for searching clinical reports, fine-tuned inside one hospital on its own "
             "reports after pseudonymization, with the offline clinical search appliance. It holds no documents.", "",
             "## Base model", f"- {base_name}" + (f" (license: {base_license})" if base_license else ""), "",
             "## Training data (counts only)",
             f"- {counts['documents']:,} reports, {counts['sections']:,} sections",
             "- document types: " + (", ".join(f"{t} ({n:,})" for t, n in counts["document_types"].items()) or "none"),
             "- questions: " + (", ".join(f"{g} {n:,}" for g, n in counts["questions"].items()) or "none")]
    if config.get("judged"):
        lines.append(f"- judged queries of the hospital's staff: {len(config.get('judged_train_keys') or [])}")
    if train:
        m = train.get("metrics") or {}
        lines.append(f"- training: {m.get('steps', '?')} steps, batch {config.get('batch_size', '?')}, "
                     f"{m.get('seconds', '?')} s, merge with the base model {config.get('merge_base', 1)}")
    lines += ["", "## Pseudonymization",
              "- method: rules and name lists" + (" and a GLiNER model" if status["ner"] else "")
              + f"; map: {status['mode']}",
              f"- strict mode: {'yes' if status['strict'] else 'NO (capitalised words that are no ordinary word were not all replaced)'}",
              f"- review: {status['risky_reviewed']} of {status['risky_documents']} documents flagged for review were "
              f"reviewed" + ("" if status["reviewed"] else " (NOT fully reviewed)"),
              f"- measured recall of the rules: {MEASURED_RECALL['default']:.3f} on {MEASURED_RECALL['measured_on']}. "
              "Recall on this hospital's reports was not measured here.",
              "- leak scan: every original PHI string the pseudonymizer found in this project was searched in every "
              "file of this bundle (vocabulary and added tokens included) before export; none was found."]
    lines += ["", "## Evaluation: base vs tuned", ""]
    comps = metrics.get("comparisons") or []
    if comps:
        lines += ["| judged set | search | queries | base mAP@100 | tuned mAP@100 | tuned/base | difference, 95% interval |",
                  "|---|---|---|---|---|---|---|"]
        for c in comps:
            b, t = c["base"].get("map@100"), c["tuned"].get("map@100")
            ci = c.get("delta_ci")
            interval = f"{t - b:+.3f} ({ci[0]:+.3f} to {ci[1]:+.3f})" if ci and b is not None and t is not None else "-"
            ratio = f"{t / b:.2f}" if b and t is not None else "-"
            lines.append(f"| {c['label']} | {c['mode']} | {c['queries']} | {b:.3f} | {t:.3f} | {ratio} | {interval} |")
        if any("cross-validated" in c["label"] for c in comps):
            lines += ["", "Rows marked cross-validated: the model learned from those judged queries, so each query was "
                      "measured by a fold model that never saw it; this is an estimate for this model, not a figure "
                      "measured on it."]
        lines += ["", f"![base vs tuned]({CHART})"]
    else:
        lines.append("Not measured on judged queries.")
    lines += ["", "## Intended use",
              "Semantic search over clinical reports like the ones it was trained on (same language after "
              "translation, similar document types), in hybrid with keyword search. Measure it on your own judged "
              "queries before you adopt it.", "",
              "## Limitations",
              "- Trained on one hospital's reports: other document types, specialties or writing styles may be served "
              "worse than by the base model.",
              "- Pseudonymization is automatic and not perfect; the leak scan can only find what the pseudonymizer "
              "found. Do not use the model to reconstruct text.",
              "- Not a medical device; not for diagnosis.", "",
              "## License",
              f"Weights derived from {base_name}" + (f" ({base_license})" if base_license else "") +
              "; the terms of the base model apply.", "",
              f"Exported {created}."]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- export
def _model_folder(project: Project, spec: str, store: str | None) -> tuple[Path, str | None]:
    from appliance.models.project_models import TUNED_SETTING, resolve_embedding_model

    path = resolve_embedding_model(spec, project, store)
    rel = project.get_setting(TUNED_SETTING) if spec == "tuned" else None
    return Path(path), rel


def _base_info(train: dict | None, store: str | None) -> tuple[Path | None, str, str]:
    from appliance.models import ModelStore

    name = ((train or {}).get("config") or {}).get("base_model")
    s = ModelStore(store)
    try:
        path = s.resolve(name, "embedding")
    except ProjectError:
        return None, name or "unknown", ""
    info = next((m for m in s.list("embedding") if Path(m.path) == Path(path)), None)
    license = (info.license if info else "") or ("apache-2.0" if info is not None and info.builtin else "")
    return Path(path), (info.name if info else Path(path).name), license


def export_bundle(project: Project, options: ExportOptions) -> ExportReport:
    """Write the bundle (see the module docstring); refused on a PHI hit (:class:`PhiLeak`) or, unless
    ``confirmed``, when the pseudonymization was not reviewed or not strict (:class:`NeedsConfirmation`)."""
    out = Path(options.out)
    if options.zip and out.suffix != ".zip":
        out = out.with_suffix(".zip")
    if out.exists():
        raise ProjectError(Text("'{name}' already exists; choose a new name for the bundle", name=out.name))
    status = pseudonymization_status(project)
    if status["pseudonymized"] < status["documents"]:
        raise ProjectError("pseudonymize every report before exporting a model", next_step="pseudonymize")
    caveats = []
    if not status["reviewed"]:
        caveats.append(Text("{n} of {total} documents flagged for review were not reviewed",
                            n=status["risky_documents"] - status["risky_reviewed"], total=status["risky_documents"]))
    if not status["strict"]:
        caveats.append(Text("the pseudonymization did not use strict mode"))
    if caveats and not options.confirmed:
        raise NeedsConfirmation(caveats)
    model_path, rel = _model_folder(project, options.model, options.model_store)
    train = _train_run(project, rel)
    base_path, base_name, base_license = _base_info(train, options.model_store)
    name = f"{project.path.stem}-{options.model}" if options.model in ("tuned", "base") else Path(str(options.model)).name
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "model"
    created = datetime.now(timezone.utc).isoformat(timespec="seconds")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".bundle-", dir=out.parent))
    try:
        folder = work / name
        shutil.copytree(model_path, folder, ignore=shutil.ignore_patterns("appliance-model.json", "checkpoint-*",
                                                                          "__pycache__"))
        metrics = _metrics(project)
        from appliance.pipeline.report import compare_runs, save_chart

        if save_chart([c for c in compare_runs(project) if c.complete], folder / CHART) is None:
            metrics["chart"] = None
        card = model_card(project, name, base_name, base_license, train, metrics, status, created)
        if caveats:
            card = card.replace("## Base model", "## Caveats confirmed at export\n" +
                                "\n".join(f"- {c}" for c in caveats) + "\n\n## Base model", 1)
        (folder / CARD).write_text(card, encoding="utf-8")
        info = {"format": BUNDLE_FORMAT, "model_name": name, "created": created, "base_model": base_name,
                "base_license": base_license, "pseudonymization": status, "caveats": [str(c) for c in caveats],
                "train_run": (train or {}).get("id"), **metrics}
        (folder / METRICS).write_text(json.dumps(info, indent=2, sort_keys=True, default=str), encoding="utf-8")
        needles = phi_strings(project)
        leaks = scan_bundle(folder, needles, base_path)
        if leaks:
            raise PhiLeak(leaks)
        files = checksum_tree(folder)
        manifest = {"format": BUNDLE_FORMAT, "model_name": name, "created": created, "files": files}
        (folder / BUNDLE_MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        if options.zip:
            tmp_zip = work / "bundle.zip"
            with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as z:
                for p in sorted(folder.rglob("*")):
                    if p.is_file():
                        z.write(p, p.relative_to(folder).as_posix())
            os.replace(tmp_zip, out)
        else:
            os.replace(folder, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    project.audit("export-bundle", model=options.model, files=len(files) + 1, bytes=size, phi_strings=len(needles),
                  zip=options.zip, confirmed=bool(caveats))
    return ExportReport(str(out), len(files) + 1, size, len(needles), len(files), [str(c) for c in caveats])


# ---------------------------------------------------------------------------- verify and import
class _Opened:
    """A bundle folder, or a .zip extracted into a temporary folder for as long as it is used."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._tmp: str | None = None

    def __enter__(self) -> Path:
        if self.path.is_dir():
            return self.path
        if not self.path.is_file():
            raise ProjectError(Text("there is no bundle at '{name}'", name=self.path.name))
        if not zipfile.is_zipfile(self.path):
            raise ProjectError(Text("'{name}' is neither a bundle folder nor a .zip bundle", name=self.path.name))
        self._tmp = tempfile.mkdtemp(prefix="bundle-")
        with zipfile.ZipFile(self.path) as z:
            for member in z.infolist():
                target = (Path(self._tmp) / member.filename).resolve()
                if not str(target).startswith(str(Path(self._tmp).resolve()) + os.sep):
                    raise ProjectError(Text("'{name}' holds a file outside the bundle; it was not opened",
                                            name=self.path.name))
            z.extractall(self._tmp)
        return Path(self._tmp)

    def __exit__(self, *exc) -> None:
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)


def _check(folder: Path, path: str) -> BundleCheck:
    manifest_path = folder / BUNDLE_MANIFEST
    if not manifest_path.is_file():
        return BundleCheck(path, False, 0, [f"no {BUNDLE_MANIFEST}: not a model bundle"])
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        expected = dict(manifest["files"])
    except (ValueError, KeyError, TypeError):
        return BundleCheck(path, False, 0, [f"{BUNDLE_MANIFEST} is damaged"])
    problems = []
    if manifest.get("format") != BUNDLE_FORMAT:
        problems.append(f"unknown bundle format {manifest.get('format')!r}")
    actual = {k: v for k, v in checksum_tree(folder).items() if k != BUNDLE_MANIFEST}
    for rel, digest in sorted(expected.items()):
        if rel not in actual:
            problems.append(f"missing file {rel}")
        elif actual[rel] != digest:
            problems.append(f"checksum mismatch {rel}")
    problems += [f"unexpected file {rel}" for rel in sorted(set(actual) - set(expected))]
    return BundleCheck(path, not problems, len(expected), problems, str(manifest.get("model_name") or ""))


def verify_bundle(path: str | Path) -> BundleCheck:
    """Every file's sha256 against the bundle's manifest: a changed, missing or added file is named."""
    with _Opened(path) as folder:
        return _check(folder, str(path))


def import_bundle(path: str | Path, *, name: str | None = None, store: str | None = None):
    """Verify the bundle, then add it to the model store as an embedding model (its card stays with it), usable
    for indexing, search and as the base model of further training. Returns the store's ModelInfo."""
    from appliance.models import ModelStore

    with _Opened(path) as folder:
        check = _check(folder, str(path))
        if not check.ok:
            raise ProjectError(Text("the bundle '{name}' failed its check ({problem}); it was not imported",
                                    name=Path(path).name, problem=check.problems[0]))
        try:
            info = json.loads((folder / METRICS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            info = {}
        return ModelStore(store).add(folder, "embedding", name=name or check.model_name or None,
                                     license=str(info.get("base_license") or ""),
                                     description=_description(info))


def _description(info: dict) -> str:
    """One line for the model list: what the bundle's card says it is and how it measured."""
    parts = [f"bundle from {info.get('created', '?')[:10]}, base {info.get('base_model', '?')}"]
    for c in info.get("comparisons") or []:
        b, t = (c.get("base") or {}).get("map@100"), (c.get("tuned") or {}).get("map@100")
        if b and t is not None:
            parts.append(f"{c.get('label')}, {c.get('mode')}: mAP@100 {b:.3f} -> {t:.3f}")
            break
    return "; ".join(parts)
