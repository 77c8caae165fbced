"""Encrypted projects in the app: created from the Project page, asked for on opening (again after a wrong
passphrase), encrypted later from the File menu, and pseudonymized with the project's own passphrase."""
from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from appliance.paths import samples_dir  # noqa: E402
from appliance.project import Project, encryption  # noqa: E402
from gui_support import LEFT, create_project, wait_idle  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _fresh_memory(monkeypatch):
    monkeypatch.delenv("APPLIANCE_PASSPHRASE", raising=False)
    monkeypatch.setattr(encryption, "_remembered", {})


def _answers(monkeypatch, module: str, *answers):
    """The passphrase dialog answers in turn (None: Cancel); the messages it was shown are collected."""
    asked: list[dict] = []
    queue = list(answers)

    def ask(parent, name, *, new=False, message=""):
        asked.append({"name": name, "new": new, "message": message})
        return queue.pop(0)

    monkeypatch.setattr(module, ask)
    return asked


def test_an_encrypted_project_is_created_reopened_and_pseudonymized_with_one_passphrase(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "secret.appliance"
    page = window.pages["project"]
    asked = _answers(monkeypatch, "appliance.gui.pages.project.ask_passphrase", "open sesame 1", "not it", "open sesame 1")
    page.encrypt_check.setChecked(True)
    create_project(qtbot, window, path)
    assert asked[0]["new"] and encryption.is_encrypted(path) and window.info["encrypted"] is True
    assert "yes" in page.info_labels["encrypted"].text()

    window.show_page("import")  # the reader thread opens the file too, with the remembered passphrase
    window.pages["import"].add_paths([samples_dir() / "reports"])
    qtbot.mouseClick(window.pages["import"].import_button, LEFT)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.info and window.info["documents"] > 0, timeout=10_000)

    pseudo = window.pages["pseudonymize"]
    window.show_page("pseudonymize")
    qtbot.waitUntil(lambda: pseudo._state is not None and pseudo._state["encrypted_file"], timeout=5_000)
    assert not pseudo.passphrase_edit.isVisible() and "encrypted" in pseudo.mode_label.text()
    qtbot.mouseClick(pseudo.run_button, LEFT)
    wait_idle(qtbot, window, 60_000)

    window.project_host.close_project(window).run_in_background()
    wait_idle(qtbot, window)
    encryption.forget_passphrase(path)
    window.open_project(path)  # asked; a wrong answer is refused and asked again, with the reason
    try:
        qtbot.waitUntil(lambda: window.project_host.path is not None and window.info is not None, timeout=30_000)
    except Exception:
        raise AssertionError((asked, page.banner.text(), window.project_host.path, window.info)) from None
    assert [a["new"] for a in asked] == [True, False, False]
    assert asked[1]["message"] == "" and "does not open" in asked[2]["message"]
    with Project.open(path, readonly=True, passphrase="open sesame 1") as project:
        assert project.get_setting("vault.mode") == "encrypted"
        assert project.db.execute("SELECT count(*) FROM pseudonym_map").fetchone()[0] > 0


def test_cancelling_the_passphrase_leaves_the_project_closed_with_a_message(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "secret.appliance"
    Project.create(path, passphrase="right").close()
    encryption.forget_passphrase(path)
    _answers(monkeypatch, "appliance.gui.pages.project.ask_passphrase", None)
    window.open_project(path)
    page = window.pages["project"]
    qtbot.waitUntil(lambda: page.banner.isVisible() and "passphrase" in page.banner.text(), timeout=10_000)
    assert window.project_host.path is None


def test_the_file_menu_encrypts_the_open_project_and_keeps_it_open(qtbot, window, tmp_path, monkeypatch):
    path = tmp_path / "plain.appliance"
    create_project(qtbot, window, path)
    assert window.info["encrypted"] is False
    asked = _answers(monkeypatch, "appliance.gui.passphrase.ask_passphrase", "later secret")
    window.protect_action.trigger()
    qtbot.waitUntil(lambda: window.info is not None and window.info.get("encrypted") is True, timeout=15_000)
    assert asked[0]["new"] and encryption.is_encrypted(path) and window.project_host.path is not None
    assert "encrypted now" in window.pages["project"].banner.text()
    with Project.open(path, readonly=True, passphrase="later secret") as project:
        assert project.audit_log()[-1]["action"] == "encrypt"
