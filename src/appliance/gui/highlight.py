"""PHI spans in a QTextDocument: one colour per PHI label, readable label names, risk marks, and the
mapping between the core's character offsets (Python str indices) and Qt's text positions.

Why a mapping: Qt counts UTF-16 code units (a character outside the BMP takes two positions) and
``setPlainText`` turns ``\\r\\n`` into one paragraph break, so the core's offsets into
``documents.text`` are not Qt's positions once a text has either.
"""
from __future__ import annotations

import bisect
import zlib

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument

#: the PHI labels of the detectors, with their readable names (context "PhiLabels")
LABEL_NAMES = {
    "NAME_PATIENT": QT_TRANSLATE_NOOP("PhiLabels", "Patient name"),
    "NAME_RELATIVE": QT_TRANSLATE_NOOP("PhiLabels", "Relative's name"),
    "NAME_DOCTOR": QT_TRANSLATE_NOOP("PhiLabels", "Doctor's name"),
    "NAME_EXT": QT_TRANSLATE_NOOP("PhiLabels", "Other person's name"),
    "NAME_OTHER": QT_TRANSLATE_NOOP("PhiLabels", "Name (other)"),
    "NAME_USERNAME": QT_TRANSLATE_NOOP("PhiLabels", "User name"),
    "NAME_TITLE": QT_TRANSLATE_NOOP("PhiLabels", "Name with title"),
    "CONTACT_EMAIL": QT_TRANSLATE_NOOP("PhiLabels", "E-mail address"),
    "CONTACT_URL": QT_TRANSLATE_NOOP("PhiLabels", "Web address"),
    "CONTACT_FAX": QT_TRANSLATE_NOOP("PhiLabels", "Fax number"),
    "CONTACT_PHONE": QT_TRANSLATE_NOOP("PhiLabels", "Phone number"),
    "CONTACT_IP": QT_TRANSLATE_NOOP("PhiLabels", "IP address"),
    "ID": QT_TRANSLATE_NOOP("PhiLabels", "Id or case number"),
    "DATE": QT_TRANSLATE_NOOP("PhiLabels", "Date"),
    "AGE": QT_TRANSLATE_NOOP("PhiLabels", "Age"),
    "LOCATION_STREET": QT_TRANSLATE_NOOP("PhiLabels", "Street"),
    "LOCATION_ZIP": QT_TRANSLATE_NOOP("PhiLabels", "Postcode"),
    "LOCATION_HOSPITAL": QT_TRANSLATE_NOOP("PhiLabels", "Hospital"),
    "LOCATION_ORGANIZATION": QT_TRANSLATE_NOOP("PhiLabels", "Organisation"),
    "LOCATION_CITY": QT_TRANSLATE_NOOP("PhiLabels", "City"),
    "LOCATION_STATE": QT_TRANSLATE_NOOP("PhiLabels", "State or region"),
    "LOCATION_COUNTRY": QT_TRANSLATE_NOOP("PhiLabels", "Country"),
    "LOCATION_OTHER": QT_TRANSLATE_NOOP("PhiLabels", "Place (other)"),
    "PROFESSION": QT_TRANSLATE_NOOP("PhiLabels", "Profession"),
}

#: light background colours, one per label (in LABEL_NAMES order); unknown labels get one by hash
_PALETTE = ("#ffb3b3", "#ffcc99", "#ffd9e6", "#f0c8ff", "#e6ccb3", "#d9d9d9", "#ffe0b3", "#b3e0ff", "#b3ffec",
            "#c2f0c2", "#99e699", "#d6f5d6", "#ffff99", "#b3ccff", "#e0e0ff", "#ccffcc", "#e6ffb3", "#ffccf2",
            "#d9b3ff", "#99ddff", "#c6ecd9", "#f2e6d9", "#e6e6cc", "#ccf2ff")
LABEL_COLOURS = {label: _PALETTE[i % len(_PALETTE)] for i, label in enumerate(LABEL_NAMES)}
#: the mark of a risk item (a name-like word left in the text, or a span found on a weak signal)
RISK_COLOUR = "#d00000"


def label_name(label: str) -> str:
    """A PHI label in the UI language ("Patient name"); an unknown label as it is."""
    text = LABEL_NAMES.get(label)
    return QCoreApplication.translate("PhiLabels", text) if text else label


def label_colour(label: str) -> QColor:
    hex_ = LABEL_COLOURS.get(label) or _PALETTE[zlib.crc32(label.encode("utf-8")) % len(_PALETTE)]
    return QColor(hex_)


class OffsetMap:
    """Python str indices of ``text`` <-> positions in a QTextDocument made by ``setPlainText(text)``."""

    def __init__(self, text: str):
        positions = [0] * (len(text) + 1)
        pos = 0
        for i, ch in enumerate(text):
            positions[i] = pos
            if ch == "\r" and text[i + 1 : i + 2] == "\n":
                continue  # "\r\n" is one paragraph break in the document
            pos += 2 if ord(ch) > 0xFFFF else 1
        positions[len(text)] = pos
        self._positions = positions

    def to_qt(self, index: int) -> int:
        index = max(0, min(index, len(self._positions) - 1))
        return self._positions[index]

    def to_text(self, position: int) -> int:
        """The first str index at or after Qt ``position``."""
        return min(bisect.bisect_left(self._positions, position), len(self._positions) - 1)


def highlight(document: QTextDocument, offsets: OffsetMap, spans: list[dict], risks: list) -> None:
    """Colour ``spans`` (dicts with start, end, label, status) by label and underline the risk items.

    Rejected spans are struck through instead of coloured, so the reviewer still sees what was rejected."""
    cursor = QTextCursor(document)
    for span in spans:
        fmt = QTextCharFormat()
        if span.get("status") == "rejected":
            fmt.setFontStrikeOut(True)
            fmt.setForeground(QColor("#777777"))
        else:
            fmt.setBackground(label_colour(span["label"]))
        fmt.setToolTip(label_name(span["label"]))
        cursor.setPosition(offsets.to_qt(span["start"]))
        cursor.setPosition(offsets.to_qt(span["end"]), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)
    for item in risks:
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor(RISK_COLOUR))
        fmt.setToolTip(risk_text(item.kind, item.reason))
        cursor.setPosition(offsets.to_qt(item.start))
        cursor.setPosition(offsets.to_qt(item.end), QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeCharFormat(fmt)


def risk_text(kind: str, reason: str) -> str:
    """Why a place is marked, in plain words."""
    texts = {
        "known_name": QCoreApplication.translate("RiskReasons", "Left in the text, and it is a first or last name from the name lists."),
        "after_cue": QCoreApplication.translate("RiskReasons", "Left in the text, right after Mr/Mrs/Dr or a role word."),
        "not_in_vocabulary": QCoreApplication.translate("RiskReasons", "Left in the text: a capitalised word that is no ordinary word."),
        "low_score": QCoreApplication.translate("RiskReasons", "Replaced, but found only on a weak signal: check the type."),
    }
    return texts.get(reason) or (QCoreApplication.translate("RiskReasons", "Check this place.") if kind else "")
