"""detect_phi: run the rule, gazetteer and (optional) GLiNER detectors and merge by span union."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .english import find_english_phi
from .gazetteer import common_word_checker, find_names
from .rules import RULE_FINDERS, find_addresses, find_en_addresses, find_en_titles, find_hospitals, find_insurers
from .spans import PhiSpan, merge_spans

if TYPE_CHECKING:  # pragma: no cover
    from .ner import GlinerDetector

_DE = re.compile(r"\b(?:der|die|das|und|nicht|mit|wir|sich|ist|bei|von|zu|den|im|eine?|wurde|seit|auf)\b", re.I)
_EN = re.compile(r"\b(?:the|and|with|of|is|was|for|to|on|he|she|his|her|patient|this|that|my|your)\b", re.I)

# spans whose characters can never start a person name
_NAME_BLOCKING = {"DATE", "ID", "CONTACT_PHONE", "CONTACT_FAX", "CONTACT_EMAIL", "CONTACT_URL", "CONTACT_IP",
                  "LOCATION_ZIP", "LOCATION_STREET", "AGE"}


def detect_language(text: str) -> str:
    """'de' or 'en' from function-word counts (clinical letters rarely mix the two)."""
    sample = text[:5000]
    return "en" if len(_EN.findall(sample)) > len(_DE.findall(sample)) else "de"


def detect_phi(text: str, language: str | None = None, ner: "GlinerDetector | None" = None,
               threshold: float = 0.5, strict: bool = False) -> list[PhiSpan]:
    """All PHI spans in ``text``: sorted, non-overlapping, merged by span union.

    strict: also treat every capitalised word that is no ordinary word as a name (:mod:`.strict`)."""
    lang = language or detect_language(text)
    lang = "de" if lang.lower().startswith("de") else "en"
    spans: list[PhiSpan] = []
    for finder in RULE_FINDERS:
        spans.extend(finder(text))
    is_common, is_city = common_word_checker(lang)
    spans.extend(find_addresses(text, is_common, is_city, lang))
    spans.extend(find_hospitals(text, is_common, is_city))
    spans.extend(find_insurers(text, is_common))
    if lang == "en":
        spans.extend(find_english_phi(text))
        spans.extend(find_en_addresses(text))
        spans.extend(find_en_titles(text))
    titles = [s for s in spans if s.label == "NAME_TITLE"]
    blocked = [s for s in spans if s.label in _NAME_BLOCKING]
    streets = [s for s in spans if s.label == "LOCATION_STREET"]
    spans.extend(find_names(text, lang, titles, blocked, streets))
    if ner is not None:
        spans.extend(s for s in ner.detect(text) if s.score >= threshold)
    spans = _resolve_conflicts(spans)
    if strict:
        from .strict import strict_spans

        spans.extend(strict_spans(text, merge_spans(spans), lang))
    elif lang == "en":
        # English capitalises names, not nouns: a capitalised word that is no English or German word is a name
        from .strict import strict_spans

        spans.extend(strict_spans(text, merge_spans(spans), lang))
    if text.startswith("\ufeff"):
        # a byte-order mark glued to the first word belongs to it
        spans = [PhiSpan(0, s.end, s.label, s.source, s.score) if s.start == 1 else s for s in spans]
    return merge_spans(spans)


def _resolve_conflicts(spans: list[PhiSpan]) -> list[PhiSpan]:
    """Drop shape-only guesses that collide with a date: '03 - 05/2021' is a date range, not a
    phone number."""
    dates = sorted((s.start, s.end) for s in spans if s.label == "DATE" and s.score >= 0.8)
    if not dates:
        return spans
    out = []
    for s in spans:
        if s.label in ("CONTACT_PHONE", "CONTACT_FAX") and s.score < 1.0:
            if any(a < s.end and s.start < b for a, b in dates):
                continue
        out.append(s)
    return out
