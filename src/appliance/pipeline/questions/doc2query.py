"""Questions from a doc2query T5/mT5 model: a CTranslate2 *Translator*, sampled as in GPL.

:class:`Doc2QueryGenerator` loads a CTranslate2 Translator folder of a doc2query model (converted
with ``installer/convert_generators.py``) and samples N queries per section (top-k 25 / top-p 0.95
random sampling, N hypotheses). It returns the *raw* candidates; the stage filters them. Sampling is
reproducible per instance, as for the LLM generator. Nothing is downloaded.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from appliance.messages import Text
from appliance.models import ModelError
from appliance.models.ct2 import check_compute_type, check_ct2_folder, open_ct2_model, seed_sampler_once
from appliance.pipeline.questions.base import SectionInput


class _Seq2SeqTokenizer:
    """T5/mT5 tokenizer: ``tokenizer.json`` (tokenizers) or ``spiece.model`` (SentencePiece)."""

    def __init__(self, folder: Path, eos: str = "</s>"):
        self.eos = eos
        if (folder / "tokenizer.json").is_file():
            from tokenizers import Tokenizer

            self.kind = "hf"
            self.hf = Tokenizer.from_file(str(folder / "tokenizer.json"))
            self.hf.no_truncation()
            self.hf.no_padding()
        elif (folder / "spiece.model").is_file():
            import sentencepiece as spm

            self.kind = "spm"
            self.sp = spm.SentencePieceProcessor(model_file=str(folder / "spiece.model"))
        else:
            raise ModelError(Text("the doc2query model '{folder}' has neither tokenizer.json nor spiece.model",
                                  folder=folder.name))

    def encode(self, texts: Sequence[str], max_tokens: int) -> list[list[str]]:
        if self.kind == "hf":
            batches = [enc.tokens for enc in self.hf.encode_batch(list(texts))]
        else:
            batches = self.sp.encode(list(texts), out_type=str)
        out = []
        for toks in batches:
            toks = [t for t in toks if t != self.eos][: max_tokens - 1]
            out.append(toks + [self.eos])
        return out

    def decode(self, tokens: Sequence[str]) -> str:
        if self.kind == "hf":
            ids = [i for i in (self.hf.token_to_id(t) for t in tokens) if i is not None]
            return self.hf.decode(ids, skip_special_tokens=True)
        return self.sp.decode_pieces([t for t in tokens if not (t.startswith("<") and t.endswith(">"))])


class Doc2QueryGenerator:
    """N sampled queries per section from a doc2query T5/mT5 (CTranslate2 Translator), as in GPL."""

    name = "doc2query"

    def __init__(
        self,
        model_dir: str | Path,
        device: str = "auto",
        compute_type: str = "auto",
        batch_size: int = 16,
        seed: int = 0,
        top_k: int = 25,
        top_p: float = 0.95,
        temperature: float = 1.0,
        max_query_tokens: int = 64,
        max_input_tokens: int = 320,  # the doc2query model cards truncate passages at 320 tokens
        threads: int = 0,
    ):
        self.folder = check_ct2_folder(model_dir, "Translator")
        check_compute_type(compute_type)
        config = {}
        if (self.folder / "config.json").is_file():
            config = json.loads((self.folder / "config.json").read_text(encoding="utf-8"))
        self.tokenizer = _Seq2SeqTokenizer(self.folder, config.get("eos_token") or "</s>")
        self.translator = open_ct2_model(
            "translator", self.folder, device=device, compute_type=compute_type, threads=threads, probe_token=self.tokenizer.eos
        )
        self.device = self.translator.device
        self.compute_type = self.translator.compute_type
        self.batch_size = max(1, int(batch_size))
        self.seed = int(seed)
        self.top_k = int(top_k)
        self.top_p = float(top_p)
        self.temperature = float(temperature)
        self.max_query_tokens = max(4, int(max_query_tokens))
        self.max_input_tokens = max(8, int(max_input_tokens))
        self.prompt_version = f"doc2query-k{self.top_k}-p{self.top_p:g}"
        self._seeded = False

    def settings(self) -> dict:
        return {
            "generator": self.name,
            "model": self.folder.name,
            "prompt_version": self.prompt_version,
            "seed": self.seed,
            "top_k": self.top_k,
            "top_p": self.top_p,
            "temperature": self.temperature,
            "compute_type": self.compute_type,
        }

    def generate(self, sections: list[SectionInput], n: int) -> list[list[str]]:
        """``n`` sampled queries per section (exact duplicates dropped; not yet filtered)."""
        if n < 1 or not sections:
            return [[] for _ in sections]
        seed_sampler_once(self)
        tokens = self.tokenizer.encode([" ".join(s.text.split()) for s in sections], self.max_input_tokens)
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        out: list[list[str]] = [[] for _ in sections]
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            batch = [tokens[i] for i in idx]
            results = self.translator.translate_batch(
                batch,
                max_batch_size=self.batch_size,
                beam_size=1,
                num_hypotheses=n,
                sampling_topk=self.top_k,
                sampling_topp=self.top_p,
                sampling_temperature=self.temperature,
                max_input_length=self.max_input_tokens,
                max_decoding_length=self.max_query_tokens,
            )
            for i, res in zip(idx, results):
                seen: list[str] = []
                for hyp in res.hypotheses:
                    q = " ".join(self.tokenizer.decode(hyp).split())
                    if q and q not in seen:
                        seen.append(q)
                out[i] = seen
        return out
