"""German and English through Qt's translation system.

Every user-visible string goes through ``self.tr()`` (context: the class that calls it) or
``QCoreApplication.translate(context, text)``. The catalogue's source is
``translations/appliance_de.ts``; the compiled ``appliance_de.qm`` beside it ships in the wheel.
English is the source language and needs no catalogue. To update after changing strings::

    .venv/bin/pyside6-lupdate $(find src/appliance/gui -name '*.py' | sort) -locations none -no-obsolete \
        -ts src/appliance/gui/translations/appliance_de.ts
    # translate the new entries (pyside6-linguist, or by hand), then:
    .venv/bin/pyside6-lrelease src/appliance/gui/translations/appliance_de.ts

(``tests/test_gui_shell.py`` fails when the .ts misses a string of the code or the .qm is older.)
Phase labels of the stages (core English, e.g. "Looking for files") are looked up in the context
``StagePhases``, so a known one is shown in German and an unknown one stays as it is. The core's
error messages and import rejections are :class:`appliance.messages.Text` templates, listed for the
catalogue in ``core_messages.py`` (written by ``scripts/core_messages.py``, context ``CoreMessages``);
:func:`core_text` shows them in the UI language with their values filled in.

When the .qm is missing (a source checkout where it was not compiled), the .ts is read directly.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from appliance.messages import message_of, placeholders, template_of

#: language code -> its name in that language (what the Settings menu shows)
LANGUAGES = {"en": "English", "de": "Deutsch"}
#: QSettings value for "follow the system locale"
SYSTEM = "system"

_installed: list[QTranslator] = []


def translations_dir() -> Path:
    return Path(__file__).resolve().parent / "translations"


def system_language() -> str:
    """The system locale's language when there is a catalogue for it, else English."""
    for name in QLocale.system().uiLanguages():
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


def resolve(setting: str | None) -> str:
    """A settings value ("system", "de", "en", None) as the language to use."""
    return setting if setting in LANGUAGES else system_language()


class TsTranslator(QTranslator):
    """The fallback: translations read straight from a .ts file (finished entries only)."""

    def __init__(self, path: Path, parent=None):
        super().__init__(parent)
        self._table: dict[tuple[str, str], str] = {}
        root = ET.parse(path).getroot()
        for context in root.iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                source = message.findtext("source")
                tr = message.find("translation")
                if source and tr is not None and tr.text and tr.get("type") not in ("unfinished", "obsolete", "vanished"):
                    self._table[(name, source)] = tr.text

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D401  (Qt's signature)
        return self._table.get((context, source))

    def isEmpty(self) -> bool:
        return not self._table


def install(language: str | None, app: QCoreApplication | None = None) -> str:
    """Install the catalogues for ``language`` (a code or "system"), replacing earlier ones; returns the
    language in use. Qt's own strings (standard buttons, file dialogs) come from Qt's qtbase catalogue."""
    app = app or QCoreApplication.instance()
    lang = resolve(language)
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang != "en":
        qt = QTranslator(app)
        if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            _installed.append(qt)
        ours = QTranslator(app)
        qm = translations_dir() / f"appliance_{lang}.qm"
        ts = translations_dir() / f"appliance_{lang}.ts"
        if qm.is_file() and ours.load(str(qm)):
            _installed.append(ours)
        elif ts.is_file():
            _installed.append(TsTranslator(ts, app))
        for t in _installed:
            app.installTranslator(t)
    QLocale.setDefault(QLocale(lang))
    return lang


def current_translators() -> list[QTranslator]:
    return list(_installed)


def core_text(message: "str | BaseException") -> str:
    """A sentence from the core (or the exception that carries one) in the UI language. A template the
    catalogue does not know, or whose translation lost a placeholder, is shown in English as it is."""
    if isinstance(message, BaseException):
        message = message_of(message)
    template, fields = template_of(message)
    translated = QCoreApplication.translate("CoreMessages", template)
    if translated == template:
        return str(message)
    if not fields:
        return translated
    if placeholders(translated) != placeholders(template):
        return str(message)
    try:
        return translated.format(**fields)
    except (KeyError, IndexError, ValueError):
        return str(message)
