"""Judged sets built in the project: pooling, judging, BEIR export/import, evaluation on a set, and the
bootstrap interval that the adoption guard uses."""
from __future__ import annotations

import dataclasses
import json
import random
import shutil

import numpy as np
import pytest

from appliance.cli import main
from appliance.models import ModelStore
from appliance.models.project_models import SEARCH_MODEL_SETTING, TUNED_SETTING
from appliance.paths import samples_dir
from appliance.pipeline.evaluate import EvaluateOptions, run_evaluate, store_evaluation
from appliance.pipeline.index import IndexOptions, evaluation_vectors, run_index
from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.judged import read_qrels, read_queries
from appliance.pipeline.judged_sets import (
    Candidate,
    add_query,
    candidates,
    create_set,
    delete_query,
    export_beir,
    import_beir,
    judge,
    judged_data,
    judged_files,
    list_sets,
    queries_of,
)
from appliance.pipeline.report import (
    MIN_INTERVAL_QUERIES,
    NOT_SHOWN,
    AdoptRefused,
    adopt,
    adoption_check,
    bootstrap_intervals,
    compare_runs,
    format_table,
)
from appliance.pipeline.search import Searcher, document_keys
from appliance.project import Project, ProjectError
from project_support import register_tuned_model

JUDGED = samples_dir() / "judged"
QUESTION = "Lungenembolie CT Thorax Kontrastmittel"

pytestmark = pytest.mark.usefixtures("one_model")  # one loaded model for every load (CLI too)


@pytest.fixture(scope="module")
def built(tmp_path_factory, encoder):
    """The 18 sample reports imported and indexed (original text) with a 'tuned' model (a copy of the base
    model's folder: another fingerprint, so its dense search goes through evaluation vectors)."""
    path = tmp_path_factory.mktemp("built") / "judged.appliance"
    with Project.create(path) as project:
        run_import(project, ImportOptions(paths=[str(samples_dir() / "reports")]))
        run_import(project, ImportOptions(paths=[str(samples_dir() / "reports.jsonl")], id_field="id"))
        run_index(project, IndexOptions(source="original", device="cpu"), encoder=encoder)
        shutil.copytree(ModelStore().resolve(None, "embedding"), project.artefact_dir / "models" / "tuned-1")
        project.set_setting(TUNED_SETTING, "models/tuned-1")
        evaluation_vectors(project, project.artefact_dir / "models" / "tuned-1", encoder=encoder)  # once for all tests
    return path


@pytest.fixture
def proj(built, tmp_path):
    """A fresh copy of the built project for one test."""
    path = tmp_path / built.name
    shutil.copy(built, path)
    shutil.copytree(built.with_name(built.name + ".artefacts"), path.with_name(path.name + ".artefacts"))
    with Project.open(path) as project:
        yield project


def _rankings(project, text, depth, encoder):
    """Each ranker's top documents, computed here independently of the pooling."""
    tuned = project.artefact_dir / "models" / "tuned-1"
    s = Searcher(project, encoder=encoder)
    t = Searcher(project, encoder=encoder, vector_file=evaluation_vectors(project, tuned, encoder=encoder),
                 model_path=tuned)
    return {"keyword": [d for d, _, _ in s.rank(text, depth, "keyword")],
            "base": [d for d, _, _ in s.rank(text, depth, "dense")],
            "tuned": [d for d, _, _ in t.rank(text, depth, "dense")]}


def _grade_from_samples(project, query_id, key):
    """Grade every candidate of a query as the bundled sample qrels do (0 where they say nothing)."""
    qrels = read_qrels(JUDGED / "qrels.tsv")[key]
    keys = document_keys(project)
    for c in candidates(project, query_id):
        judge(project, query_id, c.document_id, qrels.get(keys[c.document_id], 0))


# ---------------------------------------------------------------------------- pooling
def test_pooling_stores_exactly_the_deduplicated_union_of_the_rankers_top_k(proj, encoder):
    qid = add_query(proj, "ward", QUESTION, depth=5, device="cpu", encoder=encoder)
    ranked = _rankings(proj, QUESTION, 5, encoder)
    assert len(ranked["keyword"]) >= 3 and len(ranked["base"]) == 5
    union = set(ranked["keyword"]) | set(ranked["base"]) | set(ranked["tuned"])
    rows = {r["document_id"]: r for r in proj.db["judgments"].rows_where("query_id = ?", [qid])}
    assert set(rows) == union and len(rows) < sum(len(v) for v in ranked.values())  # overlaps stored once
    for doc, row in rows.items():
        assert json.loads(row["pooled_by"]) == [r for r in ("keyword", "base", "tuned") if doc in ranked[r]]
        assert row["grade"] is None and row["judged_at"] is None
    assert any(json.loads(r["pooled_by"]) == ["keyword"] for r in rows.values())  # keyword found what dense did not
    audit = [json.loads(a["details"]) for a in proj.audit_log() if a["action"] == "judged-query"]
    assert audit == [{"set": create_set(proj, "ward"), "candidates": len(union)}]
    assert QUESTION not in json.dumps(proj.audit_log())  # no query text in the audit log


def test_the_order_shown_is_a_seeded_shuffle_that_follows_no_ranker_and_hides_the_ranker(proj, encoder):
    qid = add_query(proj, "ward", QUESTION, depth=10, device="cpu", encoder=encoder)
    cands = candidates(proj, qid)
    assert [c.position for c in cands] == list(range(len(cands)))
    order = [c.document_id for c in cands]
    expected = sorted(order)
    random.Random(qid).shuffle(expected)  # the seed is the query's id: the same order every time
    assert order == expected
    for name, ranking in _rankings(proj, QUESTION, 10, encoder).items():
        assert len(ranking) >= 3, name
        assert [d for d in order if d in ranking] != ranking, name
    assert order != sorted(order)
    fields = {f.name for f in dataclasses.fields(Candidate)}
    assert fields == {"document_id", "position", "grade", "external_id", "title", "doc_type", "date"}
    assert {c.external_id or c.title for c in cands} and all(c.grade is None and c.date for c in cands)
    # a second query of the set: the next key; a set of another name starts at q1
    second = add_query(proj, "ward", "Hüft-TEP Operationsbericht", device="cpu", encoder=encoder)
    other = add_query(proj, "other", "Hüft-TEP Operationsbericht", device="cpu", encoder=encoder)
    assert [q.key for q in queries_of(proj, "ward")] == ["q1", "q2"] and queries_of(proj, "other")[0].key == "q1"
    assert {c.document_id for c in candidates(proj, second)} == {c.document_id for c in candidates(proj, other)}


def test_pooling_needs_an_index_and_a_text(tmp_path, encoder):
    with Project.create(tmp_path / "empty.appliance") as project:
        run_import(project, ImportOptions(paths=[str(samples_dir() / "reports")]))
        with pytest.raises(ProjectError) as e:
            add_query(project, "ward", QUESTION, encoder=encoder)
        assert e.value.next_step == "index"
        with pytest.raises(ProjectError, match="needs a text"):
            add_query(project, "ward", "   ", encoder=encoder)
        assert list_sets(project) == []  # nothing was created by the failed calls


# ---------------------------------------------------------------------------- judging and counts
def test_judge_validates_grades_and_the_sets_count_what_is_judged(proj, encoder):
    with pytest.raises(ProjectError, match="needs a name"):
        create_set(proj, " ")
    assert create_set(proj, "ward") == create_set(proj, "ward")  # idempotent by name
    qid = add_query(proj, "ward", QUESTION, depth=3, device="cpu", encoder=encoder)
    cands = candidates(proj, qid)
    first = cands[0].document_id
    for bad in (3, -1, True, "2", None):
        with pytest.raises(ProjectError, match="a grade is 0"):
            judge(proj, qid, first, bad)
    outsider = next(d for (d,) in proj.db.execute("SELECT id FROM documents") if d not in {c.document_id for c in cands})
    with pytest.raises(ProjectError, match="not a candidate"):
        judge(proj, qid, outsider, 1)
    with pytest.raises(ProjectError, match="no judged query"):
        judge(proj, 9999, first, 1)
    [info] = list_sets(proj)
    assert (info.name, info.queries, info.judged_queries, info.judgments, info.relevant) == ("ward", 1, 0, 0, 0)
    grades = [2, 1] + [0] * (len(cands) - 2)
    for c, g in zip(cands[:-1], grades):
        judge(proj, qid, c.document_id, g)
    info = list_sets(proj)[0]
    assert (info.judged_queries, info.judgments, info.relevant) == (0, len(cands) - 1, 2)
    judge(proj, qid, cands[-1].document_id, grades[-1])
    judge(proj, qid, first, 2)  # judged again: replaced, not added
    info = list_sets(proj)[0]
    assert (info.judged_queries, info.judgments, info.relevant) == (1, len(cands), 2)
    row = proj.db["judgments"].get((qid, first))
    assert row["grade"] == 2 and row["judged_at"] and row["os_user"]
    assert [c.grade for c in candidates(proj, qid)] == grades
    assert queries_of(proj, "ward")[0].judged == len(cands)
    delete_query(proj, qid)
    assert queries_of(proj, "ward") == [] and proj.db["judgments"].count == 0
    with pytest.raises(ProjectError, match="no judged set named"):
        queries_of(proj, "missing")


def test_a_deleted_document_takes_its_judgments_with_it(proj, encoder):
    qid = add_query(proj, "ward", QUESTION, depth=3, device="cpu", encoder=encoder)
    gone = candidates(proj, qid)[0].document_id
    proj.delete_document(gone)
    assert gone not in {c.document_id for c in candidates(proj, qid)}


# ---------------------------------------------------------------------------- BEIR files
def test_export_then_import_gives_identical_queries_and_qrels(proj, encoder, tmp_path):
    for key, text in list(read_queries(JUDGED / "queries.jsonl").items())[:3]:
        _grade_from_samples(proj, add_query(proj, "built", text, depth=5, device="cpu", encoder=encoder), key)
    add_query(proj, "built", "Koloskopie Polyp", depth=2, device="cpu", encoder=encoder)  # not judged: not exported
    out = export_beir(proj, "built", tmp_path / "one")
    assert out["queries"] == 3 and out["unjudged_queries"] == 1
    assert (tmp_path / "one" / "qrels" / "test.tsv").read_text().splitlines()[0] == "query-id\tcorpus-id\tscore"
    zeros = sum(g == 0 for rel in read_qrels(out["qrels_file"]).values() for g in rel.values())
    assert zeros > 0 and out["judgments"] == sum(len(r) for r in read_qrels(out["qrels_file"]).values())
    got = import_beir(proj, tmp_path / "one", "copy")
    assert (got["queries"], got["judgments"], got["unknown_documents"]) == (3, out["judgments"], 0)
    again = export_beir(proj, "copy", tmp_path / "two")
    assert (again["queries"], again["judgments"]) == (out["queries"], out["judgments"])
    for name in ("queries.jsonl", "qrels/test.tsv"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    assert judged_data(proj, "copy") == judged_data(proj, "built")
    # importing again into the same set replaces its queries of the same key
    replaced = import_beir(proj, tmp_path / "one", "copy")
    assert replaced["replaced_queries"] == 3 and len(queries_of(proj, "copy")) == 3
    assert judged_files(proj, "copy", tmp_path / "three")[1].read_bytes() == (tmp_path / "two" / "qrels" / "test.tsv").read_bytes()
    actions = [a["action"] for a in proj.audit_log()]
    assert actions.count("judged-export") == 3 and actions.count("judged-import") == 2
    assert "Koloskopie" not in json.dumps(proj.audit_log())


def test_import_counts_unknown_documents_and_refuses_when_none_match(proj, tmp_path):
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text((JUDGED / "qrels.tsv").read_text() + "q01\tnot-in-this-project.txt\t1\n")
    got = import_beir(proj, None, "samples", queries=JUDGED / "queries.jsonl", qrels=qrels)
    assert got["queries"] == 23 and got["judgments"] == 29 and got["unknown_documents"] == 1
    assert list_sets(proj)[0].relevant == 29
    qrels.write_text("query-id\tcorpus-id\tscore\nq01\tnowhere.txt\t2\n")
    with pytest.raises(ProjectError, match="none of the 1 judged documents") as e:
        import_beir(proj, None, "other", queries=JUDGED / "queries.jsonl", qrels=qrels)
    assert e.value.next_step == "import"
    qrels.write_text("query-id\tcorpus-id\tscore\nq01\tr-001\t3\n")
    with pytest.raises(ProjectError, match="grade 3"):
        import_beir(proj, None, "other", queries=JUDGED / "queries.jsonl", qrels=qrels)
    with pytest.raises(ProjectError, match="cannot read the judged set"):
        import_beir(proj, tmp_path / "missing", "other")
    assert [s.name for s in list_sets(proj)] == ["samples"]


# ---------------------------------------------------------------------------- evaluation on a set
def test_evaluate_on_a_judged_set_equals_its_exported_files_and_its_reimport(proj, encoder, tmp_path, capsys):
    import_beir(proj, None, "samples", queries=JUDGED / "queries.jsonl", qrels=JUDGED / "qrels.tsv")
    for key, text in list(read_queries(JUDGED / "queries.jsonl").items())[:4]:
        _grade_from_samples(proj, add_query(proj, "built", text, depth=5, device="cpu", encoder=encoder), key)
    export_beir(proj, "built", tmp_path / "built")
    import_beir(proj, tmp_path / "built", "built again")
    path = str(proj.path)
    proj.close()
    figures = {}
    for name in ("samples", "built", "built again"):
        assert main(["evaluate", path, "--judged", name, "--model", "base", "--device", "cpu", "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["judged_set"] == name and out["queries"] > 0
        figures[name] = out["metrics"]
    assert figures["built"] == figures["built again"]
    assert main(["evaluate", "--project", path, "--queries", str(JUDGED / "queries.jsonl"), "--qrels",
                 str(JUDGED / "qrels.tsv"), "--model", "base", "--device", "cpu", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["metrics"] == figures["samples"]  # the same as the files it came from
    assert main(["evaluate", path, "--judged", "samples", "--model", "tuned", "--device", "cpu"]) == 0
    assert capsys.readouterr().out.startswith("23 queries of judged set 'samples',")
    assert main(["evaluate", path, "--judged", "nothing", "--device", "cpu"]) == 1
    assert "no judged set named 'nothing'" in capsys.readouterr().err
    assert main(["evaluate", path, "--judged", "samples", "--qrels", "x.tsv"]) == 2
    with Project.open(path) as project:
        runs = [json.loads(r["config"]) | {"metrics": json.loads(r["metrics"])}
                for r in project.db["runs"].rows_where("kind = 'evaluate'", order_by="id")]
        assert [r.get("judged_set") for r in runs] == ["samples", "built", "built again", None, "samples"]
        assert runs[0]["name"] == "samples" and len(runs[0]["metrics"]["per_query"]) == 23
        assert runs[0]["metrics"]["per_query"] == runs[3]["metrics"]["per_query"]
        comps = {c.label: c for c in compare_runs(project)}
        samples = comps["samples"]  # base and tuned of the same set compared, with the interval
        assert samples.complete and samples.base_run == 1 and samples.tuned_run == 5 and samples.ci_queries == 23
        assert samples.delta_ci == (0.0, 0.0) and "95% interval +0.000 to +0.000 over 23 queries" in samples.verdict
        assert not comps["built"].complete and comps["built again"].base_ci is not None
        check = adoption_check(project)
        assert not check.allowed and check.reason == NOT_SHOWN and "On 23 judged queries" in check.message
        create_set(project, "empty")
        with pytest.raises(ProjectError, match="no graded candidate"):
            run_evaluate(project, EvaluateOptions(judged_set="empty", device="cpu"))
    assert main(["compare", path]) == 0
    text = capsys.readouterr().out
    assert "samples (23 judged queries)" in text and "mAP@100 95% interval over 23 queries: base" in text


def test_judged_verbs_print_one_json_document(proj, encoder, tmp_path, capsys):
    path = str(proj.path)
    proj.close()
    assert main(["judged", "import", path, "--name", "samples", "--queries", str(JUDGED / "queries.jsonl"),
                 "--qrels", str(JUDGED / "qrels.tsv"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["judgments"] == 29
    assert main(["judged", "add", path, "ward", QUESTION, "--depth", "3", "--device", "cpu", "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["key"] == "q1" and added["candidates"]
    assert all("pooled_by" not in c for c in added["candidates"])  # the judge never sees the ranker
    doc = added["candidates"][0]["document_id"]
    assert main(["judged", "judge", path, str(added["query_id"]), str(doc), "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["grade"] == 2
    assert main(["judged", "judge", path, str(added["query_id"]), str(doc), "5"]) == 1
    assert "a grade is 0" in capsys.readouterr().err
    assert main(["judged", "list", path, "--json"]) == 0
    sets = {s["name"]: s for s in json.loads(capsys.readouterr().out)}
    assert sets["samples"]["queries"] == 23 and sets["samples"]["judged_queries"] == 23
    assert sets["ward"]["judgments"] == 1 and sets["ward"]["relevant"] == 1 and sets["ward"]["judged_queries"] == 0
    assert main(["judged", "export", path, "samples", str(tmp_path / "out"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["queries"] == 23 and read_qrels(out["qrels_file"]) == read_qrels(JUDGED / "qrels.tsv")
    assert main(["judged", "candidates", path, str(added["query_id"]), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["grade"] == 2
    assert main(["judged", "list", path]) == 0
    assert "samples: 23 queries (23 fully judged), 29 graded candidates" in capsys.readouterr().out


# ---------------------------------------------------------------------------- the bootstrap and the guard
def _per_query(n, mean, spread, seed):
    rng = np.random.default_rng(seed)
    return {f"q{i}": float(v) for i, v in enumerate(np.clip(rng.normal(mean, spread, n), 0, 1))}


def test_the_bootstrap_interval_holds_the_estimate_is_reproducible_and_narrows_with_more_queries():
    widths = []
    for n in (10, 40, 160):
        base = _per_query(n, 0.4, 0.2, 1)
        tuned = {q: min(1.0, v + 0.05 + 0.1 * np.sin(i)) for i, (q, v) in enumerate(base.items())}
        b, t, d, paired = bootstrap_intervals(base, tuned)
        assert paired == n
        mean_b, mean_t = np.mean(list(base.values())), np.mean(list(tuned.values()))
        assert b[0] <= mean_b <= b[1] and t[0] <= mean_t <= t[1] and d[0] <= mean_t - mean_b <= d[1]
        assert bootstrap_intervals(base, tuned) == (b, t, d, n)  # a fixed seed: the same figures every time
        widths.append(d[1] - d[0])
    assert widths[0] > widths[1] > widths[2]
    assert bootstrap_intervals({}, {}) == (None, None, None, 0)


def _run(project, model, per_query, name="ward", rel=None):
    metrics = {"map@100": float(np.mean(list(per_query.values()))), "ndcg@10": 0.5, "recall@10": 0.5,
               "recall@100": 0.8, "mrr@10": 0.5, "queries": len(per_query), "per_query": per_query}
    config = {"judged_set": name, "name": name, "corpus": "project", "rel_min": 1, "mode": "dense", "model": model,
              "model_path": rel}
    return store_evaluation(project, config, metrics)


def test_the_guard_refuses_a_gain_that_may_be_chance_and_allows_a_clear_one(project, capsys):
    rel = register_tuned_model(project)
    base = _per_query(12, 0.5, 0.25, 3)
    noisy = {q: float(np.clip(v + (0.08 if i % 2 else -0.07), 0, 1)) for i, (q, v) in enumerate(base.items())}
    _run(project, "base", base)
    _run(project, "tuned", noisy, rel=rel)
    [comp] = compare_runs(project)
    assert comp.delta() > 0 and comp.delta_ci[0] <= 0 < comp.delta_ci[1]  # better on average, not beyond chance
    assert comp.verdict.startswith("tuned is better on mAP@100") and "95% interval" in comp.verdict
    assert f"over {comp.ci_queries} queries" in format_table(comp) and comp.ci_queries == 12
    check = adoption_check(project)
    assert not check.allowed and check.reason == NOT_SHOWN == "not shown better" and check.next_step == "evaluate"
    assert "On 12 judged queries the difference" in check.message and "may be chance" in check.message
    assert "appliance" not in check.message
    with pytest.raises(AdoptRefused) as e:
        adopt(project, "tuned")
    assert e.value.reason == NOT_SHOWN and e.value.next_step == "evaluate"
    path = str(project.path)
    project.close()
    assert main(["adopt", path, "tuned", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["next_step"] == "evaluate"
    assert main(["adopt", path, "tuned", "--force", "--json"]) == 0  # forcing stays possible, and audited
    forced = json.loads(capsys.readouterr().out)
    assert forced["forced"] is True and forced["reason"] == NOT_SHOWN and "beyond chance" in forced["message"]
    with Project.open(path) as project:
        entry = json.loads([a for a in project.audit_log() if a["action"] == "adopt"][-1]["details"])
        assert entry["reason"] == NOT_SHOWN and entry["figures"][0]["queries"] == 12
        project.set_setting(SEARCH_MODEL_SETTING, "base")
        # a clear gain on a second set, none worse: allowed
        _run(project, "base", base, name="clinic")
        _run(project, "tuned", {q: min(1.0, v + 0.2) for q, v in base.items()}, name="clinic", rel=rel)
        check = adoption_check(project)
        assert check.allowed and check.reason is None
        assert sum(c.shown_better for c in check.comparisons) == 1
        assert adopt(project, "tuned").forced is False
        # worse on a set (point estimate) still refuses, whatever the intervals say
        _run(project, "tuned", {q: max(0.0, v - 0.01) for q, v in base.items()}, rel=rel)
        assert adoption_check(project).reason == "tuned worse"


def test_runs_without_per_query_values_keep_the_old_guard(project):
    rel = register_tuned_model(project)
    for model, value in (("base", 0.5), ("tuned", 0.6)):
        store_evaluation(project, {"beir": "/data/old", "model": model, "model_path": rel if model == "tuned" else None,
                                   "mode": "dense", "rel_min": 1},
                         {"map@100": value, "ndcg@10": 0.5, "recall@10": 0.5, "recall@100": 0.8, "mrr@10": 0.5,
                          "queries": 20})
    [comp] = compare_runs(project)
    assert comp.delta_ci is None and comp.base_ci is None and "interval" not in comp.verdict
    assert "interval" not in format_table(comp)
    assert adoption_check(project).allowed


def test_a_clear_gain_on_too_few_queries_is_not_shown_better(project):
    rel = register_tuned_model(project)
    few = _per_query(MIN_INTERVAL_QUERIES - 1, 0.4, 0.2, 5)
    _run(project, "base", few)
    _run(project, "tuned", {q: min(1.0, v + 0.3) for q, v in few.items()}, rel=rel)
    [comp] = compare_runs(project)
    assert comp.delta_ci[0] > 0 and not comp.shown_better  # every resample gains, but on nine queries
    check = adoption_check(project)
    assert not check.allowed and check.reason == NOT_SHOWN and f"at least {MIN_INTERVAL_QUERIES} queries" in check.message
