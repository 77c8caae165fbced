"""Offline PHI detection and pseudonymisation for German/English clinical text.

Rules + gazetteers run always; a local GLiNER model can be added. See detect_phi,
Surrogator, pseudonymize_text and deid_scores.
"""

from .detect import detect_language, detect_phi
from .evaluate import deid_scores, load_gold, presidio_to_gold
from .spans import PhiSpan, merge_spans

__all__ = [
    "PhiSpan", "merge_spans", "detect_phi", "detect_language", "deid_scores", "load_gold", "presidio_to_gold",
    "GlinerDetector", "Surrogator", "pseudonymize_text",
]


def __getattr__(name):  # lazy: torch/gliner and the surrogate lists load only when used
    if name == "GlinerDetector":
        from .ner import GlinerDetector
        return GlinerDetector
    if name in ("Surrogator", "pseudonymize_text"):
        from . import surrogates
        return getattr(surrogates, name)
    raise AttributeError(name)
