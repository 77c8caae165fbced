"""What every question generator shares: its input, its protocol and the filters of its output.

Every generator reads the pseudonymized (or translated) text, never the original, and every
candidate passes the same filters: length, no long verbatim copy (for model output), nothing that
looks like PHI, normalised de-duplication.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Protocol


@dataclass(frozen=True)
class SectionInput:
    """One section as a generator sees it."""

    #: the section's pseudonymized (or translated) text
    text: str
    #: its header ("" when it has none)
    header: str
    #: its language code ("de", "en"; None: unknown)
    language: str | None
    #: the document type as stored ("radiology", "Arztbrief", ...; None: unknown)
    doc_type: str | None


class QuestionGenerator(Protocol):
    """Candidate questions per section; the stage filters them (:func:`filter_questions`)."""

    #: stored with every question ("heuristic", "llm", "doc2query")
    name: str

    def generate(self, sections: list[SectionInput], n: int) -> list[list[str]]: ...


_PHI_SHAPES = re.compile(
    r"\d{1,2}\.\d{1,2}\.(\d{2,4})?|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|@|https?://|\b\d{5,}\b|\+\d{2}"
)


def normalise(question: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", question.lower()).split())


def looks_like_phi(text: str) -> bool:
    """Dates, long numbers, addresses or names: such a question must not become training data."""
    if _PHI_SHAPES.search(text):
        return True
    from appliance.pipeline.phi import detect_phi

    return any(s.label not in ("AGE", "PROFESSION") for s in detect_phi(text))


def copies_section(question: str, section_text: str, max_words: int = 8) -> bool:
    """True when the question repeats ``max_words`` or more consecutive words of the section."""
    words = normalise(question).split()
    if len(words) < max_words:
        return False
    haystack = " " + normalise(section_text) + " "
    return any(" " + " ".join(words[i : i + max_words]) + " " in haystack for i in range(len(words) - max_words + 1))


def filter_questions(
    candidates: Iterable[str],
    section_text: str,
    *,
    require_question_mark: bool = False,
    min_chars: int = 3,
    max_chars: int = 200,
) -> tuple[list[str], Counter]:
    """Keep good, distinct candidates; return them and the count of drops by reason."""
    kept, seen, dropped = [], set(), Counter()
    for q in candidates:
        q = " ".join(q.split()).strip(" \"'`-*•")
        key = normalise(q)
        if not (min_chars <= len(q) <= max_chars) or len(key.split()) < 1:
            dropped["length"] += 1
        elif require_question_mark and not q.endswith("?"):
            dropped["no question mark"] += 1
        elif key in seen:
            dropped["duplicate"] += 1
        elif require_question_mark and copies_section(q, section_text):
            dropped["copies the section"] += 1
        elif looks_like_phi(q):
            dropped["looks like PHI"] += 1
        else:
            seen.add(key)
            kept.append(q)
    return kept, dropped
