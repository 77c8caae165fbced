"""Questions from a local instruct LLM: a CTranslate2 *Generator* with the model's own chat template.

:class:`LlmQuestionGenerator` loads a CTranslate2 Generator folder (Llama / Qwen / Mistral / Gemma
converted with ``installer/convert_generators.py``) and its Hugging Face tokenizer with the model's
chat template. One prompt per section (:func:`build_prompt`: per document type and language) asks
for N questions as a JSON array; the outputs are sampled in length-sorted batches and parsed by
:func:`parse_llm_output`, which also copes with numbered or bulleted lists, ``json`` fences,
preambles ("Hier sind 5 Fragen:") and trailing chatter.

It returns the *raw* candidates per section; the stage (``questions/stage.py``) filters and
de-duplicates them. Sampling is reproducible per instance: a generator made with the same seed and
given the same sections in the same calls samples the same questions (CTranslate2 seeds a model's
sampler once, at its first use; a resumed run therefore samples the remaining sections afresh).
The model is loaded from a local folder only; nothing is downloaded.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Sequence

from appliance.messages import Text
from appliance.models import ModelError
from appliance.models.ct2 import check_compute_type, check_ct2_folder, open_ct2_model, seed_sampler_once
from appliance.pipeline.questions.base import SectionInput

#: Section text beyond this many characters is cut before prompting (sections are ~200 tokens).
MAX_SECTION_CHARS = 4000

# ============================================================================ prompts
DOC_TYPES = ("radiology", "pathology", "discharge", "operation", "default")

_DOC_NAMES = {
    "de": {
        "radiology": "einem radiologischen Befund",
        "pathology": "einem pathologischen Befundbericht",
        "discharge": "einem Entlassbrief",
        "operation": "einem Operationsbericht",
        "default": "einem klinischen Dokument",
    },
    "en": {
        "radiology": "a radiology report",
        "pathology": "a pathology report",
        "discharge": "a discharge summary",
        "operation": "an operative report",
        "default": "a clinical document",
    },
}

_FOCUS = {
    "de": {
        "radiology": "zum Beispiel nach Befunden, Lokalisation und Größe, dem Vergleich mit Voruntersuchungen und der Beurteilung",
        "pathology": "zum Beispiel nach Makroskopie, Mikroskopie, Diagnose, Grading und Staging, Resektionsrändern und Zusatzuntersuchungen",
        "discharge": "zum Beispiel nach Diagnosen, Behandlung und Verlauf, Medikation bei Entlassung und den weiteren Empfehlungen",
        "operation": "zum Beispiel nach Indikation, Operationsverfahren, intraoperativen Befunden, Komplikationen und dem postoperativen Vorgehen",
        "default": "zum Beispiel nach Diagnosen, Befunden, Therapie und Verlauf",
    },
    "en": {
        "radiology": "for example about findings, location and size, comparison with prior studies, and the impression",
        "pathology": "for example about gross and microscopic description, diagnosis, grade and stage, margins, and ancillary studies",
        "discharge": "for example about diagnoses, treatment and hospital course, discharge medications, and follow-up recommendations",
        "operation": "for example about the indication, the procedure, operative findings, complications, and postoperative plan",
        "default": "for example about diagnoses, findings, treatment and course",
    },
}

_SYSTEM = {
    "de": "Du bist eine erfahrene Ärztin und hilfst, eine klinische Suchmaschine für ein Krankenhaus aufzubauen.",
    "en": "You are an experienced physician helping to build a clinical search engine for a hospital.",
}

_USER = {
    "de": (
        "Hier ist {where} aus {doc}:\n\n\"\"\"\n{text}\n\"\"\"\n\n"
        "Schreibe {n} medizinisch relevante Fragen, die eine Ärztin oder ein Arzt stellen würde und die genau "
        "dieser Abschnitt beantwortet, {focus}. Jede Frage steht für sich allein, ist auf Deutsch, kurz und endet "
        "mit einem Fragezeichen. Übernimm keine Namen, Daten, Orte oder Kennnummern aus dem Text und schreibe "
        "keine langen Passagen ab.\n\n"
        "Antworte nur mit einem JSON-Array aus {n} Zeichenketten, ohne weiteren Text, zum Beispiel:\n"
        "[\"Frage 1?\", \"Frage 2?\"]"
    ),
    "en": (
        "Here is {where} from {doc}:\n\n\"\"\"\n{text}\n\"\"\"\n\n"
        "Write {n} medically relevant questions that a clinician would ask and that exactly this section answers, "
        "{focus}. Each question stands on its own, is in {language}, short, and ends with a question mark. Do not "
        "copy names, dates, places or identifiers from the text and do not copy long passages.\n\n"
        "Answer only with a JSON array of {n} strings and no other text, for example:\n"
        "[\"Question 1?\", \"Question 2?\"]"
    ),
}

_WHERE = {"de": ("der Abschnitt „{header}“", "ein Abschnitt"), "en": ("the section \"{header}\"", "a section")}

#: Changes whenever a prompt text changes; stored with every question as its provenance.
PROMPT_VERSION = "llm-v1-" + hashlib.sha256(
    json.dumps([_DOC_NAMES, _FOCUS, _SYSTEM, _USER, _WHERE], sort_keys=True, ensure_ascii=False).encode("utf-8")
).hexdigest()[:8]

_DE_WORDS = re.compile(r"\b(der|die|das|und|mit|nicht|ist|ein|eine|im|bei|zur|vom|wurde|keine)\b", re.I)
_EN_WORDS = re.compile(r"\b(the|and|with|not|is|a|an|of|in|was|were|no|for|to)\b", re.I)


def normalise_doc_type(doc_type: str | None) -> str:
    """One of DOC_TYPES from the stored document type ("radiology", "Arztbrief", "OP-Bericht", ...)."""
    t = (doc_type or "").strip().lower()
    if not t:
        return "default"
    if t in DOC_TYPES:
        return t
    if "radiolog" in t or t in ("rad", "imaging", "bildgebung", "röntgen", "ct", "mrt", "mri"):
        return "radiology"
    if "patholog" in t or "histolog" in t or t in ("path", "zytologie", "cytology"):
        return "pathology"
    if any(k in t for k in ("discharge", "entlass", "arztbrief", "epikrise", "brief", "letter")):
        return "discharge"
    if any(k in t for k in ("operat", "op-", "surg", "chirurg")) or t in ("op", "opbericht"):
        return "operation"
    return "default"


def prompt_language(section: SectionInput) -> str:
    """'de' or 'en': the section's language, guessed from function words where it is unknown."""
    lang = (section.language or "").strip().lower()
    if lang.startswith("de"):
        return "de"
    if lang:
        return "en"
    de, en = len(_DE_WORDS.findall(section.text)), len(_EN_WORDS.findall(section.text))
    return "de" if de > en else "en"


def build_prompt(section: SectionInput, n: int) -> list[dict]:
    """Chat messages (system + user) asking for ``n`` questions that this section answers.

    The wording depends on the document type (radiology, pathology, discharge, operation, default)
    and the section's language; questions are asked for in that language (German prompt for German
    sections, English otherwise, with the language named where it is neither).
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    lang = prompt_language(section)
    doc = normalise_doc_type(section.doc_type)
    header = " ".join((section.header or "").split())
    where = _WHERE[lang][0].format(header=header) if header else _WHERE[lang][1]
    text = section.text.strip()
    if len(text) > MAX_SECTION_CHARS:
        text = text[:MAX_SECTION_CHARS].rsplit(" ", 1)[0] + " …"
    raw_lang = (section.language or "").strip().lower()
    language = "English" if lang == "de" or not raw_lang or raw_lang.startswith("en") else f"the language of the section ({raw_lang})"
    user = _USER[lang].format(where=where, doc=_DOC_NAMES[lang][doc], text=text, n=n, focus=_FOCUS[lang][doc], language=language)
    return [{"role": "system", "content": _SYSTEM[lang]}, {"role": "user", "content": user}]


# ============================================================================ parsing
_THINK = re.compile(r"<think>.*?(</think>|$)", re.S | re.I)
_FENCE = re.compile(r"```[a-zA-Z]*\s*\n?(.*?)(?:```|$)", re.S)
_QUOTED = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_MARKER = re.compile(
    r"^\s*(?:"
    r"(?:[-•·–—▪►]+\s*|\*+\s+)"  # bullets (a "*" needs a space: "**bold**" is no bullet)
    r"|\(?\d{1,2}\s*[.):]\s*"  # 1.  1)  (1)  1:
    r"|[a-zA-Z][.)]\s+"  # a)  b.
    r"|(?:Frage|Question|Q|F)\s*\d{0,2}\s*[.:)]\s*"  # Frage 1:  Q1:  Question:
    r")+",
    re.I,
)
_INLINE_NUMBER = re.compile(r"(?<=\?)\s+(?=\(?\d{1,2}[.)]\s)")
_EDGE_QUOTES = "\"'„“”‚‘’«»‹›`"
_AFTER_QUESTION = re.compile(r"(\?)\s*(?:[(\[–—-]|Antwort\b|Answer\b|→|->).*$", re.I)
_CHATTER = re.compile(
    r"(weitere fragen|noch fragen|kann ich (ihnen|dir)|möchten sie|soll ich|brauchen sie|"
    r"let me know|would you like|do you want|shall i|can i help|anything else|hope (this|that) helps)",
    re.I,
)
_QUESTION_KEYS = ("questions", "fragen", "queries", "question", "frage", "items", "result", "results")


def _clean(item: str) -> str:
    s = " ".join(str(item).split())
    s = _MARKER.sub("", s, count=1)
    s = s.replace("**", "").replace("__", "")
    s = s.strip().rstrip(",;").strip()
    while len(s) >= 2 and s[0] in _EDGE_QUOTES and s[-1] in _EDGE_QUOTES:
        s = s[1:-1].strip()
    s = s.strip(_EDGE_QUOTES).strip() if (s[:1] in _EDGE_QUOTES) != (s[-1:] in _EDGE_QUOTES) else s
    s = _AFTER_QUESTION.sub(r"\1", s)
    return s.strip()


def _from_json(value) -> list[str] | None:
    """Question strings from a parsed JSON value (list, or object with a 'questions' list)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict):
                for key in _QUESTION_KEYS + ("text", "query", "q"):
                    if isinstance(item.get(key), str):
                        out.append(item[key])
                        break
            elif isinstance(item, list):
                out += _from_json(item) or []
        return out
    if isinstance(value, dict):
        lowered = {str(k).lower(): v for k, v in value.items()}
        for key in _QUESTION_KEYS:
            if key in lowered:
                got = _from_json(lowered[key])
                if got:
                    return got
        lists = [v for v in value.values() if isinstance(v, list)]
        if len(lists) == 1:
            return _from_json(lists[0])
        strings = [v for v in value.values() if isinstance(v, str) and v.strip().endswith("?")]
        return strings or None
    return None


def _json_candidates(text: str) -> list[str]:
    cands = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    out = []
    for c in cands:
        c = c.strip()
        out.append(c)
        for open_, close in (("[", "]"), ("{", "}")):
            i, j = c.find(open_), c.rfind(close)
            if 0 <= i < j:
                out.append(c[i : j + 1])
    return out


def _parse_json(text: str) -> list[str] | None:
    for cand in _json_candidates(text):
        if not cand or cand[0] not in "[{":
            continue
        try:
            value = json.loads(cand)
        except ValueError:
            continue
        got = _from_json(value)
        if got:
            return got
    # A JSON array cut off by the token limit (or with a stray quote): its complete strings.
    start = text.find("[")
    if start >= 0 and '"' in text[start:]:
        body = text[start:]
        items = []
        for m in _QUOTED.finditer(body):
            try:
                items.append(json.loads(f'"{m.group(1)}"'))
            except ValueError:
                items.append(m.group(1))
        keys = {k for k in _QUESTION_KEYS}
        items = [s for s in items if s.strip().lower() not in keys]
        if items and sum(s.strip().endswith("?") for s in items) >= max(1, len(items) // 2):
            return items
    return None


def _parse_lines(text: str) -> list[str]:
    lines: list[tuple[bool, str]] = []
    for raw in text.splitlines():
        raw = raw.replace("**", "").replace("__", "").strip()
        if not raw or raw.startswith("```") or raw.startswith("#"):
            continue
        for part in _INLINE_NUMBER.split(raw):
            marked = bool(_MARKER.match(part)) and not re.match(r"^\s*\d{1,2}[.):]\d", part)
            lines.append((marked, part))
    cleaned = [(marked, _clean(line)) for marked, line in lines]
    cleaned = [(m, s) for m, s in cleaned if s]
    if any(m for m, _ in cleaned):
        # a list: its items, plus unmarked lines that are questions; preambles ("...:") go
        return [s for m, s in cleaned if (m and not s.endswith(":")) or s.endswith("?")]
    questions = [s for _, s in cleaned if "?" in s]
    if questions:
        return questions
    return [s for _, s in cleaned if not s.endswith(":") and len(s) <= 300]


def parse_llm_output(text: str) -> list[str]:
    """Questions from an LLM answer: JSON (array, object with "questions"/"fragen", in ```json
    fences, or cut off), numbered or bulleted lists, or one question per line.

    Numbering, bullets, "Frage 1:" labels, bold markers and quotes are stripped; preambles
    ("Hier sind 5 Fragen:"), trailing chatter ("Ich hoffe, das hilft!", "Möchten Sie weitere
    Fragen?") and <think> blocks are dropped; exact duplicates are removed (order kept). Nothing
    else is filtered: length, question marks and PHI are the stage's filters.
    """
    if not text or not text.strip():
        return []
    text = _THINK.sub("", text).strip()
    items = _parse_json(text)
    if items is None:
        items = _parse_lines(text)
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        q = _clean(item)
        if not q or q.endswith(":") or _CHATTER.search(q) or q in seen:
            continue
        seen.add(q)
        out.append(q)
    return out


# ============================================================================ the chat tokenizer
#: End-of-turn tokens of the common chat formats (ChatML/Qwen, Llama 3, Gemma, Phi-3, Mistral/Llama 2).
_END_OF_TURN = ("<|im_end|>", "<|eot_id|>", "<|end_of_text|>", "<end_of_turn>", "<|end|>", "<|endoftext|>", "</s>", "<eos>")


class _ChatTokenizer:
    """The model's Hugging Face tokenizer (local files only) with its chat template."""

    def __init__(self, folder: Path):
        from transformers import AutoTokenizer

        try:
            self.tok = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        except Exception as exc:  # noqa: BLE001 - e.g. a tokenizer class this transformers lacks
            self.tok = self._plain_fast_tokenizer(folder)
            if self.tok is None:
                raise ModelError(Text("cannot load the tokenizer of '{folder}': {error_type}",
                                      folder=folder.name, error_type=type(exc).__name__)) from exc
        if not getattr(self.tok, "chat_template", None):
            raise ModelError(Text("the tokenizer of '{folder}' has no chat template; the LLM generator needs an "
                                  "instruct model", folder=folder.name))
        vocab = self.tok.get_vocab()
        ends: list[str] = []
        if self.tok.eos_token:
            ends.append(self.tok.eos_token)
        gen_cfg = folder / "generation_config.json"
        if gen_cfg.is_file():
            try:
                eos = json.loads(gen_cfg.read_text(encoding="utf-8")).get("eos_token_id")
            except ValueError:
                eos = None
            for i in eos if isinstance(eos, list) else [eos] if isinstance(eos, int) else []:
                tok = self.tok.convert_ids_to_tokens(int(i))
                if tok:
                    ends.append(tok)
        ends += [t for t in _END_OF_TURN if t in vocab]
        self.end_tokens = list(dict.fromkeys(t for t in ends if t in vocab))

    @staticmethod
    def _plain_fast_tokenizer(folder: Path):
        """tokenizer.json + the chat template and special tokens of tokenizer_config.json, without
        AutoTokenizer (which may look for a model type in config.json, CTranslate2's own file here)."""
        if not (folder / "tokenizer.json").is_file():
            return None
        from transformers import PreTrainedTokenizerFast

        cfg: dict = {}
        if (folder / "tokenizer_config.json").is_file():
            try:
                cfg = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
            except ValueError:
                cfg = {}
        specials = {}
        for key in ("bos_token", "eos_token", "unk_token", "pad_token"):
            value = cfg.get(key)
            value = value.get("content") if isinstance(value, dict) else value
            if isinstance(value, str):
                specials[key] = value
        tok = PreTrainedTokenizerFast(tokenizer_file=str(folder / "tokenizer.json"), **specials)
        template = cfg.get("chat_template")
        if (folder / "chat_template.jinja").is_file():
            template = (folder / "chat_template.jinja").read_text(encoding="utf-8")
        elif (folder / "chat_template.json").is_file():
            template = json.loads((folder / "chat_template.json").read_text(encoding="utf-8")).get("chat_template")
        if isinstance(template, list):  # named templates: [{"name": "default", "template": ...}, ...]
            named = {t.get("name"): t.get("template") for t in template if isinstance(t, dict)}
            template = named.get("default") or next(iter(named.values()), None)
        tok.chat_template = template
        return tok

    def render(self, messages: list[dict]) -> str:
        try:
            return self.tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
        except Exception:  # noqa: BLE001 - e.g. Gemma: "System role not supported"
            system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
            rest = [dict(m) for m in messages if m["role"] != "system"]
            if system and rest:
                rest[0]["content"] = f"{system}\n\n{rest[0]['content']}"
            return self.tok.apply_chat_template(rest, tokenize=False, add_generation_prompt=True)

    def encode(self, prompt: str) -> list[str]:
        # the template already holds BOS where the model wants one
        ids = self.tok(prompt, add_special_tokens=False)["input_ids"]
        return self.tok.convert_ids_to_tokens(ids)

    def decode(self, ids: Sequence[int]) -> str:
        return self.tok.decode(list(ids), skip_special_tokens=True)


class LlmQuestionGenerator:
    """Questions per section from a local instruct LLM (CTranslate2 Generator + chat template)."""

    name = "llm"

    def __init__(
        self,
        model_dir: str | Path,
        device: str = "auto",
        compute_type: str = "auto",
        temperature: float = 0.7,
        top_p: float = 0.9,
        max_new_tokens: int = 256,
        batch_size: int = 8,
        seed: int = 0,
        top_k: int = 0,
        repetition_penalty: float = 1.05,
        retries: int = 1,
        max_prompt_tokens: int = 3072,
        threads: int = 0,
    ):
        self.folder = check_ct2_folder(model_dir, "Generator")
        check_compute_type(compute_type)
        self.tokenizer = _ChatTokenizer(self.folder)
        probe = self.tokenizer.end_tokens[0] if self.tokenizer.end_tokens else "</s>"
        self.generator = open_ct2_model(
            "generator", self.folder, device=device, compute_type=compute_type, threads=threads, probe_token=probe
        )
        self.device = self.generator.device
        self.compute_type = self.generator.compute_type
        self.temperature = float(temperature)
        self.top_p = float(top_p)
        self.top_k = int(top_k)
        self.max_new_tokens = max(8, int(max_new_tokens))
        self.batch_size = max(1, int(batch_size))
        self.seed = int(seed)
        self.repetition_penalty = float(repetition_penalty)
        self.retries = max(0, int(retries))
        self.max_prompt_tokens = int(max_prompt_tokens)
        self.prompt_version = PROMPT_VERSION
        self.last_stats: dict = {}
        self._seeded = False

    def settings(self) -> dict:
        """Provenance of the questions: model folder, prompt version and sampling settings."""
        return {
            "generator": self.name,
            "model": self.folder.name,
            "prompt_version": self.prompt_version,
            "seed": self.seed,
            "temperature": self.temperature,
            "top_p": self.top_p,
            "top_k": self.top_k,
            "max_new_tokens": self.max_new_tokens,
            "compute_type": self.compute_type,
        }

    def prompt_tokens(self, section: SectionInput, n: int) -> list[str]:
        """The chat-formatted prompt as tokens; an over-long section text is shortened to fit."""
        tokens = self.tokenizer.encode(self.tokenizer.render(build_prompt(section, n)))
        text = section.text
        while len(tokens) > self.max_prompt_tokens and len(text) > 200:
            text = text[: int(len(text) * 0.7)]
            shorter = SectionInput(text, section.header, section.language, section.doc_type)
            tokens = self.tokenizer.encode(self.tokenizer.render(build_prompt(shorter, n)))
        return tokens

    def _sample(self, prompts: list[list[str]]) -> list[str]:
        """One sampled answer per prompt, in length-sorted batches."""
        seed_sampler_once(self)
        order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
        texts: list[str] = [""] * len(prompts)
        truncated = 0
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            batch = [prompts[i] for i in idx]
            results = self.generator.generate_batch(
                batch,
                max_batch_size=self.batch_size,
                max_length=self.max_new_tokens,
                sampling_topk=self.top_k,
                sampling_topp=self.top_p,
                sampling_temperature=self.temperature,
                repetition_penalty=self.repetition_penalty,
                include_prompt_in_result=False,
                end_token=self.tokenizer.end_tokens or None,
            )
            for i, res in zip(idx, results):
                ids = res.sequences_ids[0]
                truncated += len(ids) >= self.max_new_tokens
                texts[i] = self.tokenizer.decode(ids)
        self.last_stats["truncated"] = self.last_stats.get("truncated", 0) + truncated
        return texts

    def generate_raw(self, sections: Sequence[SectionInput], n: int) -> list[str]:
        """The decoded LLM answers, one per section (for inspection and the parser's fixtures)."""
        return self._sample([self.prompt_tokens(s, n) for s in sections])

    def generate(self, sections: list[SectionInput], n: int) -> list[list[str]]:
        """Parsed candidate questions per section (not yet filtered); sections with fewer than
        ``n`` candidates are sampled again up to ``retries`` times and the candidates merged, so a
        section may get more than ``n`` (the stage filters and keeps the first ``n``)."""
        if n < 1 or not sections:
            return [[] for _ in sections]
        self.last_stats = {"sections": len(sections), "generations": 0, "truncated": 0}
        prompts = [self.prompt_tokens(s, n) for s in sections]
        out: list[list[str]] = [[] for _ in sections]
        todo = list(range(len(sections)))
        for _attempt in range(1 + self.retries):
            texts = self._sample([prompts[i] for i in todo])
            self.last_stats["generations"] += len(todo)
            for i, text in zip(todo, texts):
                for q in parse_llm_output(text):
                    if q not in out[i]:
                        out[i].append(q)
            todo = [i for i in todo if len(out[i]) < n]
            if not todo:
                break
        return out
