"""Where a human reviewer should look first: name-like tokens that were left in the text, and
replaced spans the detectors were unsure of.

Why: reviewing every span of every letter is impossible at hospital scale; a leak is most likely
where a capitalised word that is no ordinary word survived, or where a span came from a weak
signal. Items carry offsets and a reason code only, never text, so a list can be logged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import NEVER_NAME, ROLE_CUES, STRONG_CUES, _lists, common_word_checker
from .spans import PhiSpan
from .text import LET

_WORD = re.compile(rf"{LET}+(?:[-'’]{LET}+)*")
_SENTENCE_END = re.compile(r"(?:[.!?:;]\s*|\n\s*|^\s*)$")

#: how much each reason weighs when items are ordered
REASON_WEIGHT = {
    "known_name": 0.9,           # a first or last name from the name lists
    "after_cue": 0.85,           # a capitalised word right after Herr/Frau/Dr./a role word
    "not_in_vocabulary": 0.6,    # a capitalised word that is no ordinary word
    "low_score": 0.5,            # replaced, but only on a weak signal
}


@dataclass(frozen=True)
class RiskItem:
    """One place for the reviewer: offsets into the document text, never the text itself."""

    start: int
    end: int
    #: 'unreplaced' (left in the text) or 'low_confidence' (replaced on a weak signal)
    kind: str
    #: a code from REASON_WEIGHT
    reason: str
    #: ordering weight, 0..1, higher first
    score: float


def risk_list(text: str, spans: list[PhiSpan], language: str = "de", low: float = 0.8) -> list[RiskItem]:
    """Name-like tokens not covered by ``spans`` and spans scored below ``low``, most risky first."""
    first_f, first_m, last, *_ = _lists()
    is_common, is_city = common_word_checker("de" if language.startswith("de") else "en")
    covered = bytearray(len(text))
    for s in spans:
        covered[s.start:s.end] = b"\x01" * (s.end - s.start)
    items = [RiskItem(s.start, s.end, "low_confidence", "low_score", REASON_WEIGHT["low_score"] * (1 - s.score) + 0.3)
             for s in spans if s.score < low]
    prev_word = ""
    for m in _WORD.finditer(text):
        w = m.group()
        before, prev = prev_word, text[max(0, m.start() - 3):m.start()]
        prev_word = w
        if covered[m.start()] or not w[0].isupper() or len(w) < 3 or w in NEVER_NAME:
            continue
        bare = w.rstrip("s") if w.endswith("s") and len(w) > 4 else w
        title = w.title() if w.isupper() else w
        if title in first_f or title in first_m or (title in last and not is_common(w)):
            reason = "known_name"
        elif before in STRONG_CUES or before in ROLE_CUES or prev.endswith(("Dr.", "Dr ")):
            reason = "after_cue"
        elif not is_common(w) and not is_common(bare) and not is_city(w) and not w.isupper() \
                and not _SENTENCE_END.search(text, max(0, m.start() - 4), m.start()):
            reason = "not_in_vocabulary"
        else:
            continue
        items.append(RiskItem(m.start(), m.end(), "unreplaced", reason, REASON_WEIGHT[reason]))
    return sorted(items, key=lambda r: (-r.score, r.start))
