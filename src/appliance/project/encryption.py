"""Encryption at rest: the whole project file (every table, the full-text index, the WAL) under SQLCipher.

A project file holds every original report. Anyone who can copy it from a shared drive could read it with any
SQLite tool, so a project can be encrypted with a passphrase: SQLCipher (``sqlcipher3``, a DB-API driver with
the same interface as the standard ``sqlite3`` module) encrypts each page with AES-256 and a key derived from
the passphrase (PBKDF2-HMAC-SHA512, 256,000 iterations, a random salt in the file). A plain project starts
with the 16 bytes "SQLite format 3"; an encrypted one is random bytes from its first byte on, which is how
:func:`is_encrypted` tells them apart without a key.

One passphrase protects a project: it opens the file and, in the reversible mode, the pseudonym map
(:mod:`appliance.project.vault`). Where it comes from, first found wins: the ``passphrase`` argument of
:meth:`Project.open`, a passphrase the CLI or the app asked for earlier in this process
(:func:`remember_passphrase`, kept in memory only), then ``APPLIANCE_PASSPHRASE``.

:func:`rewrite` writes a project's content into a complete new file under a new key (``sqlcipher_export``) and
then replaces the old file, so a kill in between leaves the old file as it was; :mod:`appliance.project.rekey`
uses it to encrypt a plain project and to change a passphrase. This module knows nothing of projects.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

try:  # the wheel bundles SQLCipher; without it, plain projects still work
    import sqlcipher3
    from sqlcipher3 import dbapi2 as _cipher_dbapi
except ImportError:  # pragma: no cover - sqlcipher3 is a dependency
    sqlcipher3 = None
    _cipher_dbapi = None

__all__ = ["DB_ERRORS", "OPERATIONAL_ERRORS", "UnusablePassphrase", "is_encrypted", "connect", "check_passphrase",
           "remember_passphrase", "forget_passphrase", "known_passphrase", "rewrite"]

#: what either driver raises for a file that is not a database, a wrong key or a damaged page
DB_ERRORS: tuple[type[BaseException], ...] = (sqlite3.DatabaseError,) + (
    (_cipher_dbapi.DatabaseError,) if _cipher_dbapi is not None else ())
#: what either driver raises for a locked or read-only file
OPERATIONAL_ERRORS: tuple[type[BaseException], ...] = (sqlite3.OperationalError,) + (
    (_cipher_dbapi.OperationalError,) if _cipher_dbapi is not None else ())

_PLAIN_HEADER = b"SQLite format 3\x00"
_remembered: dict[str, str] = {}


def is_encrypted(path: str | os.PathLike) -> bool:
    """True for a file that could be an SQLCipher database: whole pages (a multiple of 512 bytes, the smallest
    page size) that do not start with SQLite's plain header. Other files are not asked a passphrase for."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return False
    return size >= 512 and size % 512 == 0 and head != _PLAIN_HEADER


def _key(path: str | os.PathLike) -> str:
    return str(Path(path).resolve())


def remember_passphrase(path: str | os.PathLike, passphrase: str) -> None:
    """Keep the passphrase of this project in memory for the rest of the process (never written anywhere)."""
    _remembered[_key(path)] = passphrase


def forget_passphrase(path: str | os.PathLike) -> None:
    _remembered.pop(_key(path), None)


def known_passphrase(path: str | os.PathLike, given: str | None = None) -> str | None:
    """The passphrase to use for ``path``: given, remembered, or ``APPLIANCE_PASSPHRASE``."""
    return given or _remembered.get(_key(path)) or os.environ.get("APPLIANCE_PASSPHRASE") or None


class UnusablePassphrase(ValueError):
    """Empty, or with a NUL character (SQLCipher's key pragma cannot take it)."""


def _quoted(passphrase: str) -> str:
    if not passphrase or "\x00" in passphrase:
        raise UnusablePassphrase("A passphrase cannot be empty or contain a NUL character.")
    return "'" + passphrase.replace("'", "''") + "'"


def connect(path: str | os.PathLike, passphrase: str, *, readonly: bool = False, timeout: float = 30):
    """An SQLCipher connection with the key set (not yet checked: the first read fails on a wrong key)."""
    if sqlcipher3 is None:  # pragma: no cover
        raise UnusablePassphrase("This installation cannot open encrypted projects (the sqlcipher3 package is missing).")
    if readonly:
        conn = sqlcipher3.connect(f"file:{Path(path).resolve().as_posix()}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlcipher3.connect(str(path), timeout=timeout, check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is our message, not SQLCipher's lines on stderr
    conn.execute(f"PRAGMA key = {_quoted(passphrase)}")
    try:  # these read the first page: with a wrong key they fail, and check_passphrase says so
        conn.execute("PRAGMA temp_store = MEMORY")  # no temporary files on disk, encrypted or not
        conn.execute("PRAGMA cache_size = -65536")  # 64 MB of decrypted pages: each page read is decrypted once
    except DB_ERRORS:
        pass
    return conn


def check_passphrase(conn) -> bool:
    """Whether the key set on ``conn`` opens the file (SQLCipher only fails on the first read)."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DB_ERRORS:
        return False
    return True


def _export(src_conn, dst: Path, passphrase: str) -> None:
    """Copy every table, index, trigger and the file's version numbers into a new encrypted file."""
    user_version = src_conn.execute("PRAGMA user_version").fetchone()[0]
    application_id = src_conn.execute("PRAGMA application_id").fetchone()[0]
    src_conn.execute(f"ATTACH DATABASE '{dst.as_posix()}' AS encrypted KEY {_quoted(passphrase)}")
    try:
        src_conn.execute("SELECT sqlcipher_export('encrypted')").fetchall()
        src_conn.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        src_conn.execute(f"PRAGMA encrypted.application_id = {int(application_id)}")
        src_conn.commit()
    finally:
        src_conn.execute("DETACH DATABASE encrypted")


def _replace(path: Path, new: Path) -> None:
    """Move the finished new file over the old one; the old file's WAL and index go with it."""
    with open(new, "rb") as f:
        os.fsync(f.fileno())
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    os.replace(new, path)


def rewrite(project, passphrase: str, *, source_passphrase: str | None, finish=None) -> None:
    """Write the project's content into a new file under ``passphrase`` and put it in its place.

    ``project`` is open for writing (it holds the lock); it is closed afterwards. ``finish(db)`` changes the new
    file (a sqlite-utils database) before it replaces the old one, so a kill leaves either file whole."""
    path = project.path
    new = path.with_name(path.name + ".encrypting")
    new.unlink(missing_ok=True)
    project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    project.db.conn.close()
    project.db = None
    try:
        conn = connect(path, source_passphrase) if source_passphrase else sqlcipher3.connect(str(path))
        conn.execute("PRAGMA cipher_log_level = NONE")
        try:
            _export(conn, new, passphrase)
        finally:
            conn.close()
        if finish is not None:
            import sqlite_utils

            conn = connect(new, passphrase)
            try:
                finish(sqlite_utils.Database(conn))
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.close()
        _replace(path, new)
    finally:
        new.unlink(missing_ok=True)
        project.close()
