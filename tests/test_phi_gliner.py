"""GlinerDetector plumbing with a tiny random GLiNER built offline (loading, chunking, label
mapping, merging) -- not model quality."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("gliner")
pytest.importorskip("transformers")

from appliance.pipeline.phi import GlinerDetector, PhiSpan, detect_phi  # noqa: E402
from appliance.pipeline.phi.ner import DEFAULT_LABELS  # noqa: E402

CHARS = "abcdefghijklmnopqrstuvwxyzäöüß0123456789"


def build_tiny_gliner(root: Path, max_len: int = 64) -> Path:
    """A 1-layer, 32-dim BERT backbone with a character WordPiece vocab, wrapped as GLiNER and
    saved with save_pretrained -- no network, no hub."""
    from gliner import GLiNER, GLiNERConfig
    from transformers import BertTokenizerFast

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list(CHARS + ".,:;-/()*+") + ["##" + c for c in CHARS]
    tok_dir = root / "tokenizer"
    BertTokenizerFast(vocab={w: i for i, w in enumerate(vocab)}, do_lower_case=True).save_pretrained(str(tok_dir))
    config = GLiNERConfig(
        model_name=str(tok_dir),
        encoder_config={"model_type": "bert", "vocab_size": len(vocab), "hidden_size": 32, "num_hidden_layers": 1,
                        "num_attention_heads": 2, "intermediate_size": 64, "max_position_embeddings": 512},
        hidden_size=32, max_width=6, max_len=max_len, span_mode="markerV0", num_rnn_layers=0, dropout=0.0,
    )
    model = GLiNER._get_gliner_class(config)(config, backbone_from_pretrained=False, local_files_only=True)
    model.data_processor.transformer_tokenizer.add_tokens(model._get_special_tokens(), special_tokens=True)
    model.resize_embeddings()
    out = root / "tiny-gliner"
    model.save_pretrained(str(out))
    return out


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory):
    return build_tiny_gliner(tmp_path_factory.mktemp("gliner"))


LETTER = ("Wir berichten über Frau Amanda Alzheimer, geb. 24.01.1948, die sich vom 24.01.2028 bis 06.02.2028 "
          "in unserer Behandlung befand. ") * 12


def test_loads_local_model_and_chunks_long_text(tiny_model_dir):
    det = GlinerDetector(tiny_model_dir, threshold=0.0, batch_size=4)
    assert det.max_words <= 64 - 8
    windows = det.chunks(LETTER)
    assert len(windows) > 3
    assert windows[0][0] == 0 and windows[-1][1] == len(LETTER.rstrip())
    assert all(b > a for a, b in windows)
    assert all(windows[i + 1][0] < windows[i][1] for i in range(len(windows) - 1))  # overlap
    spans = det.detect(LETTER)
    assert spans, "a random model at threshold 0 still proposes spans"
    assert all(isinstance(s, PhiSpan) and s.source == "ner" for s in spans)
    assert all(0 <= s.start < s.end <= len(LETTER) for s in spans)
    assert {s.label for s in spans} <= set(DEFAULT_LABELS.values())
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))
    # spans beyond the first window exist: chunk offsets are mapped back
    assert max(s.end for s in spans) > windows[1][0]


def test_label_mapping_and_threshold(tiny_model_dir):
    det = GlinerDetector(tiny_model_dir, threshold=0.0, labels={"person": "NAME_PATIENT"})
    spans = det.detect(LETTER[:400])
    assert spans and {s.label for s in spans} == {"NAME_PATIENT"}
    strict = GlinerDetector(tiny_model_dir, threshold=0.999)
    assert strict.detect(LETTER[:400]) == []


def test_merged_with_rules_in_detect_phi(tiny_model_dir):
    det = GlinerDetector(tiny_model_dir, threshold=0.0)
    text = LETTER[:600]
    rules_only = detect_phi(text)
    with_ner = detect_phi(text, ner=det, threshold=0.0)
    assert all(a.end <= b.start for a, b in zip(with_ner, with_ner[1:]))
    covered = lambda spans: {i for s in spans for i in range(s.start, s.end)}  # noqa: E731
    assert covered(rules_only) <= covered(with_ner)          # union: nothing the rules found is lost
    assert any(s.source == "ner" for s in with_ner) or covered(with_ner) > covered(rules_only)
    # detect_phi's threshold filters NER spans only
    assert detect_phi(text, ner=det, threshold=1.01) == rules_only
