"""Question generation per section: the training data of the fine-tuning stage.

Generators (all local):

- ``heuristic`` (built in, always available; :mod:`.heuristic`): key phrases, title-like queries
  paired with related sections, abbreviation variants and header questions, from the statistics of
  the project's own sections.
- ``llm`` (:mod:`.llm`): a local instruct LLM, a CTranslate2 Generator with its chat template.
- ``doc2query`` (:mod:`.doc2query`): a T5/mT5 doc2query model, a CTranslate2 Translator.

:mod:`.base` holds what they share (the input, the protocol, the filters); :mod:`.stage` is the
project stage (:func:`run_questions`). The modules import each other only downwards
(base <- heuristic, llm, doc2query <- stage), never this package.
"""
from appliance.pipeline.questions.base import (
    QuestionGenerator,
    SectionInput,
    copies_section,
    filter_questions,
    looks_like_phi,
    normalise,
)
from appliance.pipeline.questions.doc2query import Doc2QueryGenerator
from appliance.pipeline.questions.heuristic import (
    HEURISTIC_VERSION,
    HeuristicGenerator,
    abbreviation_variants,
    abbreviations,
    title_pairs,
)
from appliance.pipeline.questions.llm import (
    DOC_TYPES,
    MAX_SECTION_CHARS,
    PROMPT_VERSION,
    LlmQuestionGenerator,
    build_prompt,
    normalise_doc_type,
    parse_llm_output,
    prompt_language,
)
from appliance.pipeline.questions.stage import (
    QuestionsOptions,
    QuestionsReport,
    export_questions,
    load_generator,
    run_questions,
)

__all__ = [
    "DOC_TYPES",
    "Doc2QueryGenerator",
    "HEURISTIC_VERSION",
    "HeuristicGenerator",
    "LlmQuestionGenerator",
    "MAX_SECTION_CHARS",
    "PROMPT_VERSION",
    "QuestionGenerator",
    "QuestionsOptions",
    "QuestionsReport",
    "SectionInput",
    "abbreviation_variants",
    "abbreviations",
    "build_prompt",
    "copies_section",
    "export_questions",
    "filter_questions",
    "load_generator",
    "looks_like_phi",
    "normalise",
    "normalise_doc_type",
    "parse_llm_output",
    "prompt_language",
    "run_questions",
    "title_pairs",
]
