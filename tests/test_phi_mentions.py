"""Mention propagation: a name found once is replaced at all its other mentions, in the letter and
in every other letter of the same patient, with one surrogate for all its variants."""
import json
import re

import pytest

from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.phi import Surrogator, detect_phi, pseudonymize_text
from appliance.pipeline.phi.mentions import find_mentions, name_key
from appliance.pipeline.pseudonymize import PseudonymizeOptions, pseudonymized_sections, run_pseudonymize
from appliance.project import Project

# The name is revealed once, by the cue "Herrn"; afterwards the boy is "Jonas", "Jonas'" and
# "Brzeskis" (genitive), and the header repeats it in capitals.
LETTER_1 = """BRZESKI, JONAS
Kinderklinik, Station 3

Wir berichten über Herrn Jonas Brzeski, der wegen einer Gastroenteritis aufgenommen wurde.
Jonas trank anfangs schlecht. Brzeskis Mutter war durchgehend anwesend.
Bei Entlassung war Jonas in gutem Allgemeinzustand.
"""

# The second letter of the same patient names him without any cue at all.
LETTER_2 = """Kontrolle in der Ambulanz

Jonas stellte sich heute zur Kontrolle vor. Brzeskis Gewicht ist wieder im Normbereich.
Procedere: keine weitere Kontrolle nötig. JONAS BRZESKI wurde beschwerdefrei entlassen.
"""

# A third letter of another patient: the same first name here is not the same person's, but it is
# still a name; the test only checks that nothing of the first patient leaks into other patients.
LETTER_OTHER = """Ambulanzbrief

Die Patientin klagt über Kopfschmerzen. Kein Hinweis auf Meningitis.
"""


def test_name_key_folds_case_diacritics_and_transliteration():
    assert name_key("Müller") == name_key("MUELLER") == name_key("Muller") == name_key("müller")
    assert name_key("Žižek") == name_key("Zizek")
    assert name_key("Strauß") == name_key("Strauss") == name_key("STRAUSS")
    assert name_key("Müller") != name_key("Miller")


def test_mentions_cover_variants_but_not_eponyms_or_other_words():
    text = "Frau Müller kam. MUELLER, Anna. Müllers Sohn. Die Muller-Klinik. Annas Bruder. Annabell kam nicht."
    names = {"Müller": "NAME_PATIENT", "Anna": "NAME_PATIENT"}
    got = [text[s.start:s.end] for s in find_mentions(text, names)]
    assert got == ["Müller", "MUELLER", "Anna", "Müller", "Anna"]  # genitive stems, no 'Annabell'
    assert "Muller-Klinik" not in "".join(got)


def test_a_name_found_once_is_replaced_at_every_later_mention_in_one_letter():
    text = LETTER_1
    spans = detect_phi(text, "de")
    new, _ = pseudonymize_text(text, spans, Surrogator(b"mention-test"), "patient:1")
    for word in ("Jonas", "JONAS", "Brzeski", "BRZESKI", "Brzeskis"):
        assert not re.search(rf"(?<!\w){word}(?!\w)", new), word
    # the genitive keeps its ending on the surrogate, and one surrogate serves all variants
    surname = re.search(r"Herrn \S+ (\S+), der", new).group(1)
    assert f"{surname}s Mutter" in new
    assert surname.upper() in new.splitlines()[0]


def _project(tmp_path, docs):
    path = tmp_path / "letters.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    project = Project.create(tmp_path / "p.appliance")
    run_import(project, ImportOptions(paths=[path], id_field="id", patient_field="patient"))
    return project


@pytest.mark.parametrize("order", ["revealing letter first", "revealing letter last"])
def test_a_name_revealed_in_one_letter_is_replaced_in_the_patients_other_letters(tmp_path, order):
    docs = [{"id": "1", "text": LETTER_1, "patient": "P1"}, {"id": "2", "text": LETTER_2, "patient": "P1"},
            {"id": "3", "text": LETTER_OTHER, "patient": "P2"}]
    if order == "revealing letter last":
        docs = [docs[1], docs[2], docs[0]]
    with _project(tmp_path, docs) as project:
        report = run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
        assert report.documents == 3
        if order == "revealing letter last":
            assert report.propagated > 0  # the earlier letter was re-written
        texts = {}
        for row in pseudonymized_sections(project):
            ext = project.db.execute("SELECT external_id FROM documents WHERE id = ?",
                                     [row["document_id"]]).fetchone()[0]
            texts[ext] = texts.get(ext, "") + row["text"] + "\n"
    for ext in ("1", "2"):
        for word in ("Jonas", "JONAS", "Brzeski", "BRZESKI", "Brzeskis"):
            assert not re.search(rf"(?<!\w){word}(?!\w)", texts[ext]), (ext, word)
    # one surrogate for the boy in both letters
    first_1 = re.search(r"Herrn (\S+) ", texts["1"]).group(1)
    assert re.search(rf"(?<!\w){re.escape(first_1)} stellte sich", texts["2"])
    assert "Kopfschmerzen" in texts["3"]


def test_a_later_letter_of_another_patient_is_not_touched(tmp_path):
    other = "Bericht\n\nJonas ist ein Name, den diese Patientin nicht trägt. Befund unauffällig.\n"
    docs = [{"id": "1", "text": LETTER_1, "patient": "P1"}, {"id": "9", "text": other, "patient": "P9"}]
    with _project(tmp_path, docs) as project:
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
        doc9 = project.db.execute("SELECT id FROM documents WHERE external_id = '9'").fetchone()[0]
        spans = project.db.execute("SELECT count(*) FROM entities WHERE document_id = ?", [doc9]).fetchone()[0]
    assert spans == 0  # P1's name list is never applied to P9's letter


def test_review_list_starts_where_names_were_left(tmp_path, capsys):
    """A word that looks like a name but has no cue is not replaced; the review list puts that
    letter first and points at the word by offsets (no text in the list)."""
    from appliance.cli import main
    from appliance.pipeline.pseudonymize import review_overview, review_risks

    leaky = "Verlauf\n\nDanach wurde Wrzlbrmft auf die Station verlegt. Befund unauffällig.\n"
    clean = "Befund\n\nUnauffälliger Befund. Keine Therapie nötig.\n"
    docs = [{"id": "clean", "text": clean, "patient": "P1"}, {"id": "leaky", "text": leaky, "patient": "P2"}]
    with _project(tmp_path, docs) as project:
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
        rows = review_overview(project)
        assert [r["external_id"] for r in rows][0] == "leaky" and rows[0]["unreplaced"] >= 1
        items = review_risks(project, rows[0]["document_id"])
        first = items[0]
        assert leaky[first.start:first.end] == "Wrzlbrmft" and first.kind == "unreplaced"
        assert not any(r["risks"] for r in rows if r["external_id"] == "clean")
    assert main(["pseudonymize", str(tmp_path / "p.appliance"), "--review-list", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["documents"][0]["external_id"] == "leaky"
    assert "Wrzlbrmft" not in json.dumps(out)  # offsets only


def test_review_counts_are_stored_and_follow_the_review(tmp_path):
    """The review list reads risk counts stored per document (not a fresh check of every document each
    time); rejecting or adding a span updates them, and they always equal a fresh count."""
    from appliance.pipeline.pseudonymize import add_entity, review_overview, review_risks, set_entity_status

    leaky = "Verlauf\n\nDanach wurde Wrzlbrmft auf die Station verlegt. Befund unauffällig.\n"
    docs = [{"id": "leaky", "text": leaky, "patient": "P2"},
            {"id": "named", "text": "Befund\n\nPatient Herr Gerhard Schulze-Obermann, geb. 03.04.1951.\n",
             "patient": "P3"}]
    with _project(tmp_path, docs) as project:
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))

        def stored() -> dict:
            return {d: (r, u) for d, r, u in project.db.execute("SELECT document_id, risks, unreplaced FROM deid_documents")}

        def fresh() -> dict:
            out = {}
            for d in stored():
                items = review_risks(project, d)
                out[d] = (len(items), sum(i.kind == "unreplaced" for i in items))
            return out

        assert stored() == fresh() and all(r is not None for r, _ in stored().values())
        leaky_id = project.db.execute("SELECT id FROM documents WHERE external_id = 'leaky'").fetchone()[0]
        start = leaky.index("Wrzlbrmft")
        before = stored()[leaky_id]
        add_entity(project, leaky_id, start, start + len("Wrzlbrmft"), "NAME")  # the reviewer marks the name
        assert stored()[leaky_id][1] == before[1] - 1 and stored() == fresh()
        named_id = project.db.execute("SELECT id FROM documents WHERE external_id = 'named'").fetchone()[0]
        entity = project.db.execute("SELECT id FROM entities WHERE document_id = ? AND label LIKE 'NAME%'",
                                    [named_id]).fetchone()[0]
        set_entity_status(project, entity, "rejected")  # a rejected name is a name left in the text
        assert stored()[named_id][1] >= 1 and stored() == fresh()
        assert len(review_overview(project, limit=1)) == 1 and len(review_overview(project)) == 2
        # a document counted before v6 (NULL) is counted when the list is read
        project.db.execute("UPDATE deid_documents SET risks = NULL, unreplaced = NULL")
        assert {r["document_id"]: (r["risks"], r["unreplaced"]) for r in review_overview(project)} == fresh()
