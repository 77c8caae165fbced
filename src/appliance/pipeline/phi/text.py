"""Character classes and small helpers shared by the detectors.

Python's ``re`` has no \\p{Lu}; names in German clinics come from many scripts (Lăcrămioara,
Öhler, Kornél), so we build Latin upper/lower classes from Unicode once.
"""

from __future__ import annotations

import re

_UPPER = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isalpha() and c.isupper())
_LOWER = "".join(c for c in map(chr, range(0x61, 0x250)) if c.isalpha() and c.islower()) + "ªº"

UP = f"[{re.escape(_UPPER)}]"
LO = f"[{re.escape(_LOWER)}]"
LET = f"[{re.escape(_UPPER + _LOWER)}]"

# A capitalised word, optionally hyphen/apostrophe-joined ("Fabricius-Schätzle", "O'Neill",
# "Al-Hassan"), or an all-caps word ("MUSTERMANN").
CAP_WORD = rf"{UP}{LET}*(?:[-'’]{LET}+)*"


def is_upper_initial(word: str) -> bool:
    return bool(word) and word[0].isupper()


MAX_LINE = 400  # context window: lines longer than this are cut, so no search turns quadratic


def line_start(text: str, pos: int) -> int:
    """Start of the line containing ``pos`` (at most MAX_LINE characters back)."""
    lo = max(0, pos - MAX_LINE)
    i = text.rfind("\n", lo, pos)
    return i + 1 if i >= 0 else lo


def line_end(text: str, pos: int) -> int:
    """End of the line containing ``pos`` (at most MAX_LINE characters ahead)."""
    hi = min(len(text), pos + MAX_LINE)
    i = text.find("\n", pos, hi)
    return i if i >= 0 else hi


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end offsets of the line containing ``pos`` (bounded, see MAX_LINE)."""
    return line_start(text, pos), line_end(text, pos)
