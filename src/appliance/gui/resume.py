"""The window's banner for interrupted jobs: a job still 'running' when the project was opened again was
killed (the core marks it ``interrupted`` on open); the banner names it and leads to its page, which
resumes it (Train: from the last checkpoint; the other stages: running them again continues)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from appliance.gui.operations import QueryOp
from appliance.gui.widgets import MessageBanner

#: job kind -> the wizard page that resumes it
JOB_PAGES = {"import": "import", "pseudonymize": "pseudonymize", "translate": "translate", "questions": "questions",
             "train": "train", "evaluate": "evaluate", "index": "index"}


def interrupted_jobs(reader) -> list[dict]:
    """The kinds whose latest job was interrupted (killed), oldest first."""
    latest: dict[str, dict] = {}
    for job in reader.jobs():
        latest[job["kind"]] = job
    return [j for j in latest.values() if j["status"] == "interrupted" and j["kind"] in JOB_PAGES]


class InterruptedBanner(MessageBanner):
    """Shown above the pages while the open project has an interrupted job."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.jobs: list[dict] = []
        self._query: QueryOp | None = None
        self.page_titles: dict[str, str] = {}

    def check(self, host) -> None:
        """Read the jobs table on the reader thread and show (or hide) the banner."""
        if host.path is None:
            self.jobs = []
            self.clear()
            return
        if self._query is not None:
            return
        self._query = QueryOp(self, interrupted_jobs, host=host).success(self._show).failure(self._failed)
        self._query.run_in_background()

    def _failed(self, _error) -> None:
        self._query = None

    def _show(self, jobs: list[dict]) -> None:
        self._query = None
        self.jobs = jobs
        if not jobs:
            self.clear()
            return
        names = [self.page_titles.get(JOB_PAGES[j["kind"]], j["kind"]) for j in jobs]
        text = QCoreApplication.translate(
            "InterruptedBanner", "Interrupted: %1. The app was closed or the computer stopped while it ran; what it "
            "saved is kept, and its page can resume it.").replace("%1", ", ".join(names))
        first = JOB_PAGES[jobs[-1]["kind"]]
        self.show_message(text, "warning", first,
                          QCoreApplication.translate("InterruptedBanner", "&Resume on the %1 page").replace(
                              "%1", self.page_titles.get(first, first)))
