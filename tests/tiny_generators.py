"""Builders of tiny generative models with random weights, made locally (no downloads).

- A causal LM (Qwen2 architecture, the family of the default staging LLM) with a byte-level BPE
  tokenizer trained here on a few hundred sentences and a ChatML chat template on the tokenizer.
- A T5 doc2query model (T5ForConditionalGeneration) with a SentencePiece unigram model trained
  here (``spiece.model``, T5 layout: <pad> 0, </s> 1, <unk> 2) and the matching ``tokenizer.json``.

Both are saved as Hugging Face folders and converted with the installer's own code
(installer/convert_generators.py, TransformersConverter, int8). The weights are random, so the
generated text is noise; tests check the mechanics (counts, types, batching, seeds).

Session fixtures at the bottom; a test module imports them (``from tiny_generators import ...``).
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

try:  # benches may import the builders without pytest
    import pytest
except ImportError:  # pragma: no cover
    pytest = None

from tiny_models import training_sentences

REPO = Path(__file__).resolve().parents[1]

#: ChatML, the template of Qwen2/Qwen2.5 instruct models (system, user, assistant turns).
CHATML_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

_QUESTION_LINES = [
    "1. Welche Diagnose wurde gestellt?", "2. Was zeigt das Röntgenbild?", "- Wie wurde der Patient behandelt?",
    "1. What were the findings?", "2. Which medication was given?", "- Is there a fracture of the knee?",
    '["Welche Therapie wurde empfohlen?", "Gab es Komplikationen?"]',
]


def load_generator_installer():
    """installer/convert_generators.py as a module (installer/ is a folder of scripts)."""
    name = "appliance_installer_convert_generators"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "installer" / "convert_generators.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _corpus(n: int = 400) -> list[str]:
    return training_sentences(n) + _QUESTION_LINES * 3


def build_tiny_causal_lm(out_dir: Path, seed: int = 0, vocab_size: int = 700, hidden: int = 48) -> Path:
    """A Qwen2ForCausalLM with random weights, a local byte-level BPE and a ChatML template."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2ForCausalLM

    out_dir = Path(out_dir)
    if (out_dir / "config.json").exists() and (out_dir / "tokenizer.json").exists():
        return out_dir
    specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(_corpus(), trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        additional_special_tokens=["<|im_start|>"],
    )
    tokenizer.chat_template = CHATML_TEMPLATE

    torch.manual_seed(seed)
    config = Qwen2Config(
        vocab_size=tok.get_vocab_size(),
        hidden_size=hidden,
        intermediate_size=2 * hidden,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        bos_token_id=tok.token_to_id("<|endoftext|>"),
        eos_token_id=tok.token_to_id("<|im_end|>"),
        pad_token_id=tok.token_to_id("<|endoftext|>"),
        tie_word_embeddings=False,
    )
    model = Qwen2ForCausalLM(config).eval()
    model.save_pretrained(str(out_dir))
    tokenizer.save_pretrained(str(out_dir))
    return out_dir


def build_tiny_t5(out_dir: Path, seed: int = 0, vocab_size: int = 600, d_model: int = 48) -> Path:
    """A T5ForConditionalGeneration with random weights and a local SentencePiece model (T5 layout)."""
    import sentencepiece as spm
    import torch
    from transformers import T5Config, T5ForConditionalGeneration, T5Tokenizer

    out_dir = Path(out_dir)
    if (out_dir / "config.json").exists() and (out_dir / "spiece.model").exists():
        return out_dir
    work = out_dir.with_name(out_dir.name + ".spm")
    work.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(_corpus()),
        model_prefix=str(work / "spiece"),
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        model_type="unigram",
        pad_id=0,
        eos_id=1,
        unk_id=2,
        bos_id=-1,
        num_threads=2,
        minloglevel=2,
    )
    sp = spm.SentencePieceProcessor(model_file=str(work / "spiece.model"))
    vocab = [(sp.id_to_piece(i), sp.get_score(i)) for i in range(sp.get_piece_size())]
    tokenizer = T5Tokenizer(vocab=vocab, extra_ids=0)

    torch.manual_seed(seed)
    config = T5Config(
        vocab_size=len(vocab),
        d_model=d_model,
        d_kv=d_model // 4,
        d_ff=2 * d_model,
        num_layers=2,
        num_decoder_layers=2,
        num_heads=4,
        relative_attention_num_buckets=8,
        feed_forward_proj="gated-gelu",  # the T5 v1.1 / mT5 layout of doc2query models
        tie_word_embeddings=False,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
    )
    model = T5ForConditionalGeneration(config).eval()
    model.save_pretrained(str(out_dir))
    tokenizer.save_pretrained(str(out_dir))
    (out_dir / "spiece.model").write_bytes((work / "spiece.model").read_bytes())
    return out_dir


def build_tiny_llm_generator(root: Path, quantization: str = "int8") -> tuple[Path, Path]:
    """(HF folder, CTranslate2 folder) of the tiny causal LM, converted by the installer's code."""
    root = Path(root)
    hf_dir = build_tiny_causal_lm(root / "tiny-llm-hf")
    ct2_dir = root / f"tiny-llm-ct2-{quantization}"
    if not (ct2_dir / "model.bin").exists():
        load_generator_installer().convert_llm(hf_dir, ct2_dir, quantization=quantization, force=True)
    return hf_dir, ct2_dir


def build_tiny_doc2query(root: Path, quantization: str = "int8") -> tuple[Path, Path]:
    """(HF folder, CTranslate2 folder) of the tiny T5 doc2query model, converted by the installer's code."""
    root = Path(root)
    hf_dir = build_tiny_t5(root / "tiny-t5-hf")
    ct2_dir = root / f"tiny-t5-ct2-{quantization}"
    if not (ct2_dir / "model.bin").exists():
        load_generator_installer().convert_doc2query(hf_dir, ct2_dir, quantization=quantization, force=True)
    return hf_dir, ct2_dir


# ------------------------------------------------------------------------------ pytest fixtures
if pytest is not None:

    @pytest.fixture(scope="session")
    def tiny_llm(tmp_path_factory) -> tuple[Path, Path]:
        """Built and converted once per test session (a few seconds): (hf_dir, ct2_int8_dir)."""
        return build_tiny_llm_generator(tmp_path_factory.mktemp("tiny-llm"))

    @pytest.fixture(scope="session")
    def tiny_doc2query(tmp_path_factory) -> tuple[Path, Path]:
        """Built and converted once per test session (a few seconds): (hf_dir, ct2_int8_dir)."""
        return build_tiny_doc2query(tmp_path_factory.mktemp("tiny-t5"))
