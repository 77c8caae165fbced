"""Character-level de-identification scores on gold PHI spans (GraSCCo-PHI layout).

Recall = share of gold PHI characters inside some detected span (any label): a character
that is covered ends up replaced, whatever label we gave it. Precision = share of detected
characters that are gold PHI. Leakage = 1 - recall.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable

from .spans import PhiSpan

# Presidio synthetic PII labels -> our PHI labels
PRESIDIO_LABELS = {
    "PERSON": "NAME_OTHER", "STREET_ADDRESS": "LOCATION_STREET", "GPE": "LOCATION_CITY",
    "ORGANIZATION": "LOCATION_ORGANIZATION", "CREDIT_CARD": "ID", "DATE_TIME": "DATE", "TITLE": "NAME_TITLE",
    "PHONE_NUMBER": "CONTACT_PHONE", "AGE": "AGE", "NRP": "OTHER", "EMAIL_ADDRESS": "CONTACT_EMAIL",
    "ZIP_CODE": "LOCATION_ZIP", "DOMAIN_NAME": "CONTACT_URL", "IBAN_CODE": "ID", "US_SSN": "ID",
    "IP_ADDRESS": "CONTACT_IP", "US_DRIVER_LICENSE": "ID",
}


#: Presidio labels that are no PHI of a patient letter (organisations, honorifics, nationalities, web
#: domains, IPs): left out of the "PHI labels" figure (names, addresses, dates, phones, e-mails, IDs, ages)
PRESIDIO_NOT_PHI = ("LOCATION_ORGANIZATION", "NAME_TITLE", "OTHER", "CONTACT_URL", "CONTACT_IP")


def load_gold(path: str | Path) -> list[dict]:
    """Read gold documents: the grascco-phi jsonl layout (doc_id, text, spans[start,end,label,text]),
    or -- detected by content -- the Presidio synthetic JSON list, converted to that layout."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    if raw.lstrip().startswith("["):
        return presidio_to_gold(json.loads(raw))
    return [json.loads(line) for line in raw.splitlines() if line.strip()]


def presidio_to_gold(records: list[dict]) -> list[dict]:
    """Presidio synth_dataset records -> [{doc_id, text, spans}] with our labels."""
    docs = []
    for i, r in enumerate(records):
        text = r["full_text"]
        spans = []
        for s in r.get("spans", []):
            a, b = int(s["start_position"]), int(s["end_position"])
            spans.append({"start": a, "end": b, "label": PRESIDIO_LABELS.get(s["entity_type"], s["entity_type"]),
                          "text": text[a:b]})
        docs.append({"doc_id": f"presidio-{i}", "text": text, "spans": spans})
    return docs


def _group(label: str) -> str:
    return "NAME" if label.startswith("NAME_") else label


def deid_scores(gold_docs: Iterable[dict], predict: Callable[[str], list[PhiSpan]],
                ignore_labels: Iterable[str] = (), keep_errors: bool = False) -> dict:
    """Recall/precision/leakage overall and per label, plus throughput.

    keep_errors=True adds offsets of missed and false-positive character runs per document
    (offsets only, never text, so the result can be logged).
    """
    ignore = set(ignore_labels)
    gold_total = covered_total = pred_total = pred_in_gold = 0
    per_label_sup: dict[str, int] = defaultdict(int)
    per_label_cov: dict[str, int] = defaultdict(int)
    span_total = span_full = 0
    errors = []
    elapsed = 0.0
    n_docs = 0
    for doc in gold_docs:
        text = doc["text"]
        t0 = time.perf_counter()
        pred = predict(text)
        elapsed += time.perf_counter() - t0
        n_docs += 1
        gold_mask = bytearray(len(text))
        ignore_mask = bytearray(len(text))
        for s in doc["spans"]:
            if s["label"] in ignore:
                for k in range(s["start"], s["end"]):
                    ignore_mask[k] = 1
                continue
            for k in range(s["start"], s["end"]):
                gold_mask[k] = 1
        pred_mask = bytearray(len(text))
        for p in pred:
            for k in range(max(0, p.start), min(len(text), p.end)):
                pred_mask[k] = 1
        for s in doc["spans"]:
            if s["label"] in ignore:
                continue
            n = s["end"] - s["start"]
            c = sum(pred_mask[s["start"]:s["end"]])
            per_label_sup[s["label"]] += n
            per_label_cov[s["label"]] += c
            per_label_sup[_group(s["label"]) + "_*"] += n if s["label"].startswith("NAME_") else 0
            per_label_cov[_group(s["label"]) + "_*"] += c if s["label"].startswith("NAME_") else 0
            span_total += 1
            span_full += int(c == n)
        g = sum(gold_mask)
        cov = sum(1 for k in range(len(text)) if gold_mask[k] and pred_mask[k])
        pt = sum(1 for k in range(len(text)) if pred_mask[k] and not ignore_mask[k])
        pig = sum(1 for k in range(len(text)) if pred_mask[k] and gold_mask[k])
        gold_total += g
        covered_total += cov
        pred_total += pt
        pred_in_gold += pig
        if keep_errors:
            errors.append({"doc_id": doc.get("doc_id"),
                           "missed": _runs(gold_mask, pred_mask, True),
                           "false_positive": _runs(pred_mask, gold_mask, True, ignore_mask)})
    recall = covered_total / gold_total if gold_total else 1.0
    precision = pred_in_gold / pred_total if pred_total else 1.0
    per_label = {}
    for lab, sup in sorted(per_label_sup.items()):
        if lab == "NAME_*" or not lab.endswith("_*"):
            if sup:
                per_label[lab] = {"recall": per_label_cov[lab] / sup, "support": sup}
    result = {
        "recall": recall,
        "precision": precision,
        "leakage": 1.0 - recall,
        "f1": 2 * recall * precision / (recall + precision) if recall + precision else 0.0,
        "span_recall": span_full / span_total if span_total else 1.0,
        "per_label": per_label,
        "docs": n_docs,
        "docs_per_s": n_docs / elapsed if elapsed else float("inf"),
        "gold_chars": gold_total,
        "pred_chars": pred_total,
    }
    if keep_errors:
        result["errors"] = errors
    return result


def _runs(mask_a: bytearray, mask_b: bytearray, want_a: bool, skip: bytearray | None = None) -> list[tuple[int, int]]:
    """Maximal runs where mask_a is set and mask_b is not."""
    runs = []
    start = None
    for k in range(len(mask_a) + 1):
        on = k < len(mask_a) and mask_a[k] and not mask_b[k] and not (skip is not None and skip[k])
        if on and start is None:
            start = k
        elif not on and start is not None:
            runs.append((start, k))
            start = None
    return runs


def split_gold(docs: list[dict], locked_ids: Iterable[str]) -> tuple[list[dict], list[dict]]:
    """(train, locked): the generalisation protocol's two halves of a gold set."""
    locked = set(locked_ids)
    return [d for d in docs if d["doc_id"] not in locked], [d for d in docs if d["doc_id"] in locked]


def read_id_list(path: str | Path) -> list[str]:
    """Document ids, one per line; '#' starts a comment."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [ln.split("#", 1)[0].strip() for ln in lines if ln.split("#", 1)[0].strip()]


def swap_names(docs: Iterable[dict], seed: int = 7,
               locales: tuple[str, ...] = ("pl_PL", "tr_TR", "it_IT", "hr_HR", "fr_FR", "cs_CZ")) -> list[dict]:
    """Gold documents whose person names and cities are replaced (consistently per document) by
    names from other Faker locales, spans moved along: a detector that finds names by context and
    not by memory of the lists keeps its recall."""
    import random
    import re

    from faker import Faker

    rng = random.Random(seed)
    fakers = [Faker(loc) for loc in locales]
    for i, f in enumerate(fakers):
        f.seed_instance(100 + i)
    # it_IT's city() depends on the hash seed; its names do not
    city_fakers = [f for f, loc in zip(fakers, locales) if loc != "it_IT"] or fakers
    particles = {"von", "van", "de", "dos", "der"}

    def fake(kind: str) -> str:
        f = rng.choice(fakers)
        return re.split(r"[\s-]", f.first_name() if kind == "first" else f.last_name())[0]

    swapped = []
    for doc in docs:
        text, mapping, out, pos, spans = doc["text"], {}, "", 0, []
        for g in sorted(doc["spans"], key=lambda s: s["start"]):
            value = text[g["start"]:g["end"]]
            if g["label"] in ("NAME_PATIENT", "NAME_DOCTOR", "NAME_RELATIVE"):
                words = value.split(" ")
                new = " ".join(
                    w if w in particles or re.fullmatch(r"\w\.", w) or not w
                    else mapping.setdefault(w, (lambda v, w=w: v.upper() if w.isupper() else v)(
                        fake("last" if k == len(words) - 1 else "first")))
                    for k, w in enumerate(words))
            elif g["label"] == "LOCATION_CITY":
                new = mapping.setdefault(value, rng.choice(city_fakers).city())
            else:
                new = value
            out += text[pos:g["start"]]
            spans.append({"start": len(out), "end": len(out) + len(new), "label": g["label"], "text": new})
            out += new
            pos = g["end"]
        swapped.append({"doc_id": doc["doc_id"], "text": out + text[pos:], "spans": spans})
    return swapped
