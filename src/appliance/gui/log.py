"""The desktop app's log file, under the user log folder (:func:`appliance.paths.user_log_dir`).

What goes in: when jobs start and end, and for a failure the kind of error and where in the code it
happened (file, line, function). What never goes in: document text. Messages of
:class:`~appliance.project.ProjectError` are safe by contract and are logged; the message of any other
exception may quote a document (a library error that repeats its input), so it is logged only when
``APPLIANCE_DEBUG`` is set, like the CLI shows it only then.
"""
from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from pathlib import Path

from appliance.paths import user_log_dir
from appliance.project import ProjectError

LOG_NAME = "appliance-gui.log"
logger = logging.getLogger("appliance.gui")
_handler: logging.Handler | None = None


def log_dir() -> Path:
    return user_log_dir()


def log_file() -> Path:
    """The log file; set up on first use (a rotating file of at most 5 x 1 MB)."""
    global _handler
    path = log_dir() / LOG_NAME
    if _handler is not None and Path(getattr(_handler, "baseFilename", "")) != path:
        logger.removeHandler(_handler)  # the folder moved (tests)
        _handler.close()
        _handler = None
    if _handler is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        _handler = logging.handlers.RotatingFileHandler(path, maxBytes=1 << 20, backupCount=5, encoding="utf-8")
        _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(message)s"))
        logger.addHandler(_handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return path


def info(message: str, *args) -> None:
    log_file()
    logger.info(message, *args)


def safe_description(exc: BaseException) -> str:
    """The exception's kind, its message where that is safe, its causes, and its stack without values."""
    debug = bool(os.environ.get("APPLIANCE_DEBUG"))
    lines = []
    seen = set()
    e: BaseException | None = exc
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        kind = f"{type(e).__module__}.{type(e).__qualname__}"
        if isinstance(e, ProjectError) or debug:
            lines.append(f"{kind}: {e}")
        else:
            lines.append(f"{kind} (message withheld: it may quote document text; set APPLIANCE_DEBUG=1 to log it)")
        for frame in traceback.extract_tb(e.__traceback__):
            lines.append(f"  at {frame.filename}:{frame.lineno} in {frame.name}")
        e = e.__cause__ or e.__context__
        if e is not None:
            lines.append("caused by / while handling:")
    return "\n".join(lines)


def log_failure(label: str, exc: BaseException) -> Path:
    """Write a failed job's details to the log; returns the log file."""
    path = log_file()
    logger.error("job %r failed:\n%s", label, safe_description(exc))
    return path
