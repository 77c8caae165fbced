"""Test setup: no network, offscreen Qt, and helpers for projects and the shared data sets."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["APPLIANCE_MODEL_STORE"] = str(Path(os.environ.get("TMPDIR", "/tmp")) / f"appliance-test-store-{os.getpid()}")
os.environ["APPLIANCE_CACHE_DIR"] = str(Path(os.environ.get("TMPDIR", "/tmp")) / f"appliance-test-cache-{os.getpid()}")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


class NetworkBlocked(RuntimeError):
    pass


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo
_LOCAL = ("127.", "::1", "localhost", "0.0.0.0")


def _is_local(address) -> bool:
    if isinstance(address, (str, bytes)):  # AF_UNIX path
        return True
    host = str(address[0]) if address else ""
    return host.startswith(_LOCAL)


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
        raise NetworkBlocked(f"test tried to open a network connection to {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
        raise NetworkBlocked(f"test tried to open a network connection to {address!r}")
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host is not None and not str(host).startswith(_LOCAL):
        raise NetworkBlocked(f"test tried to resolve the host name {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


# Active for the whole session, before any test module imports a library that might phone home.
socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect_ex
socket.getaddrinfo = _guarded_getaddrinfo


from tiny_generators import tiny_doc2query, tiny_llm  # noqa: E402,F401  (session fixtures, for every test module)
from tiny_models import tiny_translation_model  # noqa: E402,F401


def pytest_addoption(parser):
    parser.addoption("--encrypted-projects", action="store_true",
                     help="create every test project encrypted (the passphrase in APPLIANCE_PASSPHRASE), to run the "
                     "whole suite over SQLCipher files")


def pytest_configure(config):
    if config.getoption("--encrypted-projects"):
        from appliance.project import Project

        os.environ["APPLIANCE_PASSPHRASE"] = "suite passphrase"
        plain_create = Project.create.__func__

        def create(cls, path, *, passphrase=None):
            return plain_create(cls, path, passphrase=passphrase or os.environ["APPLIANCE_PASSPHRASE"])

        Project.create = classmethod(create)


@pytest.fixture
def shared() -> Path:
    """../shared beside the repository; tests that need it skip cleanly where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared data is not available")
    return SHARED


@pytest.fixture(scope="session")
def encoder():
    """The default embedding model, loaded once for the whole run."""
    from appliance.models import ModelStore
    from appliance.models.embedding import load_sentence_transformer

    return load_sentence_transformer(ModelStore().resolve(None, "embedding"), "cpu")


@pytest.fixture
def one_model(monkeypatch, encoder):
    """Every load of an embedding model (the CLI's included) gets the already loaded one."""
    monkeypatch.setattr("appliance.models.embedding.load_sentence_transformer", lambda path, device="auto": encoder)


@pytest.fixture
def project(tmp_path):
    from appliance.project import Project

    p = Project.create(tmp_path / "test.appliance")
    yield p
    p.close()


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch, qapp):
    """The main window with its settings, log and model store in ``tmp_path``, in English; at the end its
    jobs are cancelled and waited for, so no worker outlives the test."""
    monkeypatch.setenv("APPLIANCE_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.setenv("APPLIANCE_MODEL_STORE", str(tmp_path / "store"))  # each test its own model store
    from PySide6.QtCore import QSettings

    from appliance.gui import i18n
    from appliance.gui.mainwindow import MainWindow

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    i18n.install("en", qapp)
    w = MainWindow(reopen_last=False)
    w.show()
    yield w
    for op in list(w.project_host.active):
        op.cancel()
    qtbot.waitUntil(lambda: not w.project_host.busy, timeout=30_000)
    w.close()
    i18n.install("en", qapp)
