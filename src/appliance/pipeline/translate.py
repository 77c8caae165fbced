"""Translation stage: pseudonymized German sections -> English, with CTranslate2.

What it guarantees:

- **Structure.** A section is cut into pieces whose concatenation is exactly the source text:
  line breaks, blank lines, indentation, list bullets and numbering ("1. ", "- ", "a) "), the
  colon after a heading ("Diagnosen: ") and the whitespace between sentences are kept verbatim;
  only the sentence texts go through the model, and a translation never contains a line break.
  So headers, lists and numbering come out where they went in.
- **Surrogates.** The pseudonymization stage recorded where each surrogate (name, date, id, ...)
  stands in the text. Before translation every surrogate is replaced by a placeholder the model
  tends to copy; afterwards the placeholders are replaced by the surrogates again. Where the model
  dropped or mangled a placeholder, that sentence is translated again in fragments *between* the
  surrogates, which keeps every surrogate by construction. Finally every surrogate string of the
  source must appear in the translation; a section where one is missing is flagged
  (``needs_review``) and counted.
- **Bounded work.** Sentences are sorted by length and batched; each batch gets a decoding limit
  of ``1.5 x its longest input + 10`` tokens (capped), so a degenerate output cannot run away.
  Outputs that hit the limit are counted (``runaway_segments``).
- **Resume.** Sections are committed in small groups (translation rows of a group in one
  transaction); a killed run resumes with the sections that have no ``translated`` row yet.

The German ``pseudonymized`` row stays; the English one is stored beside it with stage
``translated`` and language ``en``. Only documents detected as German at import are translated.
"""
from __future__ import annotations

import json
import math
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Protocol, Sequence

from appliance.messages import Text
from appliance.models import ModelError, ModelStore
from appliance.models.ct2 import check_compute_type, check_ct2_folder, open_ct2_model
from appliance.project import JobControl, Project, ProjectError
from appliance.project.db import now_iso

STAGE = "translated"
SOURCE_STAGE = "pseudonymized"
SOURCE_LANGUAGE = "de"
TARGET_LANGUAGE = "en"

#: A sentence longer than this many characters is cut at "; " / ", " / spaces before translation.
MAX_SEGMENT_CHARS = 400
#: Inputs are never longer than this many subword tokens (Marian's positions end at 512).
MAX_INPUT_TOKENS = 500


# ============================================================================ segmentation
@dataclass
class Piece:
    """A part of a section: ``translate`` pieces go through the model, the others stay verbatim."""

    text: str
    translate: bool


_LINE_SPLIT = re.compile(r"(\r\n|\n|\r)")
_LETTER = re.compile(r"[^\W\d_]")
# list bullets and numbering at the start of a line: "- ", "• ", "1. ", "1.2) ", "(3) ", "a) ", "IV. "
_PREFIX = re.compile(
    r"(?:[-–—•*·▪►→>]+\s+"
    r"|\(?\d{1,3}(?:\.\d{1,3})*[.)]\s+"
    r"|\(?[a-zA-Z][)]\s+"
    r"|[IVX]{1,4}\.\s+)"
)
# "Diagnosen: ...", "Therapie und Verlauf:" - a short heading followed by a colon
_HEADING = re.compile(r"(?P<head>[^\W\d_][^:.!?\n]{0,48}?\.?)(?P<sep>\s*:(?:\s+|$))(?P<rest>.*)", re.S)
_SENT_END = re.compile(r"[.!?…]+[\"'»“”)\]]*(?P<ws>\s+)(?=[\"'„»“(\[]?[A-ZÄÖÜ0-9])")
_ABBREVIATIONS = {
    # German clinical letters
    "dr", "med", "prof", "hr", "fr", "frl", "geb", "gest", "str", "nr", "tel", "ca", "bzw", "ggf", "evtl", "vgl",
    "inkl", "exkl", "zb", "z.b", "u.a", "d.h", "z.n", "z.zt", "bds", "li", "re", "mind", "max", "min", "std",
    "mg", "ml", "kg", "dipl", "univ", "priv", "doz", "abt", "betr", "pat", "ass", "st", "stat", "amb", "diagn",
    "therap", "op", "jhd", "jh", "lt", "ltd", "o.b", "o.g", "u.", "sog", "usw", "etc", "allg", "insb", "mo",
    "di", "mi", "do", "sa", "so", "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov",
    "dez", "vs", "ant", "post", "lat", "i.v", "s.c", "i.m", "p.o", "mr", "mrs", "ms", "no", "fig", "approx",
}


def _is_abbreviation_end(text: str, dot_pos: int) -> bool:
    """Does the period at ``dot_pos`` end an abbreviation, an initial or an ordinal number?"""
    if text[dot_pos] != ".":
        return False
    start = dot_pos
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "([„\"":
        start -= 1
    word = text[start:dot_pos].lower()
    if not word:
        return False
    if word.isdigit() and len(word) <= 2:  # "27. März", "3. Tag"
        return True
    if len(word) == 1 and word.isalpha():  # an initial: "H. Blasenstein"
        return True
    return word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS


def split_sentences(text: str) -> list[str]:
    """Sentences with the whitespace between them attached as separate items (joined == text)."""
    out: list[str] = []
    last = 0
    for m in _SENT_END.finditer(text):
        dot = m.start("ws") - 1
        while dot > 0 and text[dot] in "\"'»“”)]":
            dot -= 1
        if _is_abbreviation_end(text, dot):
            continue
        out += [text[last : m.start("ws")], m.group("ws")]
        last = m.end("ws")
    out.append(text[last:])
    return [s for s in out if s]


def _cut_long(sentence: str, max_chars: int) -> list[str]:
    """Cut an over-long sentence at '; ', ', ' or spaces; the cut whitespace is kept as its own item."""
    if len(sentence) <= max_chars:
        return [sentence]
    for pattern in (r"(?<=;)\s+", r"(?<=,)\s+", r"\s+"):
        cuts = [m for m in re.finditer(pattern, sentence) if 0 < m.start() <= max_chars]
        if cuts:
            m = cuts[-1]
            return [sentence[: m.start()], m.group()] + _cut_long(sentence[m.end() :], max_chars)
    return [sentence[:max_chars]] + _cut_long(sentence[max_chars:], max_chars)


def _has_words(text: str, placeholder: re.Pattern | None) -> bool:
    if placeholder is not None:
        text = placeholder.sub(" ", text)
    return bool(_LETTER.search(text))


def _content_pieces(content: str, placeholder: re.Pattern | None, max_chars: int) -> list[Piece]:
    pieces: list[Piece] = []
    for item in split_sentences(content):
        for part in _cut_long(item, max_chars):
            core = part.strip()
            if not core or not _has_words(core, placeholder):
                pieces.append(Piece(part, False))
                continue
            lead = part[: len(part) - len(part.lstrip())]
            trail = part[len(part.rstrip()) :]
            if lead:
                pieces.append(Piece(lead, False))
            pieces.append(Piece(core, True))
            if trail:
                pieces.append(Piece(trail, False))
    return pieces


def segment_text(text: str, placeholder: re.Pattern | None = None, max_chars: int = MAX_SEGMENT_CHARS) -> list[Piece]:
    """Cut a section into verbatim and translatable pieces; ``"".join(p.text for p in pieces) == text``."""
    pieces: list[Piece] = []
    for line in _LINE_SPLIT.split(text):
        if not line:
            continue
        if _LINE_SPLIT.fullmatch(line) or not _has_words(line, placeholder):
            pieces.append(Piece(line, False))
            continue
        body = line.lstrip()
        prefix = line[: len(line) - len(body)]
        m = _PREFIX.match(body)
        if m:
            prefix += m.group()
            body = body[m.end() :]
        stripped = body.rstrip()
        suffix = body[len(stripped) :]
        body = stripped
        if prefix:
            pieces.append(Piece(prefix, False))
        h = _HEADING.fullmatch(body)
        if h and len(h.group("head").split()) <= 5 and _has_words(h.group("head"), placeholder):
            pieces.append(Piece(h.group("head"), True))
            pieces.append(Piece(h.group("sep"), False))
            body = h.group("rest")
        if body:
            pieces += _content_pieces(body, placeholder, max_chars)
        if suffix:
            pieces.append(Piece(suffix, False))
    return _merge_verbatim(pieces)


def _merge_verbatim(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for p in pieces:
        if merged and not p.translate and not merged[-1].translate:
            merged[-1] = Piece(merged[-1].text + p.text, False)
        else:
            merged.append(p)
    return merged


# ============================================================================ surrogates
@dataclass
class Protected:
    """A section text with its surrogates replaced by numbered placeholders."""

    text: str
    surrogates: dict[int, tuple[str, str]]  # placeholder number -> (surrogate text, label)
    pattern: re.Pattern | None  # finds placeholders (tolerates a space the model may insert)
    prefix: str

    def token(self, n: int) -> str:
        return f"{self.prefix}{n}"


_PLACEHOLDER_PREFIXES = ("QZX", "XQZ", "ZXQ", "QXJ")


def protect(text: str, surrogates: Sequence[Sequence], enabled: bool = True) -> Protected:
    """Replace the surrogate spans ``[start, end, label]`` with placeholders like ``QZX3``."""
    spans = []
    for s in surrogates or []:
        try:
            start, end, label = int(s[0]), int(s[1]), str(s[2])
        except (TypeError, ValueError, IndexError):
            continue
        if 0 <= start < end <= len(text):
            spans.append((start, end, label))
    spans.sort()
    if not enabled or not spans:
        return Protected(text, {}, None, "")
    prefix = next((p for p in _PLACEHOLDER_PREFIXES if p.lower() not in text.lower()), None)
    if prefix is None:  # the text itself is full of our placeholder letters: do not protect
        return Protected(text, {}, None, "")
    out, mapping, last = [], {}, 0
    for start, end, label in spans:
        if start < last:  # overlapping span: already covered
            continue
        n = len(mapping) + 1
        out += [text[last:start], f"{prefix}{n}"]
        mapping[n] = (text[start:end], label)
        last = end
    out.append(text[last:])
    pattern = re.compile(rf"{prefix}\s?(\d+)", re.I)
    return Protected("".join(out), mapping, pattern, prefix)


def placeholders_in(text: str, protected: Protected) -> Counter:
    if protected.pattern is None:
        return Counter()
    return Counter(int(m.group(1)) for m in protected.pattern.finditer(text))


def restore(text: str, protected: Protected) -> tuple[str, list[list]]:
    """Put the surrogates back; returns the text and ``[start, end, label]`` of each surrogate in it."""
    if protected.pattern is None:
        return text, []
    out, spans, last, pos = [], [], 0, 0
    for m in protected.pattern.finditer(text):
        chunk = text[last : m.start()]
        out.append(chunk)
        pos += len(chunk)
        last = m.end()
        n = int(m.group(1))
        if n not in protected.surrogates:  # a placeholder the model made up: drop it
            continue
        surrogate, label = protected.surrogates[n]
        out.append(surrogate)
        spans.append([pos, pos + len(surrogate), label])
        pos += len(surrogate)
    out.append(text[last:])
    return "".join(out), spans


def lost_surrogates(source: str, surrogates: Sequence[Sequence], translation: str) -> list[str]:
    """Labels of surrogates of ``source`` that do not appear (as often) in ``translation``."""
    needed: Counter = Counter()
    labels: dict[str, str] = {}
    for s in surrogates or []:
        try:
            start, end, label = int(s[0]), int(s[1]), str(s[2])
        except (TypeError, ValueError, IndexError):
            continue
        if 0 <= start < end <= len(source):
            string = source[start:end]
            needed[string] += 1
            labels[string] = label
    lost = []
    for string, count in needed.items():
        missing = count - translation.count(string)
        lost += [labels[string]] * max(0, missing)
    return sorted(lost)


# ============================================================================ the translator
@dataclass
class SegmentResult:
    text: str
    source_tokens: int = 0
    target_tokens: int = 0
    hit_limit: bool = False


class SegmentTranslator(Protocol):
    """Anything that translates a list of single-line segments (tests pass a fake one)."""

    def translate(self, segments: Sequence[str]) -> list[SegmentResult]: ...


class _Tokenizer:
    """SentencePiece (source.spm / target.spm, the OPUS-MT layout) or a Hugging Face tokenizer.json."""

    def __init__(self, folder: Path, eos_token: str = "</s>", add_eos: bool = True):
        self.eos = eos_token
        if (folder / "source.spm").exists():
            import sentencepiece as spm

            self.kind = "spm"
            self.src = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
            target = folder / "target.spm"
            self.tgt = spm.SentencePieceProcessor(model_file=str(target if target.exists() else folder / "source.spm"))
            self.add_eos = add_eos
        elif (folder / "tokenizer.json").exists():
            from tokenizers import Tokenizer

            self.kind = "hf"
            self.hf = Tokenizer.from_file(str(folder / "tokenizer.json"))
            self.add_eos = add_eos
        else:
            raise ModelError(Text("the translation model '{folder}' has no source.spm or tokenizer.json", folder=folder.name))

    def encode(self, texts: Sequence[str]) -> list[list[str]]:
        if self.kind == "spm":
            batches = self.src.encode(list(texts), out_type=str)
        else:
            batches = [enc.tokens for enc in self.hf.encode_batch(list(texts))]
        if self.add_eos:
            batches = [toks if toks and toks[-1] == self.eos else toks + [self.eos] for toks in batches]
        return [toks[:MAX_INPUT_TOKENS] for toks in batches]

    def decode(self, batches: Sequence[Sequence[str]]) -> list[str]:
        if self.kind == "spm":
            return [self.tgt.decode([t for t in toks if t != self.eos]) for toks in batches]
        out = []
        for toks in batches:
            ids = [i for i in (self.hf.token_to_id(t) for t in toks) if i is not None]
            out.append(self.hf.decode(ids, skip_special_tokens=True))
        return out


class CT2Translator:
    """A CTranslate2 translator folder with its tokenizer, translating batches sorted by length."""

    def __init__(
        self,
        folder: str | Path,
        device: str = "auto",
        compute_type: str = "auto",
        beam_size: int = 4,
        batch_size: int = 32,
        max_decoding_length: int = 256,
        threads: int = 0,
    ):
        self.folder = check_ct2_folder(folder, "Translator")
        check_compute_type(compute_type)
        config = {}
        if (self.folder / "config.json").exists():
            config = json.loads((self.folder / "config.json").read_text(encoding="utf-8"))
        self.tokenizer = _Tokenizer(self.folder, config.get("eos_token") or "</s>", not config.get("add_source_eos", False))
        self.translator = open_ct2_model(
            "translator", self.folder, device=device, compute_type=compute_type, threads=threads,
            probe_token=self.tokenizer.eos,
        )
        self.device = self.translator.device
        self.compute_type = self.translator.compute_type
        self.beam_size = max(1, int(beam_size))
        self.batch_size = max(1, int(batch_size))
        self.max_decoding_length = max(8, int(max_decoding_length))

    def decoding_limit(self, longest_input: int) -> int:
        return min(self.max_decoding_length, int(1.5 * longest_input) + 10)

    def translate(self, segments: Sequence[str]) -> list[SegmentResult]:
        if not segments:
            return []
        tokens = self.tokenizer.encode(segments)
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        results: list[SegmentResult | None] = [None] * len(tokens)
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            batch = [tokens[i] for i in idx]
            limit = self.decoding_limit(max(len(t) for t in batch))
            out = self.translator.translate_batch(
                batch,
                beam_size=self.beam_size,
                max_batch_size=self.batch_size,
                max_input_length=MAX_INPUT_TOKENS,
                max_decoding_length=limit,
                disable_unk=True,
            )
            hyps = [r.hypotheses[0] for r in out]
            texts = self.tokenizer.decode(hyps)
            for i, hyp, text in zip(idx, hyps, texts):
                results[i] = SegmentResult(text, len(tokens[i]), len(hyp), len(hyp) >= limit)
        return results  # type: ignore[return-value]


# ============================================================================ one section
@dataclass
class SectionJob:
    section_id: int
    source: str
    surrogates: list
    protected: Protected
    pieces: list[Piece]
    out: list[str] = field(default_factory=list)
    fallback: int = 0
    runaway: int = 0
    untranslated: int = 0
    source_tokens: int = 0
    target_tokens: int = 0


def _one_line(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", text).strip()


_FRAGMENT_LEAD = re.compile(r"[^\w(\[„\"']*")


def _fragments(segment: str, protected: Protected) -> list[Piece]:
    """A segment cut at its placeholders: the text between them is translated, placeholders stay."""
    pieces: list[Piece] = []

    def between(chunk: str) -> None:
        # punctuation that joins a fragment to the surrogate before it (", geb. ") stays verbatim
        lead = _FRAGMENT_LEAD.match(chunk).group()
        if lead:
            pieces.append(Piece(lead, False))
        if chunk[len(lead) :]:
            pieces.extend(_content_pieces(chunk[len(lead) :], protected.pattern, 10**9))

    last = 0
    for m in protected.pattern.finditer(segment):  # type: ignore[union-attr]
        between(segment[last : m.start()])
        pieces.append(Piece(m.group(), False))
        last = m.end()
    between(segment[last:])
    return _merge_verbatim(pieces)


def translate_sections(
    sections: Sequence[dict], translator: SegmentTranslator, protect_surrogates: bool = True
) -> list[dict]:
    """Translate ``[{section_id, text, surrogates}]``; returns rows for ``section_texts`` (stage translated).

    All translatable segments of the given sections go to the translator in one call (it sorts
    and batches them by length); segments whose placeholders did not survive get a second call.
    """
    jobs: list[SectionJob] = []
    for s in sections:
        prot = protect(s["text"], s.get("surrogates") or [], enabled=protect_surrogates)
        jobs.append(SectionJob(s["section_id"], s["text"], s.get("surrogates") or [], prot, segment_text(prot.text, prot.pattern)))

    # first pass: every translatable piece as a whole sentence
    todo = [(j, k) for j in jobs for k, p in enumerate(j.pieces) if p.translate]
    results = translator.translate([jobs_piece.pieces[k].text for jobs_piece, k in todo])
    for j in jobs:
        j.out = [p.text for p in j.pieces]
    retry: list[tuple[SectionJob, int]] = []
    for (j, k), r in zip(todo, results):
        src = j.pieces[k].text
        text = _one_line(r.text)
        j.source_tokens += r.source_tokens
        j.target_tokens += r.target_tokens
        j.runaway += r.hit_limit
        wanted = placeholders_in(src, j.protected)
        got = placeholders_in(text, j.protected) if wanted else Counter()
        if any(got[n] < c for n, c in wanted.items()):
            retry.append((j, k))
            continue
        if not text:
            j.untranslated += 1
            text = src
        j.out[k] = text

    # second pass: sentences that lost a placeholder, translated in fragments between the surrogates
    if retry:
        frag_jobs = [(j, k, _fragments(j.pieces[k].text, j.protected)) for j, k in retry]
        flat = [(fi, pi) for fi, (_, _, frags) in enumerate(frag_jobs) for pi, p in enumerate(frags) if p.translate]
        frag_results = translator.translate([frag_jobs[fi][2][pi].text for fi, pi in flat])
        outs = [[p.text for p in frags] for _, _, frags in frag_jobs]
        for (fi, pi), r in zip(flat, frag_results):
            j = frag_jobs[fi][0]
            j.source_tokens += r.source_tokens
            j.target_tokens += r.target_tokens
            j.runaway += r.hit_limit
            text = _one_line(r.text)
            # a fragment must not bring placeholders of its own (they would duplicate a surrogate)
            text = j.protected.pattern.sub("", text).strip() if j.protected.pattern else text
            outs[fi][pi] = text or frag_jobs[fi][2][pi].text
        for (j, k, _frags), out in zip(frag_jobs, outs):
            j.out[k] = "".join(out)
            j.fallback += 1

    rows = []
    for j in jobs:
        text, spans = restore("".join(j.out), j.protected)
        lost = lost_surrogates(j.source, j.surrogates, text)
        flags = {
            "lost_surrogates": lost,
            "needs_review": bool(lost),
            "surrogates": spans,
            "segments": sum(p.translate for p in j.pieces),
            "fallback_segments": j.fallback,
            "runaway_segments": j.runaway,
            "untranslated_segments": j.untranslated,
            "source_tokens": j.source_tokens,
            "target_tokens": j.target_tokens,
        }
        rows.append({"section_id": j.section_id, "text": text, "flags": flags})
    return rows


def translate_text(text: str, translator: SegmentTranslator, surrogates: Sequence[Sequence] = ()) -> str:
    """One text (e.g. a search query or a preview); surrogates as ``[start, end, label]``."""
    return translate_sections([{"section_id": 0, "text": text, "surrogates": list(surrogates)}], translator)[0]["text"]


# ============================================================================ the project stage
@dataclass
class TranslateOptions:
    """Which model translates, where, and how."""

    #: translation model: store name or CTranslate2 folder (None: the first installed)
    model: str | None = None
    #: where the model runs: auto, cpu or cuda (auto falls back to the CPU when CTranslate2 cannot use the GPU)
    device: str = "auto"
    #: CTranslate2 compute type (auto: int8 on a CPU, int8_float16 or float16 on a GPU)
    compute_type: str = "auto"
    #: beam search width (1: greedy)
    beam_size: int = 4
    #: sentences per model batch
    batch_size: int = 32
    #: upper limit of output tokens per sentence
    max_decoding_length: int = 256
    #: CPU threads (0: all cores)
    threads: int = 0
    #: sections per transaction (a stopped run loses at most this many)
    sections_per_commit: int = 16
    #: replace surrogates by placeholders before translation (and put them back after)
    protect_surrogates: bool = True
    #: model store folder (None: the default store)
    model_store: str | os.PathLike | ModelStore | None = None


@dataclass
class TranslateReport:
    """What a translation run did (counts only, never text)."""

    #: sections translated now
    sections: int = 0
    #: German sections translated in an earlier run
    already_done: int = 0
    #: German documents of the sections translated now
    documents: int = 0
    #: German sections without pseudonymized text (not translated)
    not_pseudonymized: int = 0
    #: sentences (and headings) sent to the model
    segments: int = 0
    #: sentences translated again in fragments because a placeholder was lost
    fallback_segments: int = 0
    #: sentences whose output hit the decoding limit
    runaway_segments: int = 0
    #: sections that lost a surrogate and need a review
    flagged: int = 0
    #: lost surrogates per PHI label, most frequent first
    lost_surrogates: dict[str, int] = field(default_factory=dict)
    #: subword tokens read by the model
    source_tokens: int = 0
    #: subword tokens written by the model
    target_tokens: int = 0
    #: wall-clock seconds of the translation (model loading not included)
    seconds: float = 0.0
    #: target tokens per second (None when nothing was translated)
    target_tokens_per_s: float | None = None
    #: the model's folder name (the class name of a translator passed in)
    model: str = ""
    #: where it ran: cpu or cuda ("" for a translator passed in)
    device: str = ""
    #: the compute type CTranslate2 chose ("" for a translator passed in)
    compute_type: str = ""


def _format_eta(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return "ETA ?"
    seconds = int(seconds)
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"ETA {h}:{m:02d}:{s:02d}" if h else f"ETA {m}:{s:02d}"


def _todo_sections(project: Project) -> list[int]:
    return [
        r[0]
        for r in project.db.execute(
            "SELECT s.id FROM sections s JOIN documents d ON d.id = s.document_id "
            "JOIN section_texts t ON t.section_id = s.id AND t.stage = ? "
            "WHERE d.language = ? AND NOT EXISTS "
            "(SELECT 1 FROM section_texts u WHERE u.section_id = s.id AND u.stage = ?) "
            "ORDER BY s.document_id, s.ord",
            [SOURCE_STAGE, SOURCE_LANGUAGE, STAGE],
        )
    ]


def _load_sections(project: Project, ids: Sequence[int]) -> list[dict]:
    marks = ",".join("?" * len(ids))
    rows = project.db.execute(
        f"SELECT t.section_id, s.document_id, t.text, t.flags FROM section_texts t JOIN sections s ON s.id = t.section_id "
        f"WHERE t.stage = ? AND t.section_id IN ({marks})",
        [SOURCE_STAGE, *ids],
    ).fetchall()
    by_id = {}
    for section_id, document_id, text, flags in rows:
        try:
            surrogates = json.loads(flags or "{}").get("surrogates") or []
        except ValueError:
            surrogates = []
        by_id[section_id] = {"section_id": section_id, "document_id": document_id, "text": text, "surrogates": surrogates}
    return [by_id[i] for i in ids if i in by_id]


def run_translate(
    project: Project,
    options: TranslateOptions | None = None,
    *,
    control: JobControl | None = None,
    translator: SegmentTranslator | None = None,
) -> TranslateReport:
    """Translate the pseudonymized sections of German documents not yet translated into English.

    ``translator``: anything with ``translate(segments)`` to use instead of loading ``options.model``
    (tests)."""
    options = options or TranslateOptions()
    control = control or JobControl()
    q = lambda sql, args=(): project.db.execute(sql, list(args)).fetchone()[0]  # noqa: E731
    n_pseudo = q("SELECT count(*) FROM section_texts WHERE stage = ?", [SOURCE_STAGE])
    n_german = q(
        "SELECT count(*) FROM sections s JOIN documents d ON d.id = s.document_id WHERE d.language = ?", [SOURCE_LANGUAGE]
    )
    if n_german and not n_pseudo:
        raise ProjectError("nothing is pseudonymized yet (translation reads only pseudonymized text)",
                           next_step="pseudonymize")
    report = TranslateReport()
    report.already_done = q(
        "SELECT count(*) FROM section_texts t JOIN sections s ON s.id = t.section_id JOIN documents d ON d.id = s.document_id "
        "WHERE t.stage = ? AND d.language = ?",
        [STAGE, SOURCE_LANGUAGE],
    )
    report.not_pseudonymized = q(
        "SELECT count(*) FROM sections s JOIN documents d ON d.id = s.document_id WHERE d.language = ? AND NOT EXISTS "
        "(SELECT 1 FROM section_texts t WHERE t.section_id = s.id AND t.stage = ?)",
        [SOURCE_LANGUAGE, SOURCE_STAGE],
    )
    todo = _todo_sections(project)
    if not todo:
        return report

    if translator is None:
        store = options.model_store if isinstance(options.model_store, ModelStore) else ModelStore(options.model_store)
        folder = store.resolve(options.model, "translation")
        control.phase("Loading the translation model")
        translator = CT2Translator(
            folder,
            device=options.device,
            compute_type=options.compute_type,
            beam_size=options.beam_size,
            batch_size=options.batch_size,
            max_decoding_length=options.max_decoding_length,
            threads=options.threads,
        )
        control.check()
        report.model = folder.name
        report.device = translator.device
        report.compute_type = translator.compute_type
    else:
        report.model = type(translator).__name__
    params = {
        "sections": len(todo),
        "model": report.model,
        "device": report.device,
        "compute_type": report.compute_type,
        "beam_size": options.beam_size,
        "protect_surrogates": options.protect_surrogates,
    }
    per_commit = max(1, options.sections_per_commit)
    lost: Counter = Counter()
    documents: set[int] = set()
    control.phase("Translating", total=len(todo))
    started = time.monotonic()
    with project.job("translate", params, len(todo)) as job:
        for start in range(0, len(todo), per_commit):
            control.check()
            batch = _load_sections(project, todo[start : start + per_commit])
            rows = translate_sections(batch, translator, protect_surrogates=options.protect_surrogates)
            stamp = now_iso()
            with project.db.atomic():
                project.db["section_texts"].upsert_all(
                    (
                        {
                            "section_id": r["section_id"],
                            "stage": STAGE,
                            "language": TARGET_LANGUAGE,
                            "text": r["text"],
                            "flags": json.dumps(r["flags"]),
                            "created_at": stamp,
                        }
                        for r in rows
                    ),
                    pk=("section_id", "stage"),
                )
            for s, r in zip(batch, rows):
                f = r["flags"]
                documents.add(s["document_id"])
                report.sections += 1
                report.segments += f["segments"]
                report.fallback_segments += f["fallback_segments"]
                report.runaway_segments += f["runaway_segments"]
                report.source_tokens += f["source_tokens"]
                report.target_tokens += f["target_tokens"]
                report.flagged += f["needs_review"]
                lost.update(f["lost_surrogates"])
            done = min(start + per_commit, len(todo))
            eta = (time.monotonic() - started) / done * (len(todo) - done)
            job.message = f"{report.sections} sections done"
            control.report(done, len(todo), f"{report.flagged} flagged, {_format_eta(eta)}")
            job.update(done, len(todo), _format_eta(eta))
        job.message = f"{report.sections} sections, {report.flagged} flagged"
    seconds = time.monotonic() - started
    report.documents = len(documents)
    report.lost_surrogates = dict(lost.most_common())
    report.seconds = round(seconds, 2)
    report.target_tokens_per_s = round(report.target_tokens / seconds, 1) if seconds else None
    project.audit(
        "translate",
        sections=report.sections,
        documents=report.documents,
        flagged=report.flagged,
        fallback_segments=report.fallback_segments,
        runaway_segments=report.runaway_segments,
        model=report.model,
    )
    return report


def translated_sections(project: Project) -> Iterable[dict]:
    """English text of the German sections (section id, document id, ord, header, text, flags)."""
    return project.db.query(
        "SELECT s.id AS section_id, s.document_id, s.ord, s.header, t.text, t.flags "
        "FROM sections s JOIN section_texts t ON t.section_id = s.id AND t.stage = ? ORDER BY s.document_id, s.ord",
        [STAGE],
    )
