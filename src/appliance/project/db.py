"""The project file: one SQLite database (WAL mode) per project, opened through sqlite-utils.

A project opened for writing holds an OS-level lock on ``<file>.lock``, so that a second window or
command gets a clear "project is in use" message instead of interleaving writes. The lock is
released by the operating system if the process dies, so a killed run never leaves a stale lock.
"""
from __future__ import annotations

import getpass
import json
import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

import filelock
import sqlite_utils

from appliance.messages import Text
from appliance.project import encryption
from appliance.project.encryption import DB_ERRORS
from appliance.project.jobs import Cancelled
from appliance.project.schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION


class ProjectError(Exception):
    """An error whose message is safe to show to a user (never contains document text).

    ``next_step`` names what the user should do first, as a code from :data:`NEXT_STEPS` (``None``:
    nothing in particular). Messages never contain commands: the CLI turns the code into "run
    `appliance pseudonymize P`", the desktop app into a button that opens that page.
    """

    def __init__(self, message: str, next_step: str | None = None):
        super().__init__(message)
        if next_step is not None and next_step not in NEXT_STEPS:
            raise ValueError(f"unknown next step {next_step!r}")
        self.next_step = next_step


#: What an error can ask the user to do first: the stage (or action) of that name.
NEXT_STEPS = ("init", "import", "pseudonymize", "translate", "questions", "train", "evaluate", "compare",
              "index", "add-model", "resume", "force", "confirm", "passphrase")


class ProjectInUse(ProjectError):
    pass


class ProjectTooNew(ProjectError):
    pass


class NotAProject(ProjectError):
    pass


class PassphraseRequired(NotAProject):
    """An encrypted project file (or one that is not a project: without the key they look alike) and no
    passphrase was given; the CLI and the app ask for one.

    ``path``: the project file (set where it is raised on opening), so that the asker can retry it."""

    path: Path | None = None


class WrongPassphrase(NotAProject):
    path: Path | None = None


class DamagedProject(ProjectError):
    pass


#: projects up to this size are checked (``PRAGMA quick_check``, about 10 s per GB here) every time they are
#: opened, so that a damaged file is refused before anything writes to it; larger ones only on ``appliance
#: check`` (not yet) and when SQLite meets a damaged page
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (e.g. some service accounts)
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def audit_row(action: str, **details: Any) -> dict:
    """One row of the audit table: when, who, what (counts and options only)."""
    return {"at": now_iso(), "os_user": os_user(), "action": action, "details": json.dumps(details, sort_keys=True)}


class JobRecord:
    """The row of a running job: progress updates and the message stored when it ends."""

    def __init__(self, project: "Project", job_id: int):
        self.project = project
        self.id = job_id
        self.message = ""

    def update(self, done: int, total: int, message: str = "") -> None:
        self.project.update_job(self.id, done, total, message)


class Project:
    """An open project file. Use :meth:`create` or :meth:`open`, ideally as a context manager.

    Threading contract (what the desktop app relies on):

    - **One thread owns the writable project.** A project opened for writing holds the file's lock
      and one SQLite connection; every stage function runs on the thread that owns it (the GUI's
      single worker thread, like Anki's collection thread). Other threads never call it while a job
      runs; they ask the owner thread to do the work.
    - **Readers use a connection of their own.** :meth:`reader` (or ``Project.open(path,
      readonly=True)``) opens a second, read-only connection that takes no lock; thanks to WAL mode
      it sees every committed transaction of the running job and never blocks it. Overview pages
      read counts through it while a job runs. A reader is used by one thread at a time too.
    - Cancelling is thread-safe: :meth:`JobControl.cancel` only sets an event the job checks.
    """

    def __init__(self, path: Path, db: sqlite_utils.Database, lock: filelock.BaseFileLock | None,
                 passphrase: str | None = None):
        self.path = path
        self.db = db
        self._lock = lock
        #: the passphrase the file was opened with (None: a plain file); it also opens the pseudonym map
        self.passphrase = passphrase

    @property
    def encrypted(self) -> bool:
        return self.passphrase is not None

    # ------------------------------------------------------------------ opening and closing
    @classmethod
    def create(cls, path: str | os.PathLike, *, passphrase: str | None = None) -> "Project":
        """A new project file; with ``passphrase``, encrypted from its first byte (:mod:`.encryption`)."""
        path = Path(path)
        if path.exists():
            raise ProjectError(Text("'{path}' already exists; open it instead of creating it.", path=path))
        path.parent.mkdir(parents=True, exist_ok=True)
        return cls.open(path, create=True, passphrase=passphrase, encrypt=passphrase is not None)

    @classmethod
    def _connect(cls, path: Path, passphrase: str | None, *, readonly: bool, encrypt: bool = False):
        """A connection to a plain file (standard sqlite3), or to an encrypted one with its key checked."""
        if not (encrypt or encryption.is_encrypted(path)):
            if readonly:
                return sqlite3.connect(f"file:{path.resolve().as_posix()}?mode=ro", uri=True, check_same_thread=False), None
            return sqlite3.connect(str(path), timeout=30, check_same_thread=False), None
        passphrase = encryption.known_passphrase(path, passphrase)
        if passphrase is None:
            error: ProjectError = PassphraseRequired(
                Text("'{path}' is encrypted (or it is not an appliance project file): its passphrase is needed "
                     "to open it.", path=path.name), next_step="passphrase")
            error.path = path
            raise error
        try:
            conn = encryption.connect(path, passphrase, readonly=readonly)
        except encryption.UnusablePassphrase as e:
            raise ProjectError(Text("A passphrase cannot be empty or contain a NUL character.") if "NUL" in str(e) else
                               Text("This installation cannot open encrypted projects (the sqlcipher3 package is "
                                    "missing).")) from None
        if not encryption.check_passphrase(conn):
            conn.close()
            error = WrongPassphrase(Text("The passphrase does not open '{path}' (or the file is not an appliance "
                                         "project); nothing was changed.", path=path.name), next_step="passphrase")
            error.path = path
            raise error
        return conn, passphrase

    @classmethod
    def open(cls, path: str | os.PathLike, *, readonly: bool = False, create: bool = False,
             passphrase: str | None = None, encrypt: bool = False) -> "Project":
        """Open a project file. An encrypted one needs its passphrase: ``passphrase``, one remembered in this
        process, or ``APPLIANCE_PASSPHRASE`` (:func:`appliance.project.encryption.known_passphrase`)."""
        path = Path(path)
        if not path.exists() and not create:
            raise ProjectError(Text("There is no project at '{path}'.", path=path), next_step="init")
        if readonly:
            conn, passphrase = cls._connect(path, passphrase, readonly=True)
            project = cls(path, sqlite_utils.Database(conn), None, passphrase)
            try:
                project._check_identity(allow_empty=False)
                project._check_version()
                project._check_intact()
            except BaseException:
                conn.close()
                raise
            return project

        lock = filelock.FileLock(str(path) + ".lock", timeout=0)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise ProjectInUse(
                Text("The project '{path}' is in use by another appliance window or command. Close it there and try "
                     "again (reading it with 'appliance info' still works).", path=path.name)
            ) from None
        try:
            conn, passphrase = cls._connect(path, passphrase, readonly=False, encrypt=encrypt)
            db = sqlite_utils.Database(conn)
            project = cls(path, db, lock, passphrase)
            project._check_identity(allow_empty=create)
            project._check_version()
            project._check_intact()
            db.enable_wal()
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA foreign_keys = ON")
            project._migrate()
            project._mark_interrupted_jobs()
        except BaseException:
            lock.release()
            raise
        return project

    def reader(self) -> "Project":
        """A second, read-only connection to this project's file (see the threading contract)."""
        return Project.open(self.path, readonly=True, passphrase=self.passphrase)

    def close(self) -> None:
        if self.db is not None:
            self.db.conn.close()
            self.db = None  # type: ignore[assignment]
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def readonly(self) -> bool:
        return self._lock is None

    @property
    def artefact_dir(self) -> Path:
        """Folder next to the project file for large artefacts (models, index files)."""
        d = self.path.with_name(self.path.name + ".artefacts")
        if not self.readonly:
            d.mkdir(exist_ok=True)
        return d

    # ------------------------------------------------------------------ schema
    def _check_identity(self, allow_empty: bool) -> None:
        try:
            app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
            tables = self.db.table_names()
        except DB_ERRORS:
            raise NotAProject(Text("'{path}' is not an appliance project file.", path=self.path.name)) from None
        if app_id == APPLICATION_ID:
            return
        if allow_empty and app_id == 0 and not tables:
            return
        raise NotAProject(Text("'{path}' is not an appliance project file.", path=self.path.name))

    def _check_intact(self) -> None:
        """Refuse a damaged file before anything reads or writes it (small files: every open)."""
        try:
            if self.path.stat().st_size > QUICK_CHECK_MAX_BYTES:
                return
            result = self.db.execute("PRAGMA quick_check(1)").fetchone()[0]
        except DB_ERRORS:
            result = "unreadable"
        except OSError:
            return
        if result != "ok":
            raise DamagedProject(Text("'{path}' is damaged (the database check failed); it was not changed. Restore it "
                                      "from a backup.", path=self.path.name))

    @property
    def schema_version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _check_version(self) -> None:
        if self.schema_version > SCHEMA_VERSION:
            raise ProjectTooNew(
                Text("'{path}' was written by a newer version of the appliance (project format {found}; this "
                     "version reads up to {supported}). Update the appliance to open it; the file was not "
                     "changed.", path=self.path.name, found=self.schema_version, supported=SCHEMA_VERSION)
            )

    def _migrate(self) -> None:
        version = self.schema_version
        for target, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.db.atomic():
                migration(self.db)
                self.db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self.db.execute(f"PRAGMA user_version = {target}")
            if target > 1:
                self.audit("migrate", to_version=target)

    # ------------------------------------------------------------------ audit and settings
    def audit(self, action: str, **details: Any) -> None:
        """Record what was done, when and by whom. Callers pass counts and options, never PHI."""
        with self.db.atomic():
            self.db["audit"].insert(audit_row(action, **details))

    def audit_log(self) -> list[dict]:
        return list(self.db["audit"].rows_where(order_by="id"))

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.db.atomic():
            self.db["settings"].upsert({"key": key, "value": value}, pk="key")

    def delete_setting(self, key: str) -> None:
        with self.db.atomic():
            self.db.execute("DELETE FROM settings WHERE key = ?", [key])

    # ------------------------------------------------------------------ jobs
    def _mark_interrupted_jobs(self) -> None:
        """Jobs still 'running' when the lock was free were killed: mark them so the UI can offer resume."""
        with self.db.atomic():
            self.db.execute(
                "UPDATE jobs SET status = 'interrupted', finished_at = ? WHERE status = 'running'", [now_iso()]
            )

    def start_job(self, kind: str, params: dict | None = None, total: int = 0) -> int:
        with self.db.atomic():
            row = self.db["jobs"].insert(
                {
                    "kind": kind,
                    "status": "running",
                    "params": json.dumps(params or {}, sort_keys=True),
                    "done": 0,
                    "total": total,
                    "message": "",
                    "pid": os.getpid(),
                    "os_user": os_user(),
                    "started_at": now_iso(),
                    "updated_at": now_iso(),
                }
            )
        return row.last_pk

    def update_job(self, job_id: int, done: int, total: int, message: str = "") -> None:
        with self.db.atomic():
            self.db["jobs"].update(job_id, {"done": done, "total": total, "message": message, "updated_at": now_iso()})

    def finish_job(self, job_id: int, status: str, message: str = "") -> None:
        with self.db.atomic():
            self.db["jobs"].update(job_id, {"status": status, "message": message, "finished_at": now_iso()})

    @contextmanager
    def job(self, kind: str, params: dict | None = None, total: int = 0) -> Iterator["JobRecord"]:
        """Record one run of a stage: 'done' when the block ends, 'cancelled' when the user stopped it,
        'failed' on any other error. ``record.message`` (counts, never PHI) is stored with the status."""
        record = JobRecord(self, self.start_job(kind, params, total))
        try:
            yield record
        except (Cancelled, KeyboardInterrupt):
            self.finish_job(record.id, "cancelled", record.message)
            raise
        except BaseException:
            self.finish_job(record.id, "failed", record.message)
            raise
        self.finish_job(record.id, "done", record.message)

    def jobs(self, kind: str | None = None) -> list[dict]:
        where, args = ("kind = ?", [kind]) if kind else (None, None)
        return list(self.db["jobs"].rows_where(where, args, order_by="id"))

    # ------------------------------------------------------------------ documents and sections
    def has_document(self, uid: str) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE uid = ?", [uid]).fetchone() is not None

    def add_document(self, document: dict, sections: Iterable[dict]) -> int:
        """Insert one document with its sections in one transaction (a kill never leaves half a document)."""
        with self.db.atomic():
            doc_id = self.db["documents"].insert({**document, "imported_at": now_iso()}).last_pk
            self.db["sections"].insert_all({**s, "document_id": doc_id} for s in sections)
        return doc_id

    def delete_document(self, document_id: int) -> None:
        """Remove a document and everything derived from it, in one transaction."""
        with self.db.atomic():
            self.db.execute(
                "DELETE FROM section_texts WHERE section_id IN (SELECT id FROM sections WHERE document_id = ?)",
                [document_id],
            )
            self.db.execute(
                "DELETE FROM question_progress WHERE section_id IN (SELECT id FROM sections WHERE document_id = ?)",
                [document_id],
            )
            for table in ("questions", "entities", "deid_documents", "judgments", "sections"):
                self.db.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])
            self.db.execute("DELETE FROM documents WHERE id = ?", [document_id])

    def document(self, document_id: int) -> dict:
        return self.db["documents"].get(document_id)

    def documents(self, where: str | None = None, args: list | None = None) -> Iterator[dict]:
        return self.db["documents"].rows_where(where, args, order_by="id")

    def sections(self, document_id: int | None = None) -> Iterator[dict]:
        if document_id is None:
            return self.db["sections"].rows_where(order_by="document_id, ord")
        return self.db["sections"].rows_where("document_id = ?", [document_id], order_by="ord")

    def info(self) -> dict:
        """Counts for `appliance info` and the GUI's overview page."""
        q = lambda sql: self.db.execute(sql).fetchone()[0]  # noqa: E731
        by_lang = dict(self.db.execute("SELECT coalesce(language, '?'), count(*) FROM documents GROUP BY 1").fetchall())
        by_type = dict(self.db.execute("SELECT coalesce(doc_type, '?'), count(*) FROM documents GROUP BY 1").fetchall())
        return {
            "path": str(self.path),
            "schema_version": self.schema_version,
            "encrypted": self.encrypted,
            "documents": q("SELECT count(*) FROM documents"),
            "sections": q("SELECT count(*) FROM sections"),
            "languages": by_lang,
            "doc_types": by_type,
            "patients": q("SELECT count(DISTINCT patient_id) FROM documents WHERE patient_id IS NOT NULL"),
            "index": self._index_info(),
        }

    def _index_info(self) -> dict | None:
        """The search index's text source, model and vector type (as ``appliance index`` stored them) and counts."""
        source = self.get_setting("index.source")
        if not source or "index_state" not in self.db.table_names():
            return None
        fts, vec = self.db.execute("SELECT count(fts_sha), count(vec_sha) FROM index_state").fetchone()
        return {"source": source, "model": self.get_setting("index.model"), "dtype": self.get_setting("index.dtype"),
                "keyword_sections": fts, "vector_sections": vec, "built_at": self.get_setting("index.built_at")}
