"""Which training pairs and schedule make a tuned model better than its base? (issues 5 and 6)

The issue's warning: unsupervised pairs can erase what a strong pretrained model knows. This
script measures it: it trains all-MiniLM-L6-v2 on several candidate pair sets built by the
product's own question generation from the *pseudonymized corpus text only* (never from the
benchmark queries or qrels), under the same step budget a 2-core CPU affords in about 15 minutes
(or more, to see what a GPU run would do), and evaluates every tuned model on the judged dev
queries of mtsamples-topics and liveqa-medquad (rel-min 2) with the evaluation code of the product
(trec_eval's metrics through pytrec_eval, as ``appliance evaluate``).

Two steps, so that the GPU machine needs neither the project nor the appliance's dependencies:

    # here: build the project (import -> irreversible pseudonymization -> heuristic questions), write pair sets
    python bench/train_mix_sweep.py export --project P.appliance --out .carry/sweep
    # anywhere with torch + sentence-transformers + datasets + pytrec-eval-terrier (e.g. the GPU machine)
    python bench/train_mix_sweep.py sweep --data .carry/sweep --configs default --out results.jsonl

Each sweep line: the configuration, the seconds it took, and mAP@100 / nDCG@10 of the tuned model
on both judged sets next to the base model's, also for the WiSE-FT merge (base + 0.5 x (tuned - base)).
Pair sets are the question kinds of the project: title, title-abbrev, keyphrase and template (the
header questions), so that ``keyphrase+template+title+title-abbrev`` is everything the heuristic wrote.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

def _gz_jsonl(path: Path, rows) -> int:
    n = 0
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    return n


def export(project_path: Path, out: Path, base_model: str | None) -> None:
    from appliance.models import ModelStore
    from appliance.project import Project

    out.mkdir(parents=True, exist_ok=True)
    with Project.open(project_path, readonly=True) as project:
        rows = list(project.db.query(
            "SELECT q.kind, q.text AS q, s.header AS h, t.text AS p, q.section_id AS sid, q.document_id AS doc "
            "FROM questions q JOIN sections s ON s.id = q.section_id "
            "JOIN section_texts t ON t.section_id = q.section_id AND t.stage = q.source_stage ORDER BY q.id"))
    sets: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        pair = {"q": r["q"], "h": r["h"] or "", "p": r["p"], "doc": r["doc"], "sid": r["sid"]}
        kind = r["kind"] if r["kind"] != "heuristic" else ("template" if r["q"].endswith("?") else "keyphrase")
        sets[kind].append(pair)
    # 'heuristic' (everything the stage wrote) travels as its parts: keyphrase+template+title
    counts = {name: _gz_jsonl(out / f"pairs-{name}.jsonl.gz", pairs) for name, pairs in sets.items()}

    for name, folder, rel_min in (("mtsamples", "mtsamples-topics", 1), ("liveqa", "liveqa-medquad", 2)):
        src = Path(__file__).resolve().parents[2] / "shared" / "bench" / folder
        from appliance.pipeline.evaluate import section_corpus
        from appliance.pipeline.judged import load_beir

        judged = load_beir(src)
        sc = section_corpus(judged.corpus)
        _gz_jsonl(out / f"judged-{name}.jsonl.gz", [
            {"sections": [[d, t] for d, t in zip(sc.doc_ids, sc.texts)], "queries": judged.queries,
             "qrels": judged.qrels, "rel_min": rel_min}])

    model_dst = out / "model"
    if not model_dst.exists():
        import shutil

        import torch
        from safetensors.torch import load_file, save_file

        src = ModelStore().resolve(base_model, "embedding")
        shutil.copytree(src, model_dst, ignore=shutil.ignore_patterns("model.safetensors", "*.bin", "onnx", "openvino", "README.md"))
        state = load_file(str(Path(src) / "model.safetensors"))
        save_file({k: v.to(torch.float16).contiguous() if v.is_floating_point() else v for k, v in state.items()},
                  str(model_dst / "model.safetensors"), metadata={"format": "pt"})
    print(json.dumps(counts))


# The two recorded sweeps (bench/results-train-mix-sweep-{1,2}.jsonl) ran on a heuristic-1 project, with
# the bench's prototypes of what became heuristic-2 (commit c1f8eb5): "doctitle" = today's "title",
# "abbrev" = today's "title-abbrev", "title" = heuristic-1's single first item per section.
CONFIGS = {
    "default": [
        ("keyphrase+template+title+title-abbrev", 2e-5, 120, 32, 256, False),  # every heuristic kind
        ("title+title-abbrev", 2e-5, 120, 32, 256, False),  # the training default (CPU budget)
        ("title+title-abbrev", 2e-5, 400, 64, 256, False),  # about one GPU epoch
        ("keyphrase", 2e-5, 120, 32, 256, False),
        ("template", 2e-5, 120, 32, 256, False),
    ],
}


def _load_pairs(data: Path, spec: str) -> list[dict]:
    pairs = []
    for name in spec.split("+"):
        with gzip.open(data / f"pairs-{name}.jsonl.gz", "rt", encoding="utf-8") as f:
            pairs += [json.loads(line) for line in f]
    return pairs


def _evaluate(model, judged: dict) -> dict:
    import numpy as np

    from appliance.models.embedding import encode
    from appliance.pipeline.evaluate import rank_documents
    from appliance.pipeline.metrics import retrieval_metrics

    doc_ids = [d for d, _ in judged["sections"]]
    unique = list(dict.fromkeys(doc_ids))
    index = {d: i for i, d in enumerate(unique)}
    section_docs = np.array([index[d] for d in doc_ids])
    passages = encode(model, [t for _, t in judged["sections"]], "passage", batch_size=256)
    qids = list(judged["queries"])
    queries = encode(model, [judged["queries"][q] for q in qids], "query", batch_size=256)
    rankings = {}
    for start in range(0, len(qids), 256):
        scores = queries[start:start + 256] @ passages.T
        rankings.update(zip(qids[start:start + 256], rank_documents(scores, section_docs, unique)))
    m = retrieval_metrics(rankings, judged["qrels"], judged["rel_min"])
    return {"map@100": round(m["map@100"], 4), "ndcg@10": round(m["ndcg@10"], 4)}


def sweep(data: Path, configs: list, out: Path, seed: int, val_docs_fraction: float = 0.1, smoke: bool = False,
          merge_alphas: tuple = (0.5,)) -> None:
    import torch
    from datasets import Dataset
    from sentence_transformers import (
        SentenceTransformer,
        SentenceTransformerTrainer,
        SentenceTransformerTrainingArguments,
        losses,
    )
    from sentence_transformers.training_args import BatchSamplers

    device = "cuda" if torch.cuda.is_available() else "cpu"
    judged = {}
    for name in ("mtsamples", "liveqa"):
        with gzip.open(data / f"judged-{name}.jsonl.gz", "rt", encoding="utf-8") as f:
            judged[name] = json.loads(f.readline())
        if smoke:  # a quick check of the wiring, not a measurement
            judged[name]["sections"] = judged[name]["sections"][:300]
            judged[name]["queries"] = dict(list(judged[name]["queries"].items())[:20])

    def load():
        m = SentenceTransformer(str(data / "model"), device=device, local_files_only=True)
        return m.to(torch.float32)

    def log(row):
        print(json.dumps(row), flush=True)
        with open(out, "a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\n")

    base = load()
    base_state = {k: v.detach().cpu().clone() for k, v in base.state_dict().items()}
    log({"config": "base", **{k: _evaluate(base, j) for k, j in judged.items()}})
    del base
    for spec, lr, steps, batch, maxlen, header, *rest in configs:
        seed_run = seed + (rest[0] if rest else 0)
        t0 = time.perf_counter()
        pairs = _load_pairs(data, spec)
        docs = sorted({p["doc"] for p in pairs})
        random.Random(seed).shuffle(docs)  # same held-out reports in every run
        val = set(docs[: int(len(docs) * val_docs_fraction)])  # as train_project: held-out reports
        pairs = [p for p in pairs if p["doc"] not in val]
        passages = [f"{p['h']}: {p['p']}" if header and p["h"] else p["p"] for p in pairs]
        ds = Dataset.from_dict({"anchor": [p["q"] for p in pairs], "positive": passages}).shuffle(seed=seed_run)
        model = load()
        model.max_seq_length = maxlen
        bf16 = device == "cuda" and torch.cuda.is_bf16_supported()
        args = SentenceTransformerTrainingArguments(
            output_dir=str(out.parent / "sweep-tmp"), max_steps=steps, per_device_train_batch_size=batch,
            learning_rate=lr, warmup_steps=0.1, bf16=bf16, batch_sampler=BatchSamplers.NO_DUPLICATES,
            save_strategy="no", logging_steps=50, report_to="none", seed=seed_run, dataloader_drop_last=True,
        )
        trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=ds,
                                             loss=losses.MultipleNegativesRankingLoss(model))
        trainer.train()
        model.max_seq_length = 256
        merged = {}
        for alpha in merge_alphas:  # WiSE-FT: weights between base and tuned keep what the base knew
            tuned_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
            model.load_state_dict({k: (1 - alpha) * base_state[k].to(v.device, v.dtype) + alpha * v if v.is_floating_point() else v
                                   for k, v in tuned_state.items()})
            merged[str(alpha)] = {k: _evaluate(model, j) for k, j in judged.items()}
            model.load_state_dict(tuned_state)
        row = {"config": {"pairs": spec, "lr": lr, "steps": steps, "batch": batch, "max_seq_length": maxlen,
                          "header": header, "seed": seed_run, "n_pairs": len(pairs)}}
        row.update({k: _evaluate(model, j) for k, j in judged.items()})
        row["merged"] = merged
        row["seconds"] = round(time.perf_counter() - t0, 1)
        log(row)
        del model, trainer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export")
    e.add_argument("--project", required=True, type=Path)
    e.add_argument("--out", required=True, type=Path)
    e.add_argument("--base-model")
    s = sub.add_parser("sweep")
    s.add_argument("--data", required=True, type=Path)
    s.add_argument("--configs", default="default", help="a name in CONFIGS or a JSON list")
    s.add_argument("--out", required=True, type=Path)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--limit", type=int, help="only the first N configurations")
    s.add_argument("--smoke", action="store_true", help="tiny judged sets: checks the wiring only")
    a = ap.parse_args()
    if a.cmd == "export":
        export(a.project, a.out, a.base_model)
    else:
        configs = CONFIGS[a.configs] if a.configs in CONFIGS else json.loads(a.configs)
        sweep(a.data, configs[: a.limit] if a.limit else configs, a.out, a.seed, smoke=a.smoke)


if __name__ == "__main__":
    main()
