"""Guarantee that nothing in the appliance reaches a model hub or telemetry endpoint."""
from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


#: The libraries' own progress bars ("Loading weights", hub downloads) and advisory chatter: off unless
#: APPLIANCE_DEBUG is set. The appliance reports progress itself, through a JobControl.
QUIET_ENV = {
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TRANSFORMERS_NO_ADVISORY_WARNINGS": "1",
}


def enforce_offline() -> None:
    """Force offline mode; a value the user set elsewhere is overridden on purpose."""
    os.environ.update(OFFLINE_ENV)
    if not os.environ.get("APPLIANCE_DEBUG"):
        for key, value in QUIET_ENV.items():
            os.environ.setdefault(key, value)
