"""Builders of tiny models with random weights, made locally (no downloads), for tests and benches.

Translation: a SentencePiece model trained here on a few hundred sentences, a MarianMTModel with
random weights (OPUS-MT architecture, small or realistic width), saved as a Hugging Face folder
with the OPUS-MT tokenizer layout (source.spm, target.spm, vocab.json), then converted with the
installer's own conversion code (installer/stage_models.py, TransformersConverter, int8).

Session fixtures at the bottom; a test module imports them (``from tiny_models import ...``).
"""
from __future__ import annotations

import importlib.util
import json
import random
import sys
from pathlib import Path

try:  # the benches import the builders without needing pytest
    import pytest
except ImportError:  # pragma: no cover
    pytest = None

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
WMT_DIR = SHARED / "data" / "wmt_biomed_de_en"

_SUBJECTS_DE = ["Der Patient", "Die Patientin", "Der Befund", "Die Untersuchung", "Das Röntgenbild", "Die Therapie"]
_VERBS_DE = ["zeigt", "ergab", "bestätigt", "beschreibt", "erfordert", "verbessert"]
_OBJECTS_DE = [
    "eine Fraktur des Knies", "keine Auffälligkeiten", "eine Entzündung der Lunge", "einen erhöhten Blutdruck",
    "eine Stenose der Arterie", "die Diagnose Diabetes", "Schmerzen im Rücken", "eine gute Wundheilung",
]
_SUBJECTS_EN = ["The patient", "The finding", "The examination", "The X-ray", "The therapy", "The surgeon"]
_VERBS_EN = ["shows", "revealed", "confirms", "describes", "requires", "improves"]
_OBJECTS_EN = [
    "a fracture of the knee", "no abnormalities", "an inflammation of the lung", "elevated blood pressure",
    "a stenosis of the artery", "the diagnosis of diabetes", "pain in the back", "good wound healing",
]


def load_installer():
    """installer/stage_models.py as a module (installer/ is a folder of scripts, not a package)."""
    name = "appliance_installer_stage_models"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "installer" / "stage_models.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def training_sentences(n: int = 600, seed: int = 0) -> list[str]:
    """German and English sentences: WMT biomedical lines from ../shared when present, else generated."""
    lines: list[str] = []
    if WMT_DIR.is_dir():
        for f in sorted(WMT_DIR.glob("wmt1*.medline.*")):
            lines += [ln.strip() for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
    rng = random.Random(seed)
    rng.shuffle(lines)
    lines = lines[:n]
    while len(lines) < n:
        if len(lines) % 2:
            s = f"{rng.choice(_SUBJECTS_DE)} {rng.choice(_VERBS_DE)} {rng.choice(_OBJECTS_DE)}."
        else:
            s = f"{rng.choice(_SUBJECTS_EN)} {rng.choice(_VERBS_EN)} {rng.choice(_OBJECTS_EN)}."
        lines.append(s)
    # make sure digits, umlauts and the usual letter punctuation are in the character set
    lines.append("Äpfel Öl Übel süß 0123456789 ( ) [ ] / - : ; , . ! ? % + = § & * ' \" ä ö ü ß é")
    return lines


def train_sentencepiece(out_prefix: Path, sentences: list[str], vocab_size: int = 800) -> Path:
    import sentencepiece as spm

    out_prefix.parent.mkdir(parents=True, exist_ok=True)
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_prefix=str(out_prefix),
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # a few hundred sentences may not support the full size
        character_coverage=1.0,
        model_type="unigram",
        # OPUS-MT spm models: <unk> only; </s> and <pad> live in the Marian vocab.json
        unk_id=0,
        bos_id=-1,
        eos_id=-1,
        pad_id=-1,
        num_threads=2,
        minloglevel=2,
    )
    return out_prefix.with_suffix(".model")


#: Architecture presets. "opus" is the width of Helsinki-NLP/opus-mt-de-en (d_model 512, 6+6
#: layers, 8 heads, FFN 2048) with a 32k vocabulary instead of 58k.
PRESETS = {
    "tiny": dict(d_model=64, layers=2, heads=4, ffn=128, vocab_size=None),
    "opus": dict(d_model=512, layers=6, heads=8, ffn=2048, vocab_size=32000),
}


def build_tiny_marian(out_dir: Path, preset: str = "tiny", seed: int = 0, spm_vocab: int = 800) -> Path:
    """A MarianMTModel with random weights and a locally trained SentencePiece tokenizer (HF folder)."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out_dir = Path(out_dir)
    if (out_dir / "config.json").exists() and (out_dir / "source.spm").exists():
        return out_dir
    p = PRESETS[preset]
    work = out_dir.with_name(out_dir.name + ".spm")
    spm_file = train_sentencepiece(work / "joint", training_sentences(), vocab_size=spm_vocab)
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_file))
    # OPUS-MT order: </s> 0, <unk> 1, the pieces, ... and <pad> last (the CT2 converter drops it).
    pieces = ["</s>", "<unk>"] + [sp.id_to_piece(i) for i in range(sp.get_piece_size()) if sp.id_to_piece(i) != "<unk>"]
    if p["vocab_size"] and len(pieces) < p["vocab_size"] - 1:
        pieces += [f"<extra_{i}>" for i in range(p["vocab_size"] - 1 - len(pieces))]
    vocab = {piece: i for i, piece in enumerate(pieces)}
    vocab["<pad>"] = len(vocab)
    work.mkdir(parents=True, exist_ok=True)
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    tokenizer = MarianTokenizer(str(spm_file), str(spm_file), str(work / "vocab.json"), source_lang="de", target_lang="en")

    torch.manual_seed(seed)
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=p["d_model"],
        encoder_layers=p["layers"],
        decoder_layers=p["layers"],
        encoder_attention_heads=p["heads"],
        decoder_attention_heads=p["heads"],
        encoder_ffn_dim=p["ffn"],
        decoder_ffn_dim=p["ffn"],
        max_position_embeddings=512,
        activation_function="swish",
        scale_embedding=True,
        pad_token_id=vocab["<pad>"],
        decoder_start_token_id=vocab["<pad>"],
        eos_token_id=0,
        forced_eos_token_id=0,
        bos_token_id=None,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
    )
    model = MarianMTModel(config).eval()
    model.generation_config.num_beams = 1
    model.generation_config.max_length = 512
    model.save_pretrained(str(out_dir))
    tokenizer.save_pretrained(str(out_dir))
    return out_dir


def build_tiny_translation_model(root: Path, preset: str = "tiny", quantization: str = "int8") -> tuple[Path, Path]:
    """(HF folder, CTranslate2 folder) of a random Marian model, converted by the installer's code."""
    root = Path(root)
    hf_dir = build_tiny_marian(root / f"marian-{preset}-hf", preset=preset)
    ct2_dir = root / f"marian-{preset}-ct2-{quantization}"
    if not (ct2_dir / "model.bin").exists():
        load_installer().convert_translation_model(hf_dir, ct2_dir, quantization=quantization, force=True)
    return hf_dir, ct2_dir


# ------------------------------------------------------------------------------ pytest fixtures
if pytest is not None:

    @pytest.fixture(scope="session")
    def tiny_translation_model(tmp_path_factory) -> tuple[Path, Path]:
        """Built once per test session (a few seconds): (hf_dir, ct2_int8_dir)."""
        return build_tiny_translation_model(tmp_path_factory.mktemp("tiny-translation"))
