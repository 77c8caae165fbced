"""Fine-tune the embedding model on (question, pseudonymized section) pairs.

sentence-transformers' SentenceTransformerTrainer does the work: MultipleNegativesRankingLoss
with a no-duplicates batch sampler (in-batch negatives must not be the positive itself),
CachedMultipleNegativesRankingLoss for big effective batches on small GPUs, optional mined hard
negatives and Matryoshka. The split into train and validation is by document, so no section of a
validation report is seen in training; an InformationRetrievalEvaluator scores the validation
questions. A judged set can add pairs of its own (``TrainOptions.judged``, split by query into folds:
:mod:`appliance.pipeline.judged_training`). On a CPU the step budget is derived from a measured step time so that a default run
ends in about ``time_budget_min`` minutes; on a GPU all pairs are used.
"""
from __future__ import annotations

import json
import os
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from appliance.messages import Text
from appliance.models.project_models import TUNED_SETTING, tuned_model_path  # noqa: F401  (re-exported)
from appliance.project import Cancelled, JobControl, Project, ProjectError
from appliance.project.db import now_iso

E5_PROMPTS = {"query": "query: ", "passage": "passage: "}
DEFAULT_KINDS = ("title", "title-abbrev")


@dataclass
class TrainOptions:
    """How the embedding model is fine-tuned; the defaults fit the machine (see ``chose`` in the report)."""

    #: embedding model to start from (store name or folder); None: all-MiniLM-L6-v2
    base_model: str | None = None
    #: passes over the training pairs (a CPU run without ``max_steps`` may stop earlier, at its time budget)
    epochs: float = 1.0
    #: optimiser steps; None: ``epochs`` decide (on a CPU, the time budget)
    max_steps: int | None = None
    #: pairs per step (in-batch negatives: larger is better where memory allows)
    batch_size: int = 32
    #: mnrl (MultipleNegativesRankingLoss) or cached-mnrl (the same with big batches on little memory)
    loss: str = "mnrl"
    #: mined hard negatives per pair (0: in-batch negatives only)
    hard_negatives: int = 0
    #: Matryoshka loss, so that the embeddings can be cut to fewer dimensions
    matryoshka: bool = False
    #: auto, cpu or cuda
    device: str = "auto"
    #: continue a stopped run from its last checkpoint
    resume: bool = False
    #: peak learning rate
    learning_rate: float = 2e-5
    #: share of the steps spent warming the learning rate up
    warmup_ratio: float = 0.1
    #: share of the documents held out for validation (split by document, never by question)
    val_fraction: float = 0.1
    #: at most this many held-out questions are scored
    max_val_queries: int = 500
    #: seed of the split, the shuffling and the trainer
    seed: int = 0
    #: CPU only, when neither max_steps nor epochs was chosen explicitly: minutes the run may take
    time_budget_min: float = 15.0
    #: GPU: recompute activations to save memory (slower)
    gradient_checkpointing: bool = False
    #: only questions of this generator (heuristic, llm, doc2query); None: all
    generator: str | None = None
    #: heuristic question kinds to train on; title-like queries are the only heuristic kind that did not
    #: make the base model worse on judged queries (docs/questions.md); LLM and doc2query questions are
    #: always used. None: every kind.
    kinds: tuple[str, ...] | None = DEFAULT_KINDS
    #: WiSE-FT (Wortsman et al. 2022): the saved weights are base + merge_base x (tuned - base); halfway
    #: keeps what the pretrained model knew and measured better than both ends (docs/evaluation.md)
    merge_base: float = 0.5
    #: model store folder (None: the default store)
    model_store: str | None = None
    #: a judged set of the project whose judgments are added as pairs (:mod:`appliance.pipeline.judged_training`)
    judged: str | None = None
    #: the judged set is split by query into this many folds
    judged_folds: int = 5
    #: the fold left out of training (its queries stay unseen, for evaluation); None: every fold (the final model)
    judged_holdout: int | None = None
    #: judged pairs per generated pair: the judged pairs are repeated (whole copies, then a seeded sample) to
    #: that ratio; never fewer than each once, so with no generated questions each judged pair is used once
    judged_weight: float = 1.0
    #: give each judged pair a hard negative: a document graded not relevant, else a high-ranked unjudged one
    #: well below the positive (:func:`appliance.pipeline.judged_training.attach_negatives`)
    judged_negatives: bool = False


@dataclass
class TrainReport:
    """What a training run did and how the tuned model scored on held-out generated questions."""

    #: the ``runs`` row of this training
    run_id: int
    #: folder of the tuned model (in the project's artefact folder)
    model_path: str
    #: question-section pairs available
    pairs: int
    #: pairs in the training part (the rest belong to held-out documents)
    train_pairs: int
    #: held-out questions scored for validation
    validation_queries: int
    #: optimiser steps done
    steps: int
    #: cpu or cuda
    device: str
    #: wall-clock seconds of the training itself
    seconds: float
    #: what the defaults decided, in words for the user
    chose: str
    #: the tuned model on the held-out questions (map@100, ndcg@10, ...)
    validation: dict = field(default_factory=dict)
    #: training speed, all processes together
    pairs_per_s: float = 0.0
    #: the base model on the same held-out questions
    validation_base: dict = field(default_factory=dict)
    #: with a judged set: the query keys trained on and held out (``TrainOptions.judged_holdout``)
    judged_train_keys: list[str] = field(default_factory=list)
    judged_heldout_keys: list[str] = field(default_factory=list)


def training_pairs(project: Project, generator: str | None = None, kinds: tuple[str, ...] | None = None) -> list[dict]:
    """(question, passage, document) from the pseudonymized (or translated) text the questions came from.

    ``kinds`` narrows the built-in heuristic's questions; questions of a model (LLM, doc2query) are kept.
    """
    where, args = ("AND q.generator = ?", [generator]) if generator else ("", [])
    if kinds:
        where += f" AND (q.generator != 'heuristic' OR q.kind IN ({', '.join('?' * len(kinds))}))"
        args += list(kinds)
    return list(
        project.db.query(
            "SELECT q.id AS qid, q.text AS question, t.text AS passage, q.section_id, q.document_id "
            "FROM questions q JOIN section_texts t ON t.section_id = q.section_id AND t.stage = q.source_stage "
            f"WHERE 1 = 1 {where} ORDER BY q.id",
            args,
        )
    )


def merge_with_base(model, base_state: dict, alpha: float) -> None:
    """Weight-space ensemble (WiSE-FT): base + alpha * (tuned - base), in place; alpha 1 keeps the tuned model."""
    if alpha >= 1.0:
        return
    tuned = model.state_dict()
    model.load_state_dict({
        k: (base_state[k].to(v.device, v.dtype) * (1 - alpha) + v * alpha) if v.is_floating_point() and k in base_state else v
        for k, v in tuned.items()
    })


def split_by_document(pairs: list[dict], val_fraction: float, seed: int) -> tuple[list[dict], list[dict]]:
    docs = sorted({p["document_id"] for p in pairs})
    random.Random(seed).shuffle(docs)
    n_val = max(1, int(len(docs) * val_fraction)) if len(docs) > 1 else 0
    val_docs = set(docs[:n_val])
    return [p for p in pairs if p["document_id"] not in val_docs], [p for p in pairs if p["document_id"] in val_docs]


def _prompts_for(model_path: Path, model) -> dict[str, str]:
    """e5-family models expect "query: " / "passage: " prefixes; keep the model's own if it has any."""
    if getattr(model, "prompts", None) and {"query", "passage"} <= set(model.prompts):
        return dict(model.prompts)
    if "e5" in model_path.name.lower():
        return dict(E5_PROMPTS)
    return {}


def _measure_step_seconds(model, loss, pairs: list[dict], batch_size: int, steps: int = 3,
                          control: JobControl | None = None) -> float:
    """Seconds per optimiser step on this machine, from a few real forward/backward passes."""
    import torch

    control = control or JobControl()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=0.0)  # lr 0: measures the cost, changes nothing
    model.train()
    batch = pairs[:batch_size]
    times = []
    for _ in range(steps):
        t0 = time.perf_counter()
        encode = getattr(model, "preprocess", None) or model.tokenize  # preprocess: sentence-transformers >= 6
        features = [encode([p["question"] for p in batch]), encode([p["passage"] for p in batch])]
        features = [{k: v.to(model.device) for k, v in f.items() if hasattr(v, "to")} for f in features]
        value = loss(features, None)
        value.backward()
        opt.step()
        opt.zero_grad()
        times.append(time.perf_counter() - t0)
        control.report(len(times), steps, "")
        control.check()
    return sorted(times)[len(times) // 2]


class _ProgressCallback:
    """Bridges the HF trainer to JobControl: progress with loss, and cancel between steps.

    ``time_limit_s``: stop (and save) once training has run that long, so that a CPU budget holds even
    when the machine gets slower than when the step time was measured."""

    def __new__(cls, control: JobControl, total_steps: int, time_limit_s: float | None = None):
        from transformers import TrainerCallback

        class Callback(TrainerCallback):
            last_loss: float | None = None
            deadline: float | None = None
            hit_time_limit = False

            def on_train_begin(self, args, state, ctl, **kw):
                Callback.deadline = time.monotonic() + time_limit_s if time_limit_s else None

            def on_log(self, args, state, ctl, logs=None, **kw):
                if logs and "loss" in logs:
                    Callback.last_loss = float(logs["loss"])

            def on_step_end(self, args, state, ctl, **kw):
                loss = f"loss {Callback.last_loss:.3f}" if Callback.last_loss is not None else ""
                control.report(state.global_step, state.max_steps or total_steps, loss)
                if control.cancelled:
                    ctl.should_save = True
                    ctl.should_training_stop = True
                elif Callback.deadline is not None and time.monotonic() > Callback.deadline and state.global_step < state.max_steps:
                    Callback.hit_time_limit = True
                    ctl.should_training_stop = True

        return Callback()


def run_train(project: Project, options: TrainOptions, *, control: JobControl | None = None) -> TrainReport:
    """Fine-tune on the project's questions; the tuned model is registered, search keeps its model.

    ``options.judged``: the pairs of that judged set's training folds (all folds but ``judged_holdout``) are
    added to the generated ones, weighted by ``judged_weight``; the run's config records the query keys
    trained on (``judged_train_keys``) and held out (``judged_heldout_keys``), which evaluation keeps to."""
    control = control or JobControl()
    from datasets import Dataset
    from sentence_transformers import SentenceTransformerTrainer, SentenceTransformerTrainingArguments, losses
    from sentence_transformers.evaluation import InformationRetrievalEvaluator
    try:  # sentence-transformers >= 6
        from sentence_transformers.sentence_transformer.training_args import BatchSamplers
    except ImportError:  # 5.x
        from sentence_transformers.training_args import BatchSamplers

    from transformers.trainer_callback import PrinterCallback

    from appliance.models import ModelStore
    from appliance.models.device import pick_device
    from appliance.models.embedding import load_sentence_transformer

    device = pick_device(options.device)
    base_path = None
    judged_pairs: list[dict] = []
    judged_config: dict = {}
    model = None
    if options.judged:
        from appliance.pipeline.judged_training import judged_training_pairs, split_keys

        train_keys, heldout_keys = split_keys(project, options.judged, options.judged_folds, options.judged_holdout,
                                              options.seed)
        base_path = ModelStore(options.model_store).resolve(options.base_model, "embedding")
        control.phase("Loading the base model")
        model = load_sentence_transformer(base_path, device if distributed_rank() == 0 else "cpu")
        model.prompts = _prompts_for(base_path, model) or model.prompts  # the sections are chosen as search would
        control.phase("Choosing the sections of the judged documents")
        judged_pairs = judged_training_pairs(project, options.judged, train_keys, model)
        judged_config = {"judged_train_keys": train_keys, "judged_heldout_keys": heldout_keys}
        if options.judged_negatives:
            from appliance.pipeline.judged_training import attach_negatives

            control.phase("Choosing hard negatives for the judged queries")
            judged_config["judged_negatives_found"] = attach_negatives(project, options.judged, judged_pairs, train_keys,
                                                                       model, base_path)

    def with_judged(generated: list[dict]) -> list[dict]:
        from appliance.pipeline.judged_training import oversample

        return generated + oversample(judged_pairs, len(generated), options.judged_weight, options.seed) if judged_pairs else generated

    pairs = training_pairs(project, options.generator, options.kinds)
    kinds_note = f"question kinds {', '.join(options.kinds)}" if options.kinds else "all questions"
    if options.kinds and len(with_judged(pairs)) < 16:  # e.g. reports without diagnosis/procedure sections
        pairs, kinds_note = training_pairs(project, options.generator), "all questions (too few title-like ones)"
    n_pairs = len(with_judged(pairs))
    if n_pairs < 16:
        raise ProjectError(Text("too few questions to train on ({n_pairs}; at least 16 are needed)",
                                n_pairs=n_pairs), next_step="questions")
    train_pairs, val_pairs = split_by_document(pairs, options.val_fraction, options.seed)
    if judged_pairs:  # judged documents are trained on, so their generated questions cannot validate
        judged_docs = {p["document_id"] for p in judged_pairs}
        val_pairs = [p for p in val_pairs if p["document_id"] not in judged_docs]
        n_generated = len(train_pairs)
        train_pairs = with_judged(train_pairs)
        weighted = len(train_pairs) - n_generated
        kinds_note += (f"; {len(judged_pairs)} pairs from {len(judged_config['judged_train_keys'])} queries of judged set "
                       f"'{options.judged}' ({weighted} after weighting), "
                       f"{len(judged_config['judged_heldout_keys'])} queries held out")
    # torchrun / accelerate launch (docs/training_multi_gpu.md): every rank trains, rank 0 alone writes the project.
    rank, world = distributed_rank(), distributed_world_size()
    if rank != 0 and not project.readonly:
        raise ProjectError("under torchrun only rank 0 opens the project for writing; the other ranks read it")
    base_path = base_path or ModelStore(options.model_store).resolve(options.base_model, "embedding")
    if model is None:
        control.phase("Loading the base model")
        model = load_sentence_transformer(base_path, device if rank == 0 else "cpu")  # the trainer moves it to its GPU
    control.check()
    base_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()} if options.merge_base < 1 else {}
    prompts = _prompts_for(base_path, model)
    model.prompts = prompts or model.prompts

    if options.loss == "mnrl":
        loss = losses.MultipleNegativesRankingLoss(model)
    elif options.loss == "cached-mnrl":
        loss = losses.CachedMultipleNegativesRankingLoss(model, mini_batch_size=16)
    else:
        raise ProjectError(Text("unknown loss '{loss}' (mnrl or cached-mnrl)", loss=options.loss))
    train_loss = losses.MatryoshkaLoss(model, loss, [d for d in (768, 512, 256, 128, 64) if d <= model.get_sentence_embedding_dimension()]) if options.matryoshka else loss

    columns = {"anchor": [p["question"] for p in train_pairs], "positive": [p["passage"] for p in train_pairs]}
    if any("negative" in p for p in train_pairs):  # judged hard negatives; the other pairs get a random one
        columns["negative"] = _negatives_column(train_pairs, options.seed)
        kinds_note += f"; {judged_config.get('judged_negatives_found', 0)} judged pairs with a hard negative"
    train_dataset = Dataset.from_dict(columns).shuffle(seed=options.seed)
    if options.hard_negatives > 0:
        from sentence_transformers.util import mine_hard_negatives

        control.phase("Mining hard negatives")
        train_dataset = mine_hard_negatives(
            train_dataset, model, num_negatives=options.hard_negatives, range_min=10, range_max=50,
            sampling_strategy="random", batch_size=64, output_format="triplet" if options.hard_negatives == 1 else "n-tuple",
            use_faiss=False,
        )

    # What the defaults choose: on a CPU without explicit steps/epochs, a time budget from a measured step.
    steps_per_epoch = max(1, len(train_dataset) // options.batch_size)
    max_steps = options.max_steps or -1
    chose = f"{options.epochs:g} epoch(s) = {int(steps_per_epoch * options.epochs)} steps of {options.batch_size} pairs on {device}"
    if options.max_steps:
        chose = f"{options.max_steps} steps of {options.batch_size} pairs on {device} (as asked; one epoch is {steps_per_epoch})"
    if world > 1 and options.max_steps is None:  # a measured budget would differ per rank and hang DDP
        chose += f" on each of {world} processes (no CPU time budget under torchrun; give --max-steps to limit)"
    elif device == "cpu" and options.max_steps is None and options.time_budget_min:
        control.phase("Measuring the time of a training step", total=3)
        step_s = _measure_step_seconds(model, loss, train_pairs, options.batch_size, control=control)
        budget = int(options.time_budget_min * 60 * 0.85 / step_s)
        if budget < steps_per_epoch * options.epochs:
            max_steps = max(10, budget)
            chose = (
                f"CPU: {step_s:.2f} s per step of {options.batch_size} pairs measured, so {max_steps} steps "
                f"(~{options.time_budget_min:g} min; {max_steps * options.batch_size:,} of {len(train_dataset):,} pairs)"
            )
    total_steps = max_steps if max_steps > 0 else int(steps_per_epoch * options.epochs)
    time_limit_s = None
    if device == "cpu" and options.max_steps is None and options.time_budget_min and world == 1:
        time_limit_s = options.time_budget_min * 60 * 0.95  # the rest: validation and saving

    evaluator = None
    if val_pairs and rank == 0:
        val = val_pairs[: options.max_val_queries]
        corpus = {str(p["section_id"]): p["passage"] for p in val_pairs}
        evaluator = InformationRetrievalEvaluator(
            queries={str(p["qid"]): p["question"] for p in val},
            corpus=corpus,
            relevant_docs={str(p["qid"]): {str(p["section_id"])} for p in val},
            name="validation",
            query_prompt=prompts.get("query"),
            corpus_prompt=prompts.get("passage"),
            show_progress_bar=False,
            batch_size=64,
        )

    run_id = 0
    if rank == 0:
        with project.db.atomic():
            run_id = project.db["runs"].insert(
                {"kind": "train", "status": "running", "config": json.dumps(asdict(options) | {"device": device, "processes": world} | judged_config),
                 "created_at": now_iso()}
            ).last_pk
    run_dir = project.artefact_dir / "runs" / "train"
    checkpoints = run_dir / "checkpoints"
    resume = bool(options.resume and checkpoints.is_dir() and any(checkpoints.glob("checkpoint-*")))
    if not options.resume and checkpoints.is_dir() and rank == 0:
        import shutil

        shutil.rmtree(checkpoints)
    if options.gradient_checkpointing and device == "cuda":
        model[0].auto_model.gradient_checkpointing_enable()

    use_bf16 = device == "cuda" and _cuda_bf16()
    args = SentenceTransformerTrainingArguments(
        output_dir=str(checkpoints),
        num_train_epochs=options.epochs,
        max_steps=max_steps,
        per_device_train_batch_size=options.batch_size,
        per_device_eval_batch_size=options.batch_size,
        learning_rate=options.learning_rate,
        warmup_steps=options.warmup_ratio,  # a float below 1 is a ratio in Transformers 5
        fp16=device == "cuda" and not use_bf16,
        bf16=use_bf16,
        batch_sampler=BatchSamplers.NO_DUPLICATES,
        prompts={"anchor": prompts["query"], "positive": prompts["passage"]} if prompts else None,
        eval_strategy="no",
        save_strategy="steps",
        save_steps=max(10, total_steps // 5),
        save_total_limit=2,
        logging_steps=max(1, min(50, total_steps // 20)),
        report_to="none",
        seed=options.seed,
        disable_tqdm=True,
        dataloader_num_workers=0,
        use_cpu=device == "cpu",
    )
    job = project.start_job("train", {"run": run_id, "steps": total_steps, "device": device}, total_steps) if rank == 0 else None
    # The base model on the held-out questions, so that the tuned figures can be read against it.
    try:
        if evaluator is not None:
            control.phase("Scoring the base model on held-out questions")
        val_base_metrics = _validation_scores(evaluator, model) if evaluator is not None else {}
        control.check()
        trainer = SentenceTransformerTrainer(
            model=model, args=args, train_dataset=train_dataset, loss=train_loss,
            callbacks=[progress := _ProgressCallback(control, total_steps, time_limit_s)],
        )
        trainer.remove_callback(PrinterCallback)  # it prints raw log dicts to stdout; progress goes through control
        control.phase("Training", total=total_steps)
        started = time.monotonic()
        result = trainer.train(resume_from_checkpoint=True if resume else None)
    except Cancelled:
        if rank == 0:
            project.finish_job(job, "cancelled")
            with project.db.atomic():
                project.db["runs"].update(run_id, {"status": "cancelled"})
        raise
    except BaseException:
        if rank == 0:
            project.finish_job(job, "failed")
            with project.db.atomic():
                project.db["runs"].update(run_id, {"status": "failed"})
        raise
    seconds = time.monotonic() - started
    if rank != 0:  # rank 0 saves the model and writes the project
        return TrainReport(0, "", len(pairs), len(train_pairs), 0, int(result.global_step), device, round(seconds, 1), chose)
    if control.cancelled:
        project.finish_job(job, "cancelled", "checkpoint saved; resume to continue")
        with project.db.atomic():
            project.db["runs"].update(run_id, {"status": "cancelled"})
        raise Cancelled(next_step="resume")
    out = project.artefact_dir / "models" / f"tuned-{run_id}"
    merge_with_base(model, base_state, options.merge_base)
    if progress.hit_time_limit:
        chose += f"; stopped at the {options.time_budget_min:g}-minute budget after {int(result.global_step)} steps (the machine got slower)"
    chose += f"; {kinds_note}"
    if options.merge_base < 1:
        chose += f"; saved weights = base + {options.merge_base:g} x (tuned - base)"
    control.phase("Saving the tuned model")
    model.save(str(out))
    if evaluator is not None:
        control.phase("Scoring the tuned model on held-out questions")
    val_metrics = _validation_scores(evaluator, model) if evaluator is not None else {}
    steps = int(result.global_step)
    pairs_per_s = steps * options.batch_size * args.world_size / seconds if seconds else 0.0  # all processes
    rel = out.relative_to(project.artefact_dir).as_posix()
    with project.db.atomic():
        project.db["runs"].update(
            run_id,
            {"status": "done", "model_path": rel,
             "metrics": json.dumps({"validation": val_metrics, "validation_base": val_base_metrics, "steps": steps, "seconds": round(seconds, 1),
                                    "pairs_per_s": round(pairs_per_s, 1), "train_pairs": len(train_pairs),
                                    "processes": args.world_size})},
        )
    project.set_setting(TUNED_SETTING, rel)
    project.finish_job(job, "done", f"{steps} steps")
    project.audit("train", run=run_id, steps=steps, pairs=len(train_pairs), device=device)
    return TrainReport(run_id, str(out), len(pairs), len(train_pairs),
                       len({p["qid"] for p in val_pairs[: options.max_val_queries]}), steps, device, round(seconds, 1),
                       chose, val_metrics, round(pairs_per_s, 1), val_base_metrics,
                       judged_config.get("judged_train_keys", []), judged_config.get("judged_heldout_keys", []))


def _negatives_column(pairs: list[dict], seed: int) -> list[str]:
    """Each pair's hard negative, or (a pair without one) the passage of a seeded random pair of another
    document: MultipleNegativesRankingLoss then has one more in-batch negative, never the positive."""
    rng = random.Random(seed)
    out = []
    for p in pairs:
        negative = p.get("negative")
        for _ in range(20):
            if negative is not None:
                break
            other = pairs[rng.randrange(len(pairs))]
            negative = other["passage"] if other["document_id"] != p["document_id"] else None
        out.append(negative if negative is not None else "")
    return out


def _validation_scores(evaluator, model) -> dict:
    scores = evaluator(model)
    return {k.replace("validation_", ""): round(float(v), 4) for k, v in scores.items() if "@" in k}


def distributed_rank() -> int:
    """This process's rank under torchrun / accelerate launch (0 when not distributed)."""
    return int(os.environ.get("RANK", "0"))


def distributed_world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def _cuda_bf16() -> bool:
    import torch

    return bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())
