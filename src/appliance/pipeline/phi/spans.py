"""The span type shared by all detectors and the union merge that combines them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

# Which label wins when spans of different labels are merged and cover equally much text.
_LABEL_RANK = {
    "NAME_PATIENT": 0, "NAME_RELATIVE": 1, "NAME_DOCTOR": 2, "NAME_EXT": 3, "NAME_OTHER": 4,
    "NAME_USERNAME": 5, "NAME_TITLE": 6, "CONTACT_EMAIL": 7, "CONTACT_URL": 8, "CONTACT_FAX": 9,
    "CONTACT_PHONE": 10, "CONTACT_IP": 11, "ID": 12, "DATE": 13, "AGE": 14,
    "LOCATION_STREET": 15, "LOCATION_ZIP": 16, "LOCATION_HOSPITAL": 17,
    "LOCATION_ORGANIZATION": 18, "LOCATION_CITY": 19, "LOCATION_STATE": 20,
    "LOCATION_COUNTRY": 21, "LOCATION_OTHER": 22, "PROFESSION": 23,
}


@dataclass(frozen=True)
class PhiSpan:
    """A detected PHI span: character offsets into the text, our PHI label, and who found it."""

    start: int
    end: int
    label: str
    source: str  # 'rule' | 'gazetteer' | 'ner'
    score: float = 1.0


def merge_spans(spans: Iterable[PhiSpan]) -> list[PhiSpan]:
    """Union of overlapping spans -> sorted, non-overlapping list.

    Overlapping (or same-label touching) spans are fused; the fused span takes the label that
    covers most characters, so a long hospital name is not relabelled by a city inside it.
    """
    items = sorted((s for s in spans if s.end > s.start), key=lambda s: (s.start, -s.end))
    out: list[PhiSpan] = []
    group: list[PhiSpan] = []
    g_end = -1

    def flush() -> None:
        if not group:
            return
        start = group[0].start
        end = max(s.end for s in group)
        cover: dict[str, int] = {}
        for s in group:
            cover[s.label] = cover.get(s.label, 0) + (s.end - s.start)
        label = min(cover, key=lambda lab: (-cover[lab], _LABEL_RANK.get(lab, 99)))
        best = [s for s in group if s.label == label]
        source = min(best, key=lambda s: ("rule", "gazetteer", "ner").index(s.source)
                     if s.source in ("rule", "gazetteer", "ner") else 3).source
        score = max(s.score for s in group)
        out.append(PhiSpan(start, end, label, source, score))

    for s in items:
        if group and (s.start < g_end or (s.start == g_end and s.label == group[-1].label)):
            group.append(s)
            g_end = max(g_end, s.end)
        else:
            flush()
            group = [s]
            g_end = s.end
    flush()
    return out
