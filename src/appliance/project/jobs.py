"""Long work as jobs: progress reporting and cancellation shared by the CLI and the GUI.

A pipeline function takes a :class:`JobControl`. The CLI passes one that drives a terminal progress
bar; the GUI passes one whose callback emits a Qt signal and whose cancel flag is set by a button.
The core never knows which.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

ProgressCallback = Callable[[int, int, str], None]


class Cancelled(Exception):
    """Raised inside a job when the user asked to stop; work committed so far is kept."""


@dataclass
class JobControl:
    progress: Optional[ProgressCallback] = None
    cancel_event: threading.Event = field(default_factory=threading.Event)
    _started: float = field(default_factory=time.monotonic)

    def report(self, done: int, total: int, message: str = "") -> None:
        if self.progress is not None:
            self.progress(done, total, message)

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check(self) -> None:
        """Call between units of work: raises :class:`Cancelled` once cancel was requested."""
        if self.cancel_event.is_set():
            raise Cancelled()

    def eta_seconds(self, done: int, total: int) -> float | None:
        if done <= 0 or total <= 0:
            return None
        elapsed = time.monotonic() - self._started
        return elapsed / done * (total - done)
