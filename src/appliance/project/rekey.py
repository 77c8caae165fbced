"""Encrypting a plain project in place, and changing an encrypted project's passphrase.

Both keep one passphrase for the file and for the pseudonym map (:mod:`appliance.project.vault`), and both
write the whole project into a new file before it replaces the old one (:func:`.encryption.rewrite`).
"""
from __future__ import annotations

import os
from pathlib import Path

from appliance.messages import Text
from appliance.project.db import Project, ProjectError, audit_row
from appliance.project.encryption import UnusablePassphrase, _quoted, is_encrypted, remember_passphrase, rewrite
from appliance.project.vault import rewrap, unlock

__all__ = ["encrypt_project", "change_passphrase"]


def _usable(passphrase: str) -> None:
    try:
        _quoted(passphrase)
    except UnusablePassphrase:
        raise ProjectError(Text("A passphrase cannot be empty or contain a NUL character.")) from None


def encrypt_project(path: str | os.PathLike, passphrase: str) -> None:
    """Encrypt a plain project in place with ``passphrase`` (which must open its pseudonym map, if it keeps one)."""
    path = Path(path)
    _usable(passphrase)
    if is_encrypted(path):
        raise ProjectError(Text("'{path}' is already encrypted; change its passphrase instead.", path=path.name))
    project = Project.open(path)
    try:
        if project.get_setting("vault.mode") == "encrypted":
            unlock(project, passphrase)  # WrongPassphrase: one passphrase protects the file and the map
    except BaseException:
        project.close()
        raise
    rewrite(project, passphrase, source_passphrase=None, finish=lambda db: db["audit"].insert(audit_row("encrypt")))
    remember_passphrase(path, passphrase)


def change_passphrase(path: str | os.PathLike, old: str, new: str) -> None:
    """Re-key an encrypted project (and re-wrap its pseudonym map's keys) from ``old`` to ``new``."""
    path = Path(path)
    if not is_encrypted(path):
        raise ProjectError(Text("'{path}' is not encrypted; encrypt it first.", path=path.name))
    _usable(new)
    project = Project.open(path, passphrase=old)
    try:
        rewrap_map = project.get_setting("vault.mode") == "encrypted"
        if rewrap_map:
            unlock(project, old)  # WrongPassphrase before anything is written
    except BaseException:
        project.close()
        raise

    def finish(db) -> None:
        if rewrap_map:
            rewrap(db, old, new)
        db["audit"].insert(audit_row("change-passphrase"))

    rewrite(project, new, source_passphrase=old, finish=finish)
    remember_passphrase(path, new)
