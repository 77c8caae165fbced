"""Learning the hybrid fusion from judged queries: folds, a choice per fold that never sees that fold's
judgments, the figures equal the search path's own, and the fusion stored is what search uses after."""
from __future__ import annotations

import json

import pytest

from appliance.cli import main
from appliance.paths import samples_dir
from appliance.pipeline.fusion_learning import CANDIDATES, learn_fusion, query_folds
from appliance.pipeline.index import IndexOptions, run_index
from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.judged import read_qrels, read_queries
from appliance.pipeline.judged_sets import import_beir
from appliance.pipeline.search import DEFAULT_FUSION, FUSION_SETTING, Fusion, Searcher, evaluate_search
from appliance.project import Project, ProjectError

pytestmark = pytest.mark.usefixtures("one_model")
JUDGED = samples_dir() / "judged"


@pytest.fixture
def indexed(tmp_path, encoder):
    with Project.create(tmp_path / "fusion.appliance") as p:
        run_import(p, ImportOptions(paths=[str(samples_dir() / "reports")]))
        run_index(p, IndexOptions(source="original", device="cpu"), encoder=encoder)
        yield p


def test_folds_partition_the_queries_reproducibly():
    keys = [f"q{i}" for i in range(23)]
    folds = query_folds(keys, 5, seed=0)
    assert sorted(k for f in folds for k in f) == sorted(keys) and len(folds) == 5
    assert {len(f) for f in folds} == {4, 5}
    assert folds == query_folds(list(reversed(keys)), 5, seed=0) and folds != query_folds(keys, 5, seed=1)
    with pytest.raises(ProjectError, match="too few"):
        query_folds(keys[:3], 5)


def test_a_fold_s_choice_never_sees_its_own_judgments(indexed, encoder):
    queries, qrels = read_queries(JUDGED / "queries.jsonl"), read_qrels(JUDGED / "qrels.tsv")
    first = learn_fusion(indexed, queries, qrels, folds=5, store=False, encoder=encoder)
    held_out = query_folds([q for q in queries if q in qrels], 5)[0]
    spoiled = {q: ({"de_pathology_kolon.txt": 2} if q in held_out else rel) for q, rel in qrels.items()}
    second = learn_fusion(indexed, queries, spoiled, folds=5, store=False, encoder=encoder)
    assert second.fold_choices[0] == first.fold_choices[0]  # fold 0's fusion was chosen on the other folds only
    assert second.cv_learned != first.cv_learned  # while fold 0's own figure did change with its judgments


def test_the_figures_are_the_search_path_s_and_the_stored_fusion_is_used(indexed, encoder):
    queries, qrels = read_queries(JUDGED / "queries.jsonl"), read_qrels(JUDGED / "qrels.tsv")
    assert Searcher(indexed, encoder=encoder).fusion == DEFAULT_FUSION
    report = learn_fusion(indexed, queries, qrels, folds=5, encoder=encoder)
    for mode, figure in (("keyword", report.keyword), ("dense", report.dense)):
        assert figure == pytest.approx(evaluate_search(indexed, queries, qrels, mode, encoder=encoder)["map@100"])
    assert report.default == pytest.approx(evaluate_search(indexed, queries, qrels, "hybrid", encoder=encoder,
                                                           fusion=DEFAULT_FUSION)["map@100"])
    assert report.stored and Fusion(**report.fusion) in CANDIDATES
    assert json.loads(indexed.get_setting(FUSION_SETTING)) == report.fusion
    assert Searcher(indexed, encoder=encoder).fusion == Fusion(**report.fusion)  # every hybrid search from now on
    chosen = evaluate_search(indexed, queries, qrels, "hybrid", encoder=encoder)["map@100"]
    assert chosen >= report.default - 1e-9  # chosen on all queries: at least as good there as the fixed one
    audit = [json.loads(a["details"]) for a in indexed.audit_log() if a["action"] == "learn-fusion"]
    assert audit[-1]["queries"] == report.queries == len(qrels)


def test_judged_fusion_prints_one_json_document(indexed, capsys):
    import_beir(indexed, None, "samples", queries=JUDGED / "queries.jsonl", qrels=JUDGED / "qrels.tsv")
    path = str(indexed.path)
    indexed.close()
    assert main(["judged", "fusion", path, "samples", "--folds", "4", "--json", "--device", "cpu"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["folds"] == 4 and out["stored"] is True and len(out["fold_choices"]) == 4
    with Project.open(path, readonly=True) as p:
        assert json.loads(p.get_setting(FUSION_SETTING)) == out["fusion"]
