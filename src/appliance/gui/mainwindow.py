"""The main window: the wizard's steps on the left, the page of the chosen step on the right, menus.

Settings (QSettings, INI format in the user's config folder): ``last_project``, ``recent_projects``,
``geometry`` and ``language`` ("system", "en" or "de").
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from appliance.gui import i18n, log
from appliance.gui.operations import ProjectHost, QueryOp
from appliance.gui.pages import PAGE_CLASSES, Page
from appliance.gui.pages.project import ProjectPage
from appliance.gui.resume import InterruptedBanner

MAX_RECENT = 8
REFRESH_WHILE_BUSY_MS = 2000


def app_settings() -> QSettings:
    """The app's settings (tests point QSettings' IniFormat user path at a temporary folder)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "appliance", "appliance")


class MainWindow(QMainWindow):
    """The wizard. ``project``: a path to open at once; otherwise the last project is reopened when it
    still exists (``reopen_last``)."""

    def __init__(self, settings: QSettings | None = None, project: str | Path | None = None, *,
                 reopen_last: bool = True, host: ProjectHost | None = None):
        super().__init__()
        self.settings = settings or app_settings()
        self.project_host = host or ProjectHost(self)
        self._closing_after_job = False
        self._refresh: QueryOp | None = None
        self.info: dict | None = None
        #: how many times the pages got fresh counts (tests wait on it)
        self.refresh_count = 0
        self.language = i18n.resolve(self.settings.value("language", i18n.SYSTEM))
        self._build_ui()
        # while a job runs, the pages' counts are read again every few seconds (on the reader connection)
        self._busy_timer = QTimer(self, interval=REFRESH_WHILE_BUSY_MS, timeout=self.refresh)
        self.project_host.project_changed.connect(self._project_changed)
        self.project_host.job_finished.connect(self._job_finished)
        self.project_host.busy_changed.connect(self._busy_changed)
        geometry = self.settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 760)
        target = project or (self.settings.value("last_project") if reopen_last else None)
        if target and (project or Path(str(target)).exists()):
            self.open_project(target)

    # ------------------------------------------------------------------ building
    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Clinical search appliance"))
        self.steps = QListWidget(self)
        self.steps.setObjectName("wizardSteps")
        self.steps.setMinimumWidth(180)
        self.steps.setMaximumWidth(260)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, Page] = {}
        for number, cls in enumerate(PAGE_CLASSES, start=1):
            if cls is ProjectPage:
                page = cls(self.project_host, self.stack, recent=self.recent_projects())
                page.project_opened.connect(self._remember_project)
            else:
                page = cls(self.project_host, self.stack)
            page.navigate.connect(self.show_page)
            self.pages[page.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(f"{number}. {page.title()}", self.steps)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
        self.steps.currentRowChanged.connect(self.stack.setCurrentIndex)
        splitter = QSplitter(self)
        splitter.addWidget(self.steps)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        # the banner for an interrupted job sits above the pages and leads to the page that resumes it
        central = QWidget(self)
        self.resume_banner = InterruptedBanner(central)
        self.resume_banner.page_titles = {key: page.title() for key, page in self.pages.items()}
        self.resume_banner.navigate.connect(self.show_page)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.resume_banner)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.steps.setCurrentRow(0)
        self._build_menus()
        for page in self.pages.values():
            page.update_status(self.info)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.clear()
        file_menu = bar.addMenu(self.tr("&File"))
        self.new_action = QAction(self.tr("&New project..."), self, shortcut=QKeySequence.StandardKey.New,
                                  triggered=self.new_project_dialog)
        self.open_action = QAction(self.tr("&Open project..."), self, shortcut=QKeySequence.StandardKey.Open,
                                   triggered=self.open_project_dialog)
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        file_menu.addSeparator()
        self.protect_action = QAction(self.tr("&Protect with a passphrase..."), self, triggered=self.protect_project)
        self.protect_action.setToolTip(self.tr("Encrypt the open project file, or change its passphrase."))
        file_menu.addAction(self.protect_action)
        file_menu.addSeparator()
        self.quit_action = QAction(self.tr("&Quit"), self, shortcut=QKeySequence.StandardKey.Quit, triggered=self.close)
        file_menu.addAction(self.quit_action)

        go_menu = bar.addMenu(self.tr("&Go"))
        for number, page in enumerate(self.pages.values(), start=1):
            action = QAction(f"&{number} {page.title()}", self, shortcut=QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _=False, key=page.key: self.show_page(key))
            go_menu.addAction(action)

        search_menu = bar.addMenu(self.tr("Sea&rch"))
        self.search_action = QAction(self.tr("&Search the reports..."), self, shortcut=QKeySequence("Ctrl+F"),
                                     triggered=self.open_search)
        search_menu.addAction(self.search_action)
        self.judge_action = QAction(self.tr("&Judged questions..."), self, triggered=self.open_judge_builder)
        search_menu.addAction(self.judge_action)

        settings_menu = bar.addMenu(self.tr("&Settings"))
        self.models_action = QAction(self.tr("&Models..."), self, triggered=self.open_models)
        settings_menu.addAction(self.models_action)
        language_menu = settings_menu.addMenu(self.tr("&Language"))
        if getattr(self, "language_group", None) is not None:
            self.language_group.deleteLater()
        self.language_group = QActionGroup(self)
        current = self.settings.value("language", i18n.SYSTEM)
        for code, name in ((i18n.SYSTEM, self.tr("System default")), *i18n.LANGUAGES.items()):
            action = QAction(name, self, checkable=True)
            action.setData(code)
            action.setChecked(code == current)
            self.language_group.addAction(action)
            language_menu.addAction(action)
        self.language_group.triggered.connect(lambda a: self.set_language(a.data()))

        help_menu = bar.addMenu(self.tr("&Help"))
        self.log_action = QAction(self.tr("Open &log folder"), self, triggered=self.open_log_folder)
        help_menu.addAction(self.log_action)

    # ------------------------------------------------------------------ pages
    @Slot(str)
    def show_page(self, key: str) -> None:
        if key in self.pages:
            self.steps.setCurrentRow(list(self.pages).index(key))

    def current_page(self) -> Page:
        return self.stack.currentWidget()  # type: ignore[return-value]

    # ------------------------------------------------------------------ projects
    def recent_projects(self) -> list[str]:
        value = self.settings.value("recent_projects", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    @Slot(str)
    def _remember_project(self, path: str) -> None:
        recent = [path] + [p for p in self.recent_projects() if p != path]
        self.settings.setValue("recent_projects", recent[:MAX_RECENT])
        self.settings.setValue("last_project", path)
        self.pages["project"].set_recent(recent[:MAX_RECENT])  # type: ignore[attr-defined]

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_projects()
        for number, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number} {Path(path).name}")
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_project(p))
        self.recent_menu.setEnabled(bool(recent))

    def open_project(self, path: str | Path, *, create: bool = False):
        """Open (or create) a project from the Project page, which shows how it went."""
        self.show_page("project")
        return self.pages["project"].open_path(Path(path), create=create)  # type: ignore[attr-defined]

    @Slot()
    def new_project_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("New project"), "", self.tr("Appliance projects (*.appliance)"))
        if path:
            self.open_project(path if Path(path).suffix else path + ".appliance", create=True)

    @Slot()
    def open_project_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), "", self.tr("Appliance projects (*.appliance)"))
        if path:
            self.open_project(path)

    @Slot()
    def protect_project(self) -> None:
        """Encrypt the open project (or change its passphrase) on the worker thread, then open it again."""
        if self.project_host.path is None:
            self.show_page("project")
            return
        from appliance.gui.passphrase import ask_passphrase

        name = Path(self.project_host.path).name
        passphrase = ask_passphrase(self, name, new=True)
        if passphrase is None:
            return
        encrypted = bool(self.info and self.info.get("encrypted"))
        done = (self.tr("The passphrase of “%1” is changed.") if encrypted else
                self.tr("“%1” is encrypted now. Copies made before (backups) are still plain.")).replace("%1", name)
        page = self.pages["project"]
        (self.project_host.protect_project(self, passphrase)
         .with_progress(self.tr("Encrypting the project %1").replace("%1", name))
         .success(lambda info: (page.banner.show_message(done, "success"), self.refresh()))
         .failure(page.banner.show_error)
         .run_in_background())
        self.show_page("project")

    @Slot(object)
    def _project_changed(self, path) -> None:
        name = Path(path).name if path else ""
        self.setWindowTitle(self.tr("%1 - Clinical search appliance").replace("%1", name) if name
                            else self.tr("Clinical search appliance"))
        self.refresh()
        self.resume_banner.check(self.project_host)

    @Slot(str, str)
    def _job_finished(self, label: str, state: str) -> None:
        self.refresh()
        self.resume_banner.check(self.project_host)

    def refresh(self) -> None:
        """Read the project's counts on the reader thread and give them to every page."""
        if self.project_host.path is None:
            self._apply_info(None)
            return
        QueryOp(self, lambda reader: reader.info(), host=self.project_host).success(self._apply_info).run_in_background()

    def _apply_info(self, info: dict | None) -> None:
        self.info = info
        self.refresh_count += 1
        for page in self.pages.values():
            page.update_status(info)

    # ------------------------------------------------------------------ settings and help
    def set_language(self, code: str) -> None:
        self.settings.setValue("language", code)
        self.language = i18n.install(code)
        if self.project_host.busy:
            QMessageBox.information(self, self.tr("Language"),
                                    self.tr("The new language is used once the running job has finished and the "
                                            "window is opened again."))
            return
        self.retranslate()

    def retranslate(self) -> None:
        """Build the pages and menus again in the current language (only while no job runs)."""
        key = self.current_page().key
        old = self.centralWidget()
        self._build_ui()
        old.deleteLater()
        self.show_page(key)

    @Slot()
    def open_models(self):
        """The models panel: installed models per kind, verified, and adding one from a folder."""
        from appliance.gui.models_panel import ModelsDialog

        dialog = ModelsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    @Slot()
    def open_search(self):
        """The search window on this window's project (one, raised when it is open already)."""
        from appliance.gui.search_window import SearchWindow

        if getattr(self, "search_window", None) is None:
            self.search_window = SearchWindow(self.project_host, settings=self.settings)
        self.search_window.show()
        self.search_window.raise_()
        self.search_window.activateWindow()
        return self.search_window

    def open_judge_builder(self):
        """The judged-question builder on this window's project."""
        from appliance.gui.judge_builder import show_judge_builder

        return show_judge_builder(self)

    def open_log_folder(self) -> None:
        folder = log.log_file().parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # ------------------------------------------------------------------ closing
    def confirm_stop_job(self) -> bool:
        """Ask whether to stop the running job (tests replace this)."""
        answer = QMessageBox.question(
            self, self.tr("A job is running"),
            self.tr("“%1” is still running. Stop it and close the window? What it has saved so far is kept, and "
                    "running the step again continues from there.").replace("%1", self.project_host.current.label
                                                                           if self.project_host.current else ""),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    @Slot(bool)
    def _busy_changed(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
        if not busy and self._closing_after_job:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        host = self.project_host
        if host.busy:
            if self._closing_after_job or self.confirm_stop_job():
                self._closing_after_job = True
                for op in list(host.active):
                    op.cancel()
                self.statusBar().showMessage(self.tr("Stopping the job; the window closes when it has stopped..."))
            event.ignore()
            return
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.sync()
        for window in (getattr(self, "search_window", None), getattr(self, "judge_builder", None)):
            if window is not None:
                window.close()  # they work on this window's project
        host.shutdown()
        event.accept()
        super().closeEvent(event)
