"""Word lists used by the detectors and the surrogator, loaded once and cached.

Lists live in ``resources/phi`` at the repository root (override with the environment
variable APPLIANCE_PHI_RESOURCES). If a name list file is missing we fall back to Faker's
locale data so that a bare install still works.
"""

from __future__ import annotations

import importlib
import logging
import os
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

def _resource_dir() -> Path:
    """APPLIANCE_PHI_RESOURCES, else the wheel's appliance/resources/phi, else the repository's."""
    if os.environ.get("APPLIANCE_PHI_RESOURCES"):
        return Path(os.environ["APPLIANCE_PHI_RESOURCES"])
    packaged = Path(__file__).resolve().parents[2] / "resources" / "phi"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[4] / "resources" / "phi"


RESOURCE_DIR = _resource_dir()

_FAKER_FALLBACK = {
    "first_names_de_female.txt": [("faker.providers.person.de_DE", "first_names_female")],
    "first_names_de_male.txt": [("faker.providers.person.de_DE", "first_names_male")],
    "last_names_de.txt": [("faker.providers.person.de_DE", "last_names")],
    "first_names_en_female.txt": [("faker.providers.person.en_US", "first_names_female")],
    "first_names_en_male.txt": [("faker.providers.person.en_US", "first_names_male")],
    "last_names_en.txt": [("faker.providers.person.en_US", "last_names")],
    "cities_faker.txt": [("faker.providers.address.de_DE", "cities")],
    "countries.txt": [("faker.providers.address.de_DE", "countries")],
    "states.txt": [("faker.providers.address.de_DE", "states")],
}


@lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """Entries of resources/phi/<name> (one per line, '#' comments), Faker fallback if absent."""
    path = RESOURCE_DIR / name
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        return tuple(x.strip() for x in lines if x.strip() and not x.startswith("#"))
    values: list[str] = []
    for module, attr in _FAKER_FALLBACK.get(name, []):
        try:
            values.extend(str(v) for v in getattr(importlib.import_module(module).Provider, attr, ()))
        except ImportError:
            pass
    if not values:
        log.warning("PHI resource list %s not found; detection quality will drop", name)
    return tuple(values)


@lru_cache(maxsize=None)
def word_set(name: str, lower: bool = False) -> frozenset[str]:
    items = word_list(name)
    return frozenset(x.lower() for x in items) if lower else frozenset(items)
