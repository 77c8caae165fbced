"""Question generation per section: the training data of the fine-tuning stage.

Generators (all local):
- ``heuristic`` (built in, always available): queries shaped like what clinicians type into a
  search box. *keyphrase*: the section's most specific terms (TF-IDF over the project's sections);
  *title*: the short items of a diagnosis / procedure / impression section, each paired with the
  two other sections of the same report that share most terms with it (MTSamples titles and
  radiology queries look like this), plus *title-abbrev* variants that swap a long form for the
  abbreviation the reports define ("I&D of neck abscess"); *header*: a question from the section's header and its key phrase
  ("What were the findings regarding the left renal pelvis?").
- ``llm`` and ``doc2query``: CTranslate2 models from the model store (pipeline/question_models.py).

Every generator reads the pseudonymized (or translated) text, never the original, and every
candidate passes the same filters: length, no long verbatim copy (for model output), nothing that
looks like PHI, normalised de-duplication.
"""
from __future__ import annotations

import json
import math
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Protocol

from appliance.project import JobControl, Project, ProjectError
from appliance.project.db import now_iso

HEURISTIC_VERSION = "heuristic-2"


@dataclass(frozen=True)
class SectionInput:
    text: str
    header: str
    language: str | None
    doc_type: str | None


class QuestionGenerator(Protocol):
    name: str

    def generate(self, sections: list[SectionInput], n: int) -> list[list[str]]: ...


# ---------------------------------------------------------------------------- filters
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß\-]+")
_STOP = frozenset(
    """a an and are as at be been by for from had has have he her his in is it its of on or she that the their
    this to was were which with without who will would there no not also then than after before into over under
    patient patients right left noted normal placed using used well within time both each other per mg ml cm mm
    der die das und ist mit bei nicht ein eine einer eines den dem des von zu im auf für wurde wurden wir sich
    nach sowie keine kein unter am als auch aus bis bei bzw dass durch es er sie hat haben hatte war waren wird
    werden zum zur vom seit noch nur sehr oder patientin patienten links rechts heute
    januar februar märz april mai juni juli august september oktober november dezember january february march
    june july october december monday tuesday wednesday thursday friday saturday sunday""".split()
)
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


# ---------------------------------------------------------------------------- heuristic generator
_TITLE_HEADERS = re.compile(
    r"diagnos|procedure|operation|impression|assessment|findings|indication|beurteilung|befund|eingriff|"
    r"histolog|conclusion|zusammenfassung",
    re.IGNORECASE,
)
_HEADER_TEMPLATES = {
    "en": "What does the {header} say about {phrase}?",
    "de": "Was steht unter {header} zu {phrase}?",
}
_ENUM = re.compile(r"^\s*(?:\d+[.)]|[-•*])\s*")


def _terms(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class HeuristicGenerator:
    """Key phrases, title-like queries and header questions from corpus statistics; no model needed."""

    name = "heuristic"
    prompt_version = HEURISTIC_VERSION

    def __init__(self, document_frequency: Counter, n_sections: int, seed: int = 0):
        self.df = document_frequency
        self.n = max(1, n_sections)
        self.rng = random.Random(seed)

    @classmethod
    def fit(cls, texts: Iterable[str], seed: int = 0) -> "HeuristicGenerator":
        df, n = Counter(), 0
        for text in texts:
            df.update(set(_terms(text)))
            n += 1
        return cls(df, n, seed)

    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def key_phrases(self, text: str, k: int) -> list[str]:
        """Best 1-3 word phrases of adjacent content words, scored by IDF (the specific vocabulary)."""
        words = _WORD.findall(text)
        scored: dict[str, float] = {}
        run: list[str] = []
        for w in words + [""]:
            if w and w.lower() not in _STOP and len(w) > 2:
                run.append(w)
                continue
            for size in (1, 2, 3):
                for i in range(len(run) - size + 1):
                    gram = run[i : i + size]
                    score = sum(self.idf(g.lower()) for g in gram) / (1 + 0.35 * (size - 1))
                    if self.df.get(gram[0].lower(), 0) >= 2 or size > 1:
                        phrase = " ".join(gram)
                        scored[phrase] = max(scored.get(phrase, 0.0), score)
            run = []
        best, used = [], set()
        for phrase, _ in sorted(scored.items(), key=lambda kv: -kv[1]):
            toks = {t.lower() for t in phrase.split()}
            if toks & used:
                continue
            best.append(phrase)
            used |= toks
            if len(best) >= k:
                break
        return best

    def title_queries(self, section: SectionInput, k: int = 3) -> list[str]:
        """Short enumerated items of a diagnosis/procedure-like section: what a report's title would name."""
        if not _TITLE_HEADERS.search(section.header or ""):
            return []
        items = re.split(r"\n|(?<=\.)\s*,|\s{2,}(?=\d+[.)]\s)|(?<=\.)\s+(?=\d+[.)]\s)", section.text.strip())
        out = []
        for item in items:
            item = _ENUM.sub("", item).strip(" .,:;")
            if 1 <= len(item.split()) <= 8 and not re.search(r"\d{3,}", item) and item not in out:
                out.append(item)
        return out[:k]

    def generate(self, sections: list[SectionInput], n: int) -> list[list[str]]:
        out = []
        for section in sections:
            content = [w for w in _terms(section.text) if w not in _STOP]
            if len(content) < 3:  # "None.", "Supple.": nothing a clinician would search for
                out.append([])
                continue
            phrases = self.key_phrases(section.text, max(n, 2))
            candidates: list[str] = []
            lang = section.language if section.language in _HEADER_TEMPLATES else "en"
            if phrases and section.header and n >= 3:
                header = section.header.strip().lower() if section.header.isupper() else section.header.strip()
                candidates.append(_HEADER_TEMPLATES[lang].format(header=header, phrase=phrases[0]))
            candidates += phrases[: max(1, n - len(candidates))]
            if len(phrases) >= 2:
                candidates.append(f"{phrases[0]} {phrases[1]}")
            out.append(candidates[:n])
        return out


def load_generator(spec: str | None, store=None, device: str = "auto", seed: int = 0) -> QuestionGenerator | None:
    """``heuristic`` (None: fitted on the project's text), or ``llm:NAME`` / ``doc2query:NAME`` from the store.

    A bare NAME is an LLM when its tokenizer carries a chat template, otherwise doc2query.
    """
    if spec in (None, "", "heuristic"):
        return None
    from appliance.models import ModelStore

    kind, _, name = spec.partition(":") if ":" in spec else ("", "", spec)
    path = ModelStore(store).resolve(name, "generator")
    if not kind:
        config = path / "tokenizer_config.json"
        has_template = config.is_file() and "chat_template" in json.loads(config.read_text(encoding="utf-8"))
        kind = "llm" if has_template or (path / "chat_template.jinja").is_file() else "doc2query"
    from appliance.pipeline import question_models

    if kind == "llm":
        return question_models.LlmQuestionGenerator(path, device=device, seed=seed)
    if kind == "doc2query":
        return question_models.Doc2QueryGenerator(path, device=device, seed=seed)
    raise ProjectError(f"unknown generator '{spec}' (use heuristic, llm:NAME or doc2query:NAME)")


# ---------------------------------------------------------------------------- the stage
@dataclass
class QuestionsReport:
    sections: int = 0
    already_done: int = 0
    questions: int = 0
    dropped: Counter = field(default_factory=Counter)
    by_doc_type: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {
            "sections": self.sections,
            "already_done": self.already_done,
            "questions": self.questions,
            "dropped": dict(self.dropped),
            "by_doc_type": dict(self.by_doc_type),
            "seconds": round(self.seconds, 2),
        }


def _source_rows(project: Project, use_translation: bool) -> list[dict]:
    stage = "translated" if use_translation else "pseudonymized"
    rows = list(
        project.db.query(
            "SELECT s.id AS section_id, s.document_id, s.header, t.text, t.language, d.doc_type, t.stage "
            "FROM sections s JOIN documents d ON d.id = s.document_id "
            "JOIN section_texts t ON t.section_id = s.id AND t.stage = ? ORDER BY s.document_id, s.ord",
            [stage],
        )
    )
    if not rows:
        hint = "appliance translate" if use_translation else "appliance pseudonymize"
        raise ProjectError(f"no {stage} text yet: run '{hint}' first (questions are never made from the original text)")
    return rows


_ABBREVIATION = re.compile(r"((?:[^\W\d_][\w-]*\s+){0,6}[^\W\d_][\w-]*)\s*\(([A-ZÄÖÜ][\w&/]{1,7})\)")


def abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """Long form (lower case) -> abbreviation, as the reports themselves define them ("incision and
    drainage (I&D)"), after Schwartz & Hearst (2003): the abbreviation's letters appear in order in the
    last words before it, the first letter starting the first of those words."""
    found: dict[str, str] = {}
    for text in texts:
        for m in _ABBREVIATION.finditer(text):
            words, abbr = m.group(1).split(), m.group(2)
            letters = [c.lower() for c in abbr if c.isalpha()]
            if len(letters) < 2 or sum(c.isupper() for c in abbr) < 2:
                continue
            for k in range(1, min(len(words), len(letters) + 2) + 1):
                candidate = " ".join(words[-k:])
                if candidate[0].lower() != letters[0] or len(words[-k]) < 2:
                    continue
                i = 0
                for ch in candidate.lower():
                    if i < len(letters) and ch == letters[i]:
                        i += 1
                if i == len(letters) and len(candidate) > len(abbr) + 3:
                    found.setdefault(candidate.lower(), abbr)
                    break
    return found


def abbreviation_variants(query: str, long_to_short: dict[str, str], short_to_long: dict[str, str]) -> list[str]:
    """The query with a defined long form swapped for its abbreviation, and an abbreviation spelled out."""
    low, out = query.lower(), []
    if "(" in low:
        return out
    for long_form, short in long_to_short.items():
        i = low.find(long_form)
        if i >= 0:
            out.append(query[:i] + short + query[i + len(long_form):])
    for word in re.findall(r"[\w&/]+", query):
        if word.isupper() and word.lower() in short_to_long:
            out.append(query.replace(word, short_to_long[word.lower()]))
    return [q for q in dict.fromkeys(out) if q != query]


def _title_pairs(gen: HeuristicGenerator, rows: list[dict], per_title: int = 2) -> dict[int, list[tuple[str, str]]]:
    """Title-like queries of each report (and their abbreviation variants), attached to the ``per_title``
    other sections of the same report that share most terms with them: the query names the report's
    topic, the passage explains it in other words (measured in docs/questions.md)."""
    long_to_short = abbreviations(r["text"] for r in rows)
    short_to_long = {v.lower(): k for k, v in long_to_short.items()}
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_doc[r["document_id"]].append(r)
    extra: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for doc_rows in by_doc.values():
        seen: set[str] = set()
        terms_of = {o["section_id"]: set(_terms(o["text"])) for o in doc_rows}
        for r in doc_rows:
            for title in gen.title_queries(SectionInput(r["text"], r["header"] or "", r["language"], r["doc_type"])):
                if title.lower() in seen:
                    continue
                seen.add(title.lower())
                terms = set(_terms(title)) - _STOP
                others = [o for o in doc_rows if o["section_id"] != r["section_id"] and len(o["text"]) > 80]
                ranked = sorted(others, key=lambda o: (-len(terms & terms_of[o["section_id"]]), -len(o["text"])))
                variants = [(title, "title")]
                variants += [(v, "title-abbrev") for v in abbreviation_variants(title, long_to_short, short_to_long)]
                for o in ranked[:per_title]:
                    if terms & terms_of[o["section_id"]]:
                        extra[o["section_id"]] += variants
    return extra


def generate_questions(
    project: Project,
    generator: QuestionGenerator | None = None,
    per_section: int = 3,
    use_translation: bool = False,
    seed: int = 0,
    control: JobControl | None = None,
    batch_size: int = 64,
) -> QuestionsReport:
    """Write questions for every section not yet done by this generator (a killed run resumes)."""
    control = control or JobControl()
    rows = _source_rows(project, use_translation)
    extra: dict[int, list[tuple[str, str]]] = {}
    if generator is None:
        generator = HeuristicGenerator.fit((r["text"] for r in rows), seed=seed)
        extra = _title_pairs(generator, rows)
    name = generator.name
    done = {
        r[0] for r in project.db.execute("SELECT section_id FROM question_progress WHERE generator = ?", [name])
    }
    todo = [r for r in rows if r["section_id"] not in done]
    report = QuestionsReport(already_done=len(rows) - len(todo))
    started = time.monotonic()
    require_qm = name != "heuristic" and name != "doc2query"
    with project.job("questions", {"generator": name, "per_section": per_section}, len(todo)) as job:
        for i in range(0, len(todo), batch_size):
            control.check()
            batch = todo[i : i + batch_size]
            inputs = [SectionInput(r["text"], r["header"] or "", r["language"], r["doc_type"]) for r in batch]
            raw = generator.generate(inputs, per_section)
            records, progress = [], []
            for r, candidates in zip(batch, raw):
                title_kind: dict[str, str] = {}
                for q, kind in extra.get(r["section_id"], []):
                    title_kind.setdefault(q, kind)
                titles = list(title_kind)
                kept, dropped = filter_questions(list(candidates) + titles, r["text"], require_question_mark=require_qm)
                # at most per_section generated questions (a model may return more); title pairs come on top
                kept = [q for q in kept if q not in titles][:per_section] + [q for q in kept if q in titles]
                report.dropped.update(dropped)
                report.by_doc_type[r["doc_type"] or "unknown"] += len(kept)
                records += [
                    {
                        "section_id": r["section_id"],
                        "document_id": r["document_id"],
                        "text": q,
                        "generator": name,
                        "kind": title_kind.get(q, name),
                        "prompt_version": getattr(generator, "prompt_version", ""),
                        "seed": seed,
                        "source_stage": r["stage"],
                        "created_at": now_iso(),
                    }
                    for q in kept
                ]
                progress.append(
                    {"section_id": r["section_id"], "generator": name, "n_questions": len(kept),
                     "n_dropped": sum(dropped.values()), "done_at": now_iso()}
                )
            with project.db.atomic():
                project.db["questions"].insert_all(records)
                project.db["question_progress"].insert_all(progress, pk=("section_id", "generator"))
            report.sections += len(batch)
            report.questions += len(records)
            job.message = f"{report.sections} sections done"
            control.report(min(i + batch_size, len(todo)), len(todo), f"{report.questions} questions")
            job.update(report.sections, len(todo))
        job.message = f"{report.questions} questions"
    report.seconds = time.monotonic() - started
    project.audit("questions", generator=name, sections=report.sections, questions=report.questions)
    return report


def export_questions(project: Project, path, generator: str | None = None) -> int:
    """Write ``{"question", "section_id", "document_id", "generator"}`` lines; returns the count."""
    where, args = ("WHERE generator = ?", [generator]) if generator else ("", [])
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for text, sid, did, gen in project.db.execute(
            f"SELECT text, section_id, document_id, generator FROM questions {where} ORDER BY id", args
        ):
            fh.write(json.dumps({"question": text, "section_id": sid, "document_id": did, "generator": gen}, ensure_ascii=False) + "\n")
            n += 1
    return n
