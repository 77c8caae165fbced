"""Optional GLiNER detector: a local model directory, never the model hub.

GLiNER truncates inputs beyond ``config.max_len`` words, so long letters are cut into
overlapping word windows; spans found twice in an overlap are de-duplicated. GLiNER's
natural-language labels are mapped onto our PHI labels.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from .spans import PhiSpan, merge_spans

log = logging.getLogger(__name__)

# GLiNER prompt label -> our PHI label
DEFAULT_LABELS: dict[str, str] = {
    "person": "NAME_OTHER",
    "patient name": "NAME_PATIENT",
    "doctor name": "NAME_DOCTOR",
    "date": "DATE",
    "age": "AGE",
    "city": "LOCATION_CITY",
    "street address": "LOCATION_STREET",
    "postal code": "LOCATION_ZIP",
    "hospital": "LOCATION_HOSPITAL",
    "organization": "LOCATION_ORGANIZATION",
    "country": "LOCATION_COUNTRY",
    "phone number": "CONTACT_PHONE",
    "fax number": "CONTACT_FAX",
    "email address": "CONTACT_EMAIL",
    "url": "CONTACT_URL",
    "identification number": "ID",
    "profession": "PROFESSION",
}

_WORD = re.compile(r"\w+(?:[-_]\w+)*|\S")  # GLiNER's whitespace splitter


class GlinerDetector:
    """Wraps gliner.GLiNER.from_pretrained(model_dir, local_files_only=True)."""

    def __init__(self, model_dir: str | Path, threshold: float = 0.5, batch_size: int = 8,
                 labels: dict[str, str] | None = None, device: str | None = None,
                 max_words: int | None = None, overlap_words: int = 32):
        model_dir = Path(model_dir)
        if not (model_dir / "gliner_config.json").is_file():
            raise FileNotFoundError("GLiNER model directory has no gliner_config.json")
        from gliner import GLiNER  # heavy import (torch): only when a model is configured

        self.model = GLiNER.from_pretrained(str(model_dir), local_files_only=True)
        if device is None:
            try:
                import torch
                device = "cuda" if torch.cuda.is_available() else "cpu"
            except ImportError:  # pragma: no cover
                device = "cpu"
        try:
            self.model.to(device)
        except Exception:  # pragma: no cover - runtime models (onnx) have no .to
            log.debug("GLiNER model stays on its default device")
        self.model.eval()
        self.threshold = threshold
        self.batch_size = batch_size
        self.labels = dict(labels or DEFAULT_LABELS)
        model_max = int(getattr(self.model.config, "max_len", 384) or 384)
        # keep a margin below the model's word limit; subword expansion of German words
        # also has to fit the encoder's position limit
        self.max_words = max(8, min(max_words or 256, model_max - 8))
        self.overlap_words = max(0, min(overlap_words, self.max_words // 4))

    def chunks(self, text: str) -> list[tuple[int, int]]:
        """(start, end) character windows of at most max_words words, overlapping."""
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        if not words:
            return []
        out = []
        step = self.max_words - self.overlap_words
        i = 0
        while True:
            j = min(len(words), i + self.max_words)
            out.append((words[i][0], words[j - 1][1]))
            if j >= len(words):
                break
            i += step
        return out

    def detect(self, text: str) -> list[PhiSpan]:
        windows = self.chunks(text)
        if not windows:
            return []
        pieces = [text[a:b] for a, b in windows]
        prompt_labels = list(self.labels)
        results = self.model.inference(pieces, prompt_labels, threshold=self.threshold,
                                       batch_size=self.batch_size, flat_ner=True)
        best: dict[tuple[int, int, str], float] = {}
        for (offset, _end), ents in zip(windows, results):
            for ent in ents:
                label = self.labels.get(ent.get("label", ""), None)
                if label is None:
                    continue
                s, e = offset + int(ent["start"]), offset + int(ent["end"])
                score = float(ent.get("score", 0.0))
                key = (s, e, label)
                if score > best.get(key, -1.0):
                    best[key] = score
        spans = [PhiSpan(s, e, lab, "ner", sc) for (s, e, lab), sc in best.items() if sc >= self.threshold]
        return merge_spans(spans)
