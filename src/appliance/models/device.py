"""Which device a PyTorch model runs on: the GPU when there is one (or when asked), else the CPU."""
from __future__ import annotations


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
        from appliance.models.store import ModelError

        raise ModelError("a GPU was requested but none is available to PyTorch")
    return "cpu"
