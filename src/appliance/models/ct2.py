"""CTranslate2 models (translators, doc2query, local LLMs): the one place that opens them.

- :func:`ct2_device`: the device CTranslate2 itself can use.
- :func:`open_ct2_model`: a ``ctranslate2.Translator`` or ``ctranslate2.Generator`` from a local
  folder, with the checks every caller needs (a ``model.bin`` in the folder, a known compute type
  that the device supports) and the fallback to the CPU when a GPU is there but the CUDA libraries
  CTranslate2 was built for are not (only when the device was ``auto``; otherwise a clear error).
- :func:`seed_sampler_once`: reproducible sampling per model instance.

No other module calls ``ctranslate2.Translator(`` or ``ctranslate2.Generator(``.
"""
from __future__ import annotations

import os
from pathlib import Path

from appliance.messages import Text
from appliance.models.store import ModelError

#: The compute types a user may ask for ("auto": CTranslate2 picks the fastest for the device).
COMPUTE_TYPES = ("auto", "default", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "float16", "bfloat16", "float32")
#: What :func:`open_ct2_model` opens: an encoder-decoder (``translator``) or a decoder-only model.
CT2_KINDS = ("translator", "generator")


def ct2_device(preference: str = "auto") -> str:
    """Device for a CTranslate2 model: CTranslate2's own view decides, since it runs the model.

    A CPU-only CTranslate2 wheel cannot use a GPU that PyTorch sees, and a CPU build of PyTorch does
    not stop CTranslate2 from using one, so :func:`appliance.models.device.pick_device` is not the
    right question here.
    """
    import ctranslate2

    if preference not in ("auto", "cpu", "cuda"):
        raise ValueError(f"unknown device '{preference}' (use auto, cpu or cuda)")
    if preference == "cpu":
        return "cpu"
    has_gpu = ctranslate2.get_cuda_device_count() > 0
    if preference == "cuda" and not has_gpu:
        raise ModelError("a GPU was requested (--device cuda) but CTranslate2 finds no CUDA device")
    return "cuda" if has_gpu else "cpu"


def check_ct2_folder(folder: str | Path, what: str = "model") -> Path:
    """The folder, when it holds a converted CTranslate2 model (``model.bin``); a ModelError otherwise."""
    folder = Path(folder)
    if not (folder / "model.bin").is_file():
        raise ModelError(
            Text("{folder} is not a CTranslate2 {what} folder (no model.bin); convert the model with the installer "
                 "(installer/stage_models.py or installer/convert_generators.py) and add it to the model store",
                 folder=folder, what=what),
            next_step="add-model",
        )
    return folder


def check_compute_type(compute_type: str) -> None:
    if compute_type not in COMPUTE_TYPES:
        raise ModelError(Text("unknown compute type '{compute_type}' (use one of: {compute_types})",
                              compute_type=compute_type, compute_types=', '.join(COMPUTE_TYPES)))


class _GpuLibraryMissing(RuntimeError):
    pass


def open_ct2_model(
    kind: str,
    folder: str | Path,
    *,
    device: str = "auto",
    compute_type: str = "auto",
    threads: int = 0,
    probe_token: str = "</s>",
):
    """A ``ctranslate2.Translator`` (``kind="translator"``) or ``ctranslate2.Generator`` (``"generator"``).

    ``device``: auto, cpu or cuda (see :func:`ct2_device`); ``compute_type``: one of
    :data:`COMPUTE_TYPES`, checked against what CTranslate2 supports on that device; ``threads``: CPU
    threads (0: all cores). On a GPU the model runs one tiny batch (of ``probe_token``) at once, so
    that missing CUDA libraries or a too old driver show up here and not in a user's first batch;
    with ``device="auto"`` the model then opens on the CPU instead. The returned model's ``device``
    and ``compute_type`` say what was chosen.
    """
    if kind not in CT2_KINDS:
        raise ValueError(f"unknown CTranslate2 model kind '{kind}' (use one of: {', '.join(CT2_KINDS)})")
    folder = check_ct2_folder(folder, kind.capitalize())
    check_compute_type(compute_type)
    chosen = ct2_device(device)
    try:
        return _open(kind, folder, chosen, compute_type, threads, probe_token)
    except _GpuLibraryMissing as e:
        if device != "auto":
            raise ModelError(
                Text("CTranslate2 cannot use the GPU here ({problem}); install the CUDA libraries it was built for "
                     "(e.g. the nvidia-cublas-cu12 package) or run the model on the CPU", problem=str(e))
            ) from None
        # auto: a GPU without the CUDA libraries CTranslate2 needs -> CPU
        return _open(kind, folder, "cpu", compute_type, threads, probe_token)


def _open(kind: str, folder: Path, device: str, compute_type: str, threads: int, probe_token: str):
    import ctranslate2

    try:
        supported = ctranslate2.get_supported_compute_types(device)
    except RuntimeError as e:  # e.g. a driver too old for the CUDA runtime CTranslate2 was built with
        raise _GpuLibraryMissing(str(e).splitlines()[0][:200]) from None
    if compute_type not in ("auto", "default") and compute_type not in supported:
        raise ModelError(
            Text("compute type '{compute_type}' is not supported on {device} here (supported: {supported}, or auto)",
                 compute_type=compute_type, device=device, supported=', '.join(sorted(supported)))
        )
    cls = ctranslate2.Translator if kind == "translator" else ctranslate2.Generator
    if device != "cuda":
        return cls(str(folder), device=device, compute_type=compute_type, intra_threads=threads or (os.cpu_count() or 1))
    # CUDA libraries are loaded on first use: a missing cuBLAS or a too old driver shows up here
    try:
        model = cls(str(folder), device=device, compute_type=compute_type)
        if kind == "translator":
            model.translate_batch([[probe_token]], beam_size=1, max_decoding_length=1)
        else:
            model.generate_batch([[probe_token]], max_length=1)
    except RuntimeError as e:
        if "library" in str(e).lower() or "cuda" in str(e).lower():
            raise _GpuLibraryMissing(str(e).splitlines()[0][:200]) from None
        raise
    return model


def seed_sampler_once(owner) -> None:
    """Seed CTranslate2's sampler for this model instance, right before its first sampling.

    CTranslate2 keeps one random engine per worker thread, seeded from the global seed when the
    thread first samples; ``set_random_seed`` later has no effect on that thread. Every model
    instance has its own worker thread, so seeding just before an instance's first call makes its
    whole sequence of calls reproducible: same seed, same sections in the same calls, same output.
    ``owner`` has ``seed`` and ``_seeded`` attributes.
    """
    if not owner._seeded:
        import ctranslate2

        ctranslate2.set_random_seed(owner.seed)
        owner._seeded = True
