"""The questions stage: questions for every section not yet done by the chosen generator.

``run_questions(project, QuestionsOptions(...), control=...)`` reads the pseudonymized (or, with
``use_translation``, the translated) text, never the original; every candidate passes the filters
of :mod:`appliance.pipeline.questions.base`. Sections are committed in batches together with their
``question_progress`` rows, so a stopped run resumes with the sections not yet done.
"""
from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from appliance.messages import Text
from appliance.models import ModelStore
from appliance.pipeline.questions.base import QuestionGenerator, SectionInput, filter_questions
from appliance.pipeline.questions.heuristic import HeuristicGenerator, title_pairs
from appliance.project import JobControl, Project, ProjectError
from appliance.project.db import now_iso


@dataclass
class QuestionsOptions:
    """Which generator writes the questions, and how many."""

    #: "heuristic" (built in), "llm:NAME" or "doc2query:NAME" (a generator model from the store or a
    #: folder), or a bare NAME (an LLM when its tokenizer has a chat template, else doc2query)
    generator: str = "heuristic"
    #: questions per section (title-like queries of the heuristic come on top)
    per_section: int = 3
    #: read the English translations (stage ``translated``) instead of the pseudonymized text
    use_translation: bool = False
    #: seed of a model's sampler; stored with every question
    seed: int = 0
    #: where a generator model runs: auto, cpu or cuda
    device: str = "auto"
    #: model store folder (None: the default store)
    model_store: str | os.PathLike | ModelStore | None = None
    #: sections per batch (one transaction, one progress report)
    batch_size: int = 64
    #: also write all questions of the project to this JSONL file (None: no export)
    export: str | None = None


@dataclass
class QuestionsReport:
    """What a questions run did (counts only, never question text)."""

    #: the generator that wrote the questions ("heuristic", "llm", "doc2query")
    generator: str = ""
    #: sections done now
    sections: int = 0
    #: sections this generator had done in an earlier run
    already_done: int = 0
    #: questions written now
    questions: int = 0
    #: candidates dropped by the filters, per reason, most frequent first
    dropped: dict[str, int] = field(default_factory=dict)
    #: questions written now, per document type
    by_doc_type: dict[str, int] = field(default_factory=dict)
    #: wall-clock seconds of the generation (model loading not included)
    seconds: float = 0.0
    #: questions written to ``options.export`` (all generators); None without an export
    exported: int | None = None


def _model_store(model_store) -> ModelStore:
    return model_store if isinstance(model_store, ModelStore) else ModelStore(model_store)


def load_generator(spec: str | None, model_store=None, device: str = "auto", seed: int = 0) -> QuestionGenerator | None:
    """``heuristic`` (None: the stage fits it on the project's text), or ``llm:NAME`` / ``doc2query:NAME``.

    A bare NAME is an LLM when its tokenizer carries a chat template, otherwise doc2query. NAME is a
    generator model of the store or a folder.
    """
    if spec in (None, "", "heuristic"):
        return None
    kind, _, name = spec.partition(":") if ":" in spec else ("", "", spec)
    if kind not in ("", "llm", "doc2query"):
        raise ProjectError(Text("unknown generator '{spec}' (use heuristic, llm:NAME or doc2query:NAME)", spec=spec))
    path = _model_store(model_store).resolve(name, "generator")
    if not kind:
        config = path / "tokenizer_config.json"
        has_template = config.is_file() and "chat_template" in json.loads(config.read_text(encoding="utf-8"))
        kind = "llm" if has_template or (path / "chat_template.jinja").is_file() else "doc2query"
    if kind == "llm":
        from appliance.pipeline.questions.llm import LlmQuestionGenerator

        return LlmQuestionGenerator(path, device=device, seed=seed)
    from appliance.pipeline.questions.doc2query import Doc2QueryGenerator

    return Doc2QueryGenerator(path, device=device, seed=seed)


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
        raise ProjectError(
            Text('no {stage} text yet (questions are never made from the original text)', stage=stage),
            next_step="translate" if use_translation else "pseudonymize",
        )
    return rows


def run_questions(
    project: Project,
    options: QuestionsOptions | None = None,
    *,
    control: JobControl | None = None,
    generator: QuestionGenerator | None = None,
) -> QuestionsReport:
    """Write questions for every section not yet done by this generator (a stopped run resumes).

    ``generator``: an already loaded generator to use instead of ``options.generator`` (tests)."""
    options = options or QuestionsOptions()
    control = control or JobControl()
    rows = _source_rows(project, options.use_translation)
    extra: dict[int, list[tuple[str, str]]] = {}
    if generator is None and options.generator not in (None, "", "heuristic"):
        control.phase("Loading the question model")
        generator = load_generator(options.generator, options.model_store, options.device, options.seed)
        control.check()
    if generator is None:
        generator = HeuristicGenerator.fit(r["text"] for r in rows)
        extra = title_pairs(generator, rows)
    name = generator.name
    done = {r[0] for r in project.db.execute("SELECT section_id FROM question_progress WHERE generator = ?", [name])}
    todo = [r for r in rows if r["section_id"] not in done]
    report = QuestionsReport(generator=name, already_done=len(rows) - len(todo))
    dropped_total: Counter = Counter()
    by_doc_type: Counter = Counter()
    per_section, batch_size = options.per_section, max(1, options.batch_size)
    require_qm = name not in ("heuristic", "doc2query")
    started = time.monotonic()
    control.phase("Generating questions", total=len(todo))
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
                dropped_total.update(dropped)
                by_doc_type[r["doc_type"] or "unknown"] += len(kept)
                records += [
                    {
                        "section_id": r["section_id"],
                        "document_id": r["document_id"],
                        "text": q,
                        "generator": name,
                        "kind": title_kind.get(q, name),
                        "prompt_version": getattr(generator, "prompt_version", ""),
                        "seed": options.seed,
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
    report.dropped = dict(dropped_total.most_common())
    report.by_doc_type = dict(sorted(by_doc_type.items()))
    report.seconds = round(time.monotonic() - started, 2)
    project.audit("questions", generator=name, sections=report.sections, questions=report.questions)
    if options.export:
        report.exported = export_questions(project, options.export)
    return report


def export_questions(project: Project, path: str | os.PathLike, generator: str | None = None) -> int:
    """Write ``{"question", "section_id", "document_id", "generator"}`` lines; returns the count."""
    where, args = ("WHERE generator = ?", [generator]) if generator else ("", [])
    n = 0
    with open(Path(path), "w", encoding="utf-8") as fh:
        for text, sid, did, gen in project.db.execute(
            f"SELECT text, section_id, document_id, generator FROM questions {where} ORDER BY id", args
        ):
            fh.write(json.dumps({"question": text, "section_id": sid, "document_id": did, "generator": gen}, ensure_ascii=False) + "\n")
            n += 1
    return n
