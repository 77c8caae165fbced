"""The desktop app (PySide6): the only package of the appliance that imports Qt.

Structured like Anki's ``aqt``:

- :mod:`appliance.gui.app`: ``main()``: the QApplication, translations, log, the main window.
- :mod:`appliance.gui.mainwindow`: the window: the wizard's steps on the left, one page per step,
  menus, settings (QSettings).
- :mod:`appliance.gui.operations`: runs stage functions on the one worker thread that owns the
  writable project (:class:`StageOp`) and queries on a read-only connection (:class:`QueryOp`);
  bridges :class:`appliance.project.JobControl` to Qt signals.
- :mod:`appliance.gui.widgets`: the progress panel (bar, label, ETA, Cancel), the status area and
  the message banner that pages embed.
- :mod:`appliance.gui.pages`: one module per wizard page.
- :mod:`appliance.gui.i18n`: German and English through Qt's translation system.
- :mod:`appliance.gui.log`: the log file (user log folder) that holds error details.

Pages hold no pipeline logic: they build the stage's Options, run the stage function through a
:class:`StageOp` and present its report.
"""
from __future__ import annotations
