"""Sentence-transformers embedding models: loaded from a local folder only, and one way to encode.

Training, evaluation, indexing and search all embed through :func:`encode`, so that they agree on
normalisation, prompts ("query: " / "passage: " for e5-style models) and dtype.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from appliance.messages import Text
from appliance.models.device import pick_device


def load_sentence_transformer(path: str | Path, device: str = "auto"):
    """A SentenceTransformer from a local folder only (``local_files_only`` as a second guard)."""
    from sentence_transformers import SentenceTransformer

    path = Path(path)
    if not path.is_dir():
        from appliance.models.store import ModelError

        raise ModelError(Text("the embedding model folder '{path}' is missing", path=path.name), next_step="add-model")
    return SentenceTransformer(str(path), device=pick_device(device), local_files_only=True)


def encode(model, texts: list[str], prompt_name: str | None, batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 embeddings of ``texts``; ``prompt_name`` ("query"/"passage") where the model has it."""
    kwargs = {"prompt_name": prompt_name} if prompt_name and prompt_name in (getattr(model, "prompts", {}) or {}) else {}
    return model.encode(
        texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False, **kwargs
    ).astype(np.float32)
