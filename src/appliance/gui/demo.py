"""``appliance demo`` with a display: the app opens on the demo project and runs the demo chain there
(import the sample reports, pseudonymize irreversibly, heuristic questions, a short training, base vs
tuned on the samples' judged searches), with its progress on the Project page; then it shows Evaluate."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from appliance.pipeline.demo import DEMO_STEPS, DemoOptions, run_demo


def start_demo(window, steps: int = DEMO_STEPS):
    """Queue the demo chain on the window's project (after the open that is queued before it)."""
    from appliance.gui.operations import StageOp

    page = window.pages["project"]
    label = QCoreApplication.translate("Demo", "Running the demo on the sample reports")

    def done(report) -> None:
        window.show_page("evaluate")
        text = QCoreApplication.translate(
            "Demo", "The demo ran on %1 sample reports: they were pseudonymized, %2 search questions were written, "
            "the search model was trained for %3 steps, and both models were measured on the samples' judged searches. "
            "Go through the pages to see each step.").replace("%1", str(report.documents)).replace(
            "%2", f"{report.questions:,}").replace("%3", str(report.steps))
        window.pages["evaluate"].banner.show_message(text, "success")

    return (StageOp(page, lambda project, control: run_demo(project, DemoOptions(steps=steps), control=control))
            .with_progress(label).success(done).failure(page.banner.show_error).run_in_background())


def open_demo(path: str | Path, steps: int = DEMO_STEPS) -> int:
    """Open the app on ``path`` (an existing project file), run the demo chain in it, and run the event loop."""
    import appliance
    from appliance.gui import i18n, log
    from appliance.gui.app import create_app
    from appliance.gui.mainwindow import MainWindow, app_settings

    app = create_app()
    settings = app_settings()
    i18n.install(settings.value("language", i18n.SYSTEM), app)
    log.info("appliance %s: the desktop app starts the demo", appliance.__version__)
    window = MainWindow(settings, project=path)
    window.show()
    start_demo(window, steps)
    return app.exec()
