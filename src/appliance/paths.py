"""Where things live: bundled resources, the user's data directory and cache (platformdirs)."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "appliance"


def resources_dir() -> Path:
    """Bundled resources: inside the installed wheel, or the repository's resources/ folder."""
    packaged = Path(__file__).resolve().parent / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"


def samples_dir() -> Path:
    return resources_dir() / "samples"


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


#: Environment variable that moves the cache (tests, shared machines, a bigger disk).
CACHE_ENV = "APPLIANCE_CACHE_DIR"


def cache_dir() -> Path:
    """Derived data that can be rebuilt at any time (e.g. embeddings of a judged corpus):
    ``$APPLIANCE_CACHE_DIR`` when set, else the user cache folder (``~/.cache/appliance`` on Linux)."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


#: Environment variable that moves the log folder (tests, a shared machine).
LOG_ENV = "APPLIANCE_LOG_DIR"


def user_log_dir() -> Path:
    """Log files of the desktop app: ``$APPLIANCE_LOG_DIR`` when set, else the user log folder
    (``~/.local/state/appliance/log`` on Linux)."""
    env = os.environ.get(LOG_ENV)
    return Path(env) if env else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def default_demo_project() -> Path:
    return user_data_dir() / "projects" / "demo.appliance"
