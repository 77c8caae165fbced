"""Load models from local folders onto the best available device."""
from __future__ import annotations

from pathlib import Path


def pick_device(preference: str = "auto") -> str:
    """'cuda' when asked for or, with 'auto', when a GPU is present; otherwise 'cpu'."""
    if preference not in ("auto", "cpu", "cuda"):
        raise ValueError(f"unknown device '{preference}' (use auto, cpu or cuda)")
    if preference == "cpu":
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if preference == "cuda":
        raise RuntimeError("a GPU was requested (--device cuda) but none is available to PyTorch")
    return "cpu"


def ct2_device(preference: str = "auto") -> str:
    """Device for a CTranslate2 model: CTranslate2's own view decides, since it runs the model.

    A CPU-only CTranslate2 wheel cannot use a GPU that PyTorch sees, and a CPU build of PyTorch does
    not stop CTranslate2 from using one, so :func:`pick_device` is not the right question here.
    """
    import ctranslate2

    from appliance.models.store import ModelError

    if preference not in ("auto", "cpu", "cuda"):
        raise ValueError(f"unknown device '{preference}' (use auto, cpu or cuda)")
    if preference == "cpu":
        return "cpu"
    has_gpu = ctranslate2.get_cuda_device_count() > 0
    if preference == "cuda" and not has_gpu:
        raise ModelError("a GPU was requested (--device cuda) but CTranslate2 finds no CUDA device")
    return "cuda" if has_gpu else "cpu"


def load_sentence_transformer(path: str | Path, device: str = "auto"):
    """A SentenceTransformer from a local folder only (``local_files_only`` as a second guard)."""
    from sentence_transformers import SentenceTransformer

    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"embedding model folder not found: {path}")
    return SentenceTransformer(str(path), device=pick_device(device), local_files_only=True)
