"""Training throughput check: pairs per second on a GPU vs a CPU (issue 6, docs/training_gpu.md).

Two steps, so that the machine with the GPU needs neither the appliance nor the corpus:

``export`` (here, with the appliance installed) builds a project from a BEIR corpus exactly like the
chain in docs/ (import -> irreversible pseudonymization -> heuristic questions), takes the training
pairs and the document split of ``appliance.pipeline.train`` and writes them, gzipped, to a folder;
it also writes the base model's weights as fp16 safetensors (half the size; cast back to fp32 for
training) so that the folder fits the device tool's 64 MiB carry limit.

``train`` (anywhere: torch + sentence-transformers + datasets) trains on those pairs with the
settings of ``run_train``: SentenceTransformerTrainer, MultipleNegativesRankingLoss, the
NO_DUPLICATES batch sampler, lr 2e-5, warmup 0.1, bf16 on a CUDA card that has it (fp16 otherwise),
fp32 on a CPU. It prints one JSON line with pairs/s over the whole ``trainer.train()`` call and
over the steady steps (timestamps from step 3 on), and optional validation metrics before/after.
Checkpoints are not written (``run_train`` saves five), so that the timing is of training alone.

    python bench/train_gpu_check.py export --corpus ../shared/bench/mtsamples-topics/corpus.jsonl --out .carry/data
    python bench/train_gpu_check.py train --data .carry/data --device cuda --batch-size 256 --epochs 1
    python bench/train_gpu_check.py train --data .carry/data --device cpu --batch-size 32 --max-steps 20
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def export(corpus: Path, out: Path, base_model: str | None) -> None:
    from appliance.models import ModelStore
    from appliance.pipeline.ingest import ImportOptions, run_import
    from appliance.pipeline.pseudonymize import (
        PseudonymizeOptions,
        run_pseudonymize,
    )
    from appliance.pipeline.questions import QuestionsOptions, run_questions
    from appliance.pipeline.train import TrainOptions, split_by_document, training_pairs
    from appliance.project import Project

    out.mkdir(parents=True, exist_ok=True)
    opts = TrainOptions()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.monotonic()
        with Project.create(Path(tmp) / "gpu-check.appliance") as project:
            run_import(project, ImportOptions(paths=[corpus], id_field="_id"))
            run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
            run_questions(project, QuestionsOptions(per_section=3))
            pairs = training_pairs(project, opts.generator)
        print(f"project built in {time.monotonic() - t0:.0f} s: {len(pairs)} pairs", file=sys.stderr)
    train, val = split_by_document(pairs, opts.val_fraction, opts.seed)
    with gzip.open(out / "pairs.jsonl.gz", "wt", encoding="utf-8") as f:
        for split, rows in (("train", train), ("val", val[: opts.max_val_queries])):
            for p in rows:
                f.write(json.dumps({"split": split, "qid": p["qid"], "section_id": p["section_id"],
                                    "anchor": p["question"], "positive": p["passage"]}, ensure_ascii=False) + "\n")
    # val corpus = every val passage (as run_train's evaluator), also those past max_val_queries
    with gzip.open(out / "val_corpus.jsonl.gz", "wt", encoding="utf-8") as f:
        seen = {}
        for p in val:
            seen[str(p["section_id"])] = p["passage"]
        for sid, text in seen.items():
            f.write(json.dumps({"section_id": sid, "text": text}, ensure_ascii=False) + "\n")

    import torch
    from safetensors.torch import load_file, save_file

    src = ModelStore(opts.model_store).resolve(base_model, "embedding")
    dst = out / "model"
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("model.safetensors", "*.bin", "onnx", "openvino", "README.md", ".gitattributes", "data_config.json"))
    state = load_file(str(Path(src) / "model.safetensors"))
    save_file({k: v.to(torch.float16).contiguous() if v.is_floating_point() else v for k, v in state.items()},
              str(dst / "model.safetensors"), metadata={"format": "pt"})
    print(json.dumps({"pairs": len(pairs), "train_pairs": len(train), "val_queries": min(len(val), opts.max_val_queries),
                      "val_corpus": len(seen), "model": str(src), "out": str(out)}))


def _load(data: Path):
    train, val = [], []
    with gzip.open(data / "pairs.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            (train if row["split"] == "train" else val).append(row)
    corpus = {}
    if (data / "val_corpus.jsonl.gz").exists():
        with gzip.open(data / "val_corpus.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                corpus[row["section_id"]] = row["text"]
    return train, val, corpus


def train(args) -> dict:
    import torch
    from datasets import Dataset
    from sentence_transformers import (
        SentenceTransformer,
        SentenceTransformerTrainer,
        SentenceTransformerTrainingArguments,
        losses,
    )
    from sentence_transformers.evaluation import InformationRetrievalEvaluator
    from sentence_transformers.training_args import BatchSamplers
    from transformers import TrainerCallback

    device = args.device
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    train_pairs, val_pairs, corpus = _load(Path(args.data))
    model = SentenceTransformer(str(Path(args.data) / "model"), device=device, local_files_only=True)
    model.to(torch.float32)  # weights travel as fp16; train with fp32 master weights as run_train does
    loss = losses.MultipleNegativesRankingLoss(model)
    dataset = Dataset.from_dict({"anchor": [p["anchor"] for p in train_pairs],
                                 "positive": [p["positive"] for p in train_pairs]}).shuffle(seed=0)

    evaluator = None
    if args.evaluate and val_pairs and corpus:
        evaluator = InformationRetrievalEvaluator(
            queries={str(p["qid"]): p["anchor"] for p in val_pairs}, corpus=corpus,
            relevant_docs={str(p["qid"]): {str(p["section_id"])} for p in val_pairs},
            name="validation", show_progress_bar=False, batch_size=64,
        )

    def metrics() -> dict:
        if evaluator is None:
            return {}
        t = time.perf_counter()
        s = evaluator(model)
        return {k.replace("validation_", ""): round(float(v), 4) for k, v in s.items()
                if k.endswith(("map@100", "ndcg@10", "mrr@10", "recall@10"))} | {"eval_s": round(time.perf_counter() - t, 1)}

    before = metrics()
    bf16 = device == "cuda" and torch.cuda.is_bf16_supported()
    steps_per_epoch = max(1, len(dataset) // args.batch_size)
    max_steps = args.max_steps or -1
    total = max_steps if max_steps > 0 else int(steps_per_epoch * args.epochs)
    targs = SentenceTransformerTrainingArguments(
        output_dir=tempfile.mkdtemp(prefix="gpu-check-"),
        num_train_epochs=args.epochs, max_steps=max_steps,
        per_device_train_batch_size=args.batch_size, per_device_eval_batch_size=args.batch_size,
        learning_rate=2e-5, warmup_ratio=0.1,
        fp16=device == "cuda" and not bf16, bf16=bf16,
        batch_sampler=BatchSamplers.NO_DUPLICATES,
        eval_strategy="no", save_strategy="no",
        logging_steps=max(1, min(50, total // 20)),
        report_to="none", seed=0, disable_tqdm=True, dataloader_num_workers=0,
        use_cpu=device == "cpu",
    )
    stamps: list[float] = []
    losses_seen: list[float] = []

    class Stamp(TrainerCallback):
        def on_step_end(self, a, state, control, **kw):
            if device == "cuda":
                torch.cuda.synchronize()
            stamps.append(time.perf_counter())

        def on_log(self, a, state, control, logs=None, **kw):
            if logs and "loss" in logs:
                losses_seen.append(round(float(logs["loss"]), 4))

    trainer = SentenceTransformerTrainer(model=model, args=targs, train_dataset=dataset, loss=loss, callbacks=[Stamp()])
    t0 = time.perf_counter()
    result = trainer.train()
    seconds = time.perf_counter() - t0
    steps = int(result.global_step)
    steady = None
    if len(stamps) > 6:
        k = 3  # skip the first steps (CUDA context, kernel selection, allocator growth)
        steady = round((len(stamps) - 1 - k) * args.batch_size / (stamps[-1] - stamps[k]), 1)
    after = metrics() if evaluator is not None else {}
    if args.save:
        model.save(args.save)
    report = {
        "device": device,
        "device_name": torch.cuda.get_device_name(0) if device == "cuda" else f"cpu, torch threads {torch.get_num_threads()}",
        "precision": "bf16" if bf16 else ("fp16" if device == "cuda" else "fp32"),
        "batch_size": args.batch_size, "steps": steps, "pairs_trained": steps * args.batch_size,
        "train_pairs": len(train_pairs), "seconds": round(seconds, 2),
        "pairs_per_s": round(steps * args.batch_size / seconds, 1), "pairs_per_s_steady": steady,
        "first_loss": losses_seen[0] if losses_seen else None, "last_loss": losses_seen[-1] if losses_seen else None,
        "max_seq_length": model.max_seq_length,
        "val_before": before, "val_after": after,
        "peak_gpu_mem_gib": round(torch.cuda.max_memory_allocated() / 2**30, 2) if device == "cuda" else None,
        "versions": {"torch": torch.__version__, "sentence_transformers": __import__("sentence_transformers").__version__,
                     "transformers": __import__("transformers").__version__},
    }
    print(json.dumps(report), flush=True)
    if args.json:
        with open(args.json, "a", encoding="utf-8") as f:
            f.write(json.dumps(report) + "\n")
    return report


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export", help="build the project here and write pairs + fp16 model to a folder")
    e.add_argument("--corpus", type=Path, required=True)
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--base-model", default=None)
    t = sub.add_parser("train", help="train on an exported folder and print pairs/s")
    t.add_argument("--data", type=Path, required=True)
    t.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    t.add_argument("--batch-size", type=int, default=32)
    t.add_argument("--epochs", type=float, default=1.0)
    t.add_argument("--max-steps", type=int, default=None)
    t.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    t.add_argument("--evaluate", action="store_true", help="validation metrics before and after")
    t.add_argument("--save", default=None, help="folder for the tuned model")
    t.add_argument("--json", default=None, help="append the report to this file")
    args = ap.parse_args(argv)
    if args.cmd == "export":
        export(args.corpus, args.out, args.base_model)
    else:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        if args.threads:
            import torch

            torch.set_num_threads(args.threads)
        train(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
