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
# "Al-Tayi"), or an all-caps word ("BLASENSTEIN").
CAP_WORD = rf"{UP}{LET}*(?:[-'’]{LET}+)*"


def is_upper_initial(word: str) -> bool:
    return bool(word) and word[0].isupper()


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end offsets of the line containing ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)
