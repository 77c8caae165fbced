"""Keys for pseudonymization, derived from a passphrase, and the encrypted pseudonym map.

The map original -> surrogate lets an authorised person re-identify a surrogate later, so it is
encrypted at rest (Fernet, key from the passphrase via scrypt) and looked up by an HMAC of the
original, never by the original itself. In *irreversible* mode no map is stored: surrogates are
chosen from a random seed, kept in the project only until the user finalises the pseudonymization
(so that a resumed run stays consistent) and then deleted, after which nobody can map back.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken

from appliance.project.db import Project, ProjectError, WrongPassphrase, now_iso

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
_CHECK = b"appliance-vault-v1"


__all__ = ["WrongPassphrase", "VaultKeys", "unlock", "rewrap", "forget_seed", "EncryptedMap", "passphrase_from_env"]


@dataclass(frozen=True)
class VaultKeys:
    fernet: Fernet | None  # None in irreversible mode
    seed: bytes  # secret for surrogate choice and date shifts
    lookup: bytes  # secret for the HMAC lookup of originals


def _derive(passphrase: str, salt: bytes) -> tuple[bytes, bytes, bytes]:
    raw = hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, dklen=96, **_SCRYPT)
    return base64.urlsafe_b64encode(raw[:32]), raw[32:64], raw[64:]


def unlock(project: Project, passphrase: str | None, irreversible: bool = False) -> VaultKeys:
    """Keys for this project. The first call fixes the mode; later calls must match it."""
    if project.passphrase is not None:  # an encrypted file: its passphrase protects the map too
        if passphrase and passphrase != project.passphrase and not irreversible:
            raise WrongPassphrase("the pseudonym map of an encrypted project uses the project's passphrase")
        passphrase = project.passphrase
    mode = project.get_setting("vault.mode")
    if mode is None:
        mode = "irreversible" if irreversible else "encrypted"
        if mode == "encrypted":
            if not passphrase:
                raise ProjectError("a passphrase is needed to protect the pseudonym map (or choose irreversible mode)")
            salt = secrets.token_bytes(16)
            key, _, _ = _derive(passphrase, salt)
            project.set_setting("vault.salt", salt.hex())
            project.set_setting("vault.check", Fernet(key).encrypt(_CHECK).decode())
        else:
            project.set_setting("vault.seed", secrets.token_hex(32))
        project.set_setting("vault.mode", mode)
        project.audit("vault-created", mode=mode)
    if mode == "irreversible":
        seed_hex = project.get_setting("vault.seed")
        if seed_hex is None:
            raise ProjectError("this project's pseudonymization was finalised; its surrogate key no longer exists")
        seed = bytes.fromhex(seed_hex)
        return VaultKeys(None, seed, hashlib.sha256(b"lookup" + seed).digest())
    if irreversible:
        raise ProjectError("this project keeps an encrypted pseudonym map; it cannot switch to irreversible mode")
    if not passphrase:
        raise ProjectError("this project's pseudonym map is encrypted: give the passphrase (APPLIANCE_PASSPHRASE)")
    key, seed, lookup = _keys_of(passphrase, project.get_setting)
    return VaultKeys(Fernet(key), seed, lookup)


def _keys_of(passphrase: str, get_setting) -> tuple[bytes, bytes, bytes]:
    """The map's keys: derived from the passphrase, or (after a passphrase change) unwrapped with it."""
    key, seed, lookup = _derive(passphrase, bytes.fromhex(get_setting("vault.salt", "")))
    kek = Fernet(key)
    try:
        if kek.decrypt(get_setting("vault.check", "").encode()) != _CHECK:
            raise InvalidToken
    except InvalidToken:
        raise WrongPassphrase("the passphrase is not the one this project was protected with") from None
    wrapped = get_setting("vault.wrapped")
    if wrapped is None:
        return key, seed, lookup
    raw = kek.decrypt(wrapped.encode())
    return base64.urlsafe_b64encode(raw[:32]), raw[32:64], raw[64:]


def rewrap(db, old: str, new: str) -> None:
    """Protect the map's keys with ``new`` instead of ``old`` (``db``: the project's sqlite-utils database).

    The keys themselves stay (surrogates and lookups must not change), so they are stored wrapped: encrypted
    with a key derived from the new passphrase and a new salt."""
    def get_setting(key: str, default: str | None = None) -> str | None:
        row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    key, seed, lookup = _keys_of(old, get_setting)
    salt = secrets.token_bytes(16)
    kek = Fernet(_derive(new, salt)[0])
    raw = base64.urlsafe_b64decode(key) + seed + lookup
    with db.atomic():
        for k, v in (("vault.salt", salt.hex()), ("vault.check", kek.encrypt(_CHECK).decode()),
                     ("vault.wrapped", kek.encrypt(raw).decode())):
            db["settings"].upsert({"key": k, "value": v}, pk="key")


def forget_seed(project: Project) -> None:
    """Irreversible mode: delete the surrogate seed once pseudonymization is final."""
    if project.get_setting("vault.mode") == "irreversible":
        with project.db.atomic():
            project.db.execute("DELETE FROM settings WHERE key = 'vault.seed'")
        project.audit("vault-finalised")


class EncryptedMap(MutableMapping):
    """``(label, original) -> surrogate``, stored encrypted in the ``pseudonym_map`` table."""

    def __init__(self, project: Project, keys: VaultKeys):
        if keys.fernet is None:
            raise ValueError("irreversible mode keeps no map")
        self._db = project.db
        self._keys = keys
        self._cache: dict[tuple[str, str], str] = {}

    def _lookup(self, key: tuple[str, str]) -> str:
        return hmac.new(self._keys.lookup, f"{key[0]}\x00{key[1]}".encode("utf-8"), "sha256").hexdigest()

    def __getitem__(self, key: tuple[str, str]) -> str:
        if key in self._cache:
            return self._cache[key]
        row = self._db.execute("SELECT surrogate FROM pseudonym_map WHERE lookup = ?", [self._lookup(key)]).fetchone()
        if row is None:
            raise KeyError("not mapped")
        value = self._keys.fernet.decrypt(row[0]).decode("utf-8")
        self._cache[key] = value
        return value

    def __setitem__(self, key: tuple[str, str], value: str) -> None:
        f = self._keys.fernet
        with self._db.atomic():
            self._db["pseudonym_map"].upsert(
                {
                    "lookup": self._lookup(key),
                    "label": key[0],
                    "original": f.encrypt(key[1].encode("utf-8")),
                    "surrogate": f.encrypt(value.encode("utf-8")),
                    "created_at": now_iso(),
                },
                pk="lookup",
            )
        self._cache[key] = value

    def __delitem__(self, key: tuple[str, str]) -> None:
        with self._db.atomic():
            self._db.execute("DELETE FROM pseudonym_map WHERE lookup = ?", [self._lookup(key)])
        self._cache.pop(key, None)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for label, original in self._db.execute("SELECT label, original FROM pseudonym_map"):
            yield label, self._keys.fernet.decrypt(original).decode("utf-8")

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM pseudonym_map").fetchone()[0]

    def reidentify(self, surrogate: str) -> list[tuple[str, str]]:
        """All (label, original) pairs whose surrogate is ``surrogate`` (for authorised re-identification)."""
        out = []
        for label, original, sur in self._db.execute("SELECT label, original, surrogate FROM pseudonym_map"):
            if self._keys.fernet.decrypt(sur).decode("utf-8") == surrogate:
                out.append((label, self._keys.fernet.decrypt(original).decode("utf-8")))
        return out


def passphrase_from_env() -> str | None:
    return os.environ.get("APPLIANCE_PASSPHRASE") or None
