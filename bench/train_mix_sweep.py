"""Which training pairs and schedule make a tuned model better than its base? (issues 5 and 6)

The issue's warning: unsupervised pairs can erase what a strong pretrained model knows. This
script measures it: it trains all-MiniLM-L6-v2 on several candidate pair sets built by the
product's own question generation from the *pseudonymized corpus text only* (never from the
benchmark queries or qrels), under the same step budget a 2-core CPU affords in about 15 minutes
(or more, to see what a GPU run would do), and evaluates every tuned model on the judged dev
queries of mtsamples-topics and liveqa-medquad (rel-min 2) with the evaluation code of the product.

Two steps, so that the GPU machine needs neither the project nor the appliance's dependencies:

    # here: build the project (import -> irreversible pseudonymization -> heuristic questions), write pair sets
    python bench/train_mix_sweep.py export --project /work/exp/q.appliance --out .carry/sweep
    # anywhere with torch + sentence-transformers + datasets (e.g. the GPU machine)
    python bench/train_mix_sweep.py sweep --data .carry/sweep --configs default --out results.jsonl

Each sweep line: the configuration, the seconds it took, and mAP@100 / nDCG@10 of the tuned model
on both judged sets next to the base model's.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TITLE_HEADERS = re.compile(
    r"diagnos|procedure|operation|impression|assessment|exam|indication|reason for|chief complaint|finding|"
    r"befund|beurteilung|diagnose|eingriff|fragestellung", re.I)
_ENUM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s*")
_WORDS = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß-]+")


def _terms(text: str) -> set[str]:
    return {w.lower() for w in _WORDS.findall(text) if len(w) > 3}


def _gz_jsonl(path: Path, rows) -> int:
    n = 0
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    return n


def title_candidates(header: str, text: str) -> list[str]:
    """Every short enumerated item of a diagnosis/procedure-like section: what a report's title names."""
    if not TITLE_HEADERS.search(header or ""):
        return []
    items = re.split(r"\n|(?<=\.)\s*,|\s{2,}(?=\d+[.)]\s)|(?<=\.)\s+(?=\d+[.)]\s)", text.strip())
    out = []
    for it in items:
        it = _ENUM.sub("", it).strip(" .,:;")
        if 1 <= len(it.split()) <= 8 and not re.search(r"\d{3,}", it):
            out.append(it)
    return out[:3]


_ABBR = re.compile(r"((?:[A-Za-z][A-Za-z-]*\s+){0,6}[A-Za-z][A-Za-z-]*)\s*\(([A-Z][A-Za-z0-9&/]{1,7})\)")


def abbreviations(texts) -> dict[str, str]:
    """Long form -> abbreviation pairs defined in the text itself ("incision and drainage (I&D)"), after
    Schwartz & Hearst (2003): the abbreviation's letters appear in order in the long form's last words."""
    found: dict[str, str] = {}
    for text in texts:
        for m in _ABBR.finditer(text):
            words, abbr = m.group(1).split(), m.group(2)
            letters = [c.lower() for c in abbr if c.isalpha()]
            if len(letters) < 2 or sum(c.isupper() for c in abbr) < 2:
                continue
            for k in range(1, min(len(words), len(letters) + 2) + 1):
                cand = " ".join(words[-k:])
                if cand[0].lower() != letters[0] or len(words[-k]) < 2:
                    continue
                i = 0
                for ch in cand.lower():
                    if i < len(letters) and ch == letters[i]:
                        i += 1
                if i == len(letters) and len(cand) > len(abbr) + 3:
                    found.setdefault(cand.lower(), abbr)
                    break
    return found


def export(project_path: Path, out: Path, base_model: str | None) -> None:
    from appliance.models import ModelStore
    from appliance.project import Project

    out.mkdir(parents=True, exist_ok=True)
    with Project.open(project_path, readonly=True) as project:
        rows = list(project.db.query(
            "SELECT q.kind, q.text AS q, s.header AS h, t.text AS p, q.section_id AS sid, q.document_id AS doc "
            "FROM questions q JOIN sections s ON s.id = q.section_id "
            "JOIN section_texts t ON t.section_id = q.section_id AND t.stage = q.source_stage ORDER BY q.id"))
        sections = list(project.db.query(
            "SELECT s.id AS sid, s.document_id AS doc, s.header AS h, t.text AS p FROM sections s "
            "JOIN section_texts t ON t.section_id = s.id AND t.stage = 'pseudonymized' ORDER BY s.document_id, s.ord"))
    sets: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        pair = {"q": r["q"], "h": r["h"] or "", "p": r["p"], "doc": r["doc"], "sid": r["sid"]}
        sets["heuristic"].append(pair)
        if r["kind"] == "title":
            sets["title"].append(pair)
        elif r["q"].endswith("?"):
            sets["template"].append(pair)
        else:
            sets["keyphrase"].append(pair)
    # doctitle: every title-like item of a report, paired with the two other sections that share most terms
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for s in sections:
        by_doc[s["doc"]].append(s)
    for doc, secs in by_doc.items():
        seen = set()
        for s in secs:
            for title in title_candidates(s["h"], s["p"]):
                key = title.lower()
                if key in seen:
                    continue
                seen.add(key)
                terms = _terms(title)
                others = [o for o in secs if o["sid"] != s["sid"] and len(o["p"]) > 80]
                ranked = sorted(others, key=lambda o: (-len(terms & _terms(o["p"])), -len(o["p"])))
                for o in ranked[:2]:
                    if terms & _terms(o["p"]):
                        sets["doctitle"].append({"q": title, "h": o["h"] or "", "p": o["p"], "doc": doc, "sid": o["sid"]})
                sets["doctitle_self"].append({"q": title, "h": s["h"] or "", "p": s["p"], "doc": doc, "sid": s["sid"]})
    # 'heuristic' (everything the stage wrote) travels as its parts: keyphrase+template+title
    # abbrev: title pairs again with a long form swapped for its abbreviation and back (ORIF, I&D, TURP)
    abbr = abbreviations(s["p"] for s in sections)
    expand = {v.lower(): k for k, v in abbr.items()}
    for pair in sets["doctitle"] + sets["title"]:
        low = pair["q"].lower()
        if "(" in low:
            continue
        for long_form, short in abbr.items():
            if long_form in low:
                i = low.index(long_form)
                sets["abbrev"].append({**pair, "q": pair["q"][:i] + short + pair["q"][i + len(long_form):]})
        for word in re.findall(r"[A-Za-z&/]+", pair["q"]):
            if word.lower() in expand and word.isupper():
                sets["abbrev"].append({**pair, "q": pair["q"].replace(word, expand[word.lower()])})
    counts = {name: _gz_jsonl(out / f"pairs-{name}.jsonl.gz", pairs) for name, pairs in sets.items() if name != "heuristic"}

    for name, folder, rel_min in (("mtsamples", "mtsamples-topics", 1), ("liveqa", "liveqa-medquad", 2)):
        src = Path(__file__).resolve().parents[2] / "shared" / "bench" / folder
        from appliance.pipeline.evaluate import load_beir, section_corpus

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


CONFIGS = {
    "round2": [
        ("doctitle+title", 2e-5, 120, 32, 256, False),
        ("doctitle+title+abbrev", 2e-5, 120, 32, 256, False),
        ("doctitle+title+abbrev", 2e-5, 400, 64, 256, False),
        ("keyphrase+template+title", 2e-5, 120, 32, 256, False),
        ("keyphrase+template+title", 2e-5, 1500, 64, 256, False),
    ],
    # name: list of (pair sets, lr, steps, batch, max_seq_length, header-in-passage)
    "default": [
        ("keyphrase+template+title", 2e-5, 120, 32, 256, False),   # today's CPU default
        ("keyphrase+template+title", 2e-5, 120, 32, 256, True),
        ("title", 2e-5, 120, 32, 256, True),
        ("doctitle", 2e-5, 120, 32, 256, True),
        ("keyphrase", 2e-5, 120, 32, 256, True),
        ("template", 2e-5, 120, 32, 256, True),
        ("doctitle_self", 2e-5, 120, 32, 256, True),
        ("doctitle+title", 2e-5, 120, 32, 256, True),
        ("doctitle+keyphrase", 2e-5, 120, 32, 256, True),
        ("doctitle", 1e-5, 120, 32, 256, True),
        ("doctitle", 5e-5, 120, 32, 256, True),
        ("doctitle", 2e-5, 240, 32, 128, True),
        ("doctitle", 2e-5, 120, 64, 128, True),
        ("doctitle", 2e-5, 400, 64, 256, True),
        ("keyphrase+template+title", 2e-5, 1500, 64, 256, True),   # what a GPU 'all pairs' run would do
        ("doctitle+title", 2e-5, 240, 32, 128, True),
        ("doctitle", 2e-5, 120, 32, 256, False),
        ("doctitle", 2e-5, 120, 32, 256, True, 1),  # another seed: the noise floor
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

    from appliance.pipeline.evaluate import aggregate, encode, metrics_for_run, rank_documents

    doc_ids = [d for d, _ in judged["sections"]]
    unique = list(dict.fromkeys(doc_ids))
    index = {d: i for i, d in enumerate(unique)}
    section_docs = np.array([index[d] for d in doc_ids])
    passages = encode(model, [t for _, t in judged["sections"]], "passage", batch_size=256)
    qids = list(judged["queries"])
    queries = encode(model, [judged["queries"][q] for q in qids], "query", batch_size=256)
    per_query = []
    for start in range(0, len(qids), 256):
        scores = queries[start:start + 256] @ passages.T
        for qid, ranking in zip(qids[start:start + 256], rank_documents(scores, section_docs, unique)):
            per_query.append(metrics_for_run(ranking, judged["qrels"].get(qid, {}), judged["rel_min"]))
    m = aggregate(per_query)
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
