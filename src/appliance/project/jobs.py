"""Long work as jobs: progress reporting and cancellation shared by the CLI and the GUI.

A stage function takes a :class:`JobControl` (napari's idea: a Qt-free progress object that a user
interface subscribes to). The CLI passes one that drives a terminal progress bar; the GUI passes one
whose callbacks emit Qt signals and whose cancel flag is set by a button. The core never knows which,
and never prints.

- ``progress(done, total, message)``: called between units of work; ``total == 0`` means the amount
  is not known yet (an indeterminate bar: loading a model, measuring the step time).
- ``on_phase(label)``: a new phase of the job begins ("Loading the model", "Training"); progress
  counts restart with it, and so does the ETA.
- ``cancel()`` (from any thread) sets a flag that the job checks with :meth:`check` between units of
  work; it then raises :class:`Cancelled` and keeps what it committed.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

ProgressCallback = Callable[[int, int, str], None]
PhaseCallback = Callable[[str], None]


class Cancelled(Exception):
    """Raised inside a job when the user asked to stop; work committed so far is kept.

    ``next_step`` ("resume"): how to continue, where running the same stage again is not enough."""

    def __init__(self, next_step: str | None = None):
        super().__init__("stopped")
        self.next_step = next_step


@dataclass
class JobControl:
    """Progress, phases and cancellation of one job (see the module docstring)."""

    #: called with (done, total, message); total 0: amount not known
    progress: Optional[ProgressCallback] = None
    #: called with a short label when a new phase of the job begins
    on_phase: Optional[PhaseCallback] = None
    #: called with a short label when a phase of a sub-job begins (see :meth:`child`); None: like ``on_phase``
    on_subphase: Optional[PhaseCallback] = None
    #: set by :meth:`cancel`; may be shared with another JobControl (a sub-job of the same run)
    cancel_event: threading.Event = field(default_factory=threading.Event)
    _started: float = field(default_factory=time.monotonic)

    def report(self, done: int, total: int, message: str = "") -> None:
        if self.progress is not None:
            self.progress(done, total, message)

    def phase(self, label: str, total: int = 0) -> None:
        """Begin a new phase: tell the subscriber, restart the ETA clock, and report 0 of ``total``."""
        self._started = time.monotonic()
        if self.on_phase is not None:
            self.on_phase(label)
        self.report(0, total, "")

    def child(self) -> "JobControl":
        """A control for a stage run inside this job (the demo's steps): the same progress subscriber and
        cancel flag; its phases go to ``on_subphase`` so a front end can tell them from the job's own."""
        return JobControl(progress=self.progress, on_phase=self.on_subphase or self.on_phase,
                          on_subphase=self.on_subphase, cancel_event=self.cancel_event)

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
        """Seconds left at the rate of the current phase so far; None while unknown."""
        if done <= 0 or total <= 0:
            return None
        elapsed = time.monotonic() - self._started
        return elapsed / done * (total - done)
