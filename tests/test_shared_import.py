"""The foundation's must-show: GraSCCo letters + MTSamples corpus imported once, idempotently."""
import json

from appliance.cli import main


def test_grascco_and_mtsamples_import(shared, tmp_path, capsys):
    p = tmp_path / "p.appliance"
    args = [
        "import", str(p), str(shared / "data/grascco/txt"), str(shared / "bench/mtsamples-topics/corpus.jsonl"),
        "--id-field", "_id", "--text-field", "text", "--json",
    ]
    assert main(["init", str(p)]) == 0
    capsys.readouterr()
    assert main(args) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["added"] == 36 + 2357 and first["rejected"] == []
    assert main(args) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["added"] == 0 and second["already_present"] == 2393
    assert main(["info", str(p), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == 2393 and info["sections"] == first["sections"] > 2393
    assert info["languages"].get("de") == 36
