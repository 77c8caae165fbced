"""Where things live: bundled resources and the user's data directory (platformdirs)."""
from __future__ import annotations

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


def default_demo_project() -> Path:
    return user_data_dir() / "projects" / "demo.appliance"
