import json

from appliance.pipeline.sections import count_tokens, find_headers, split_sections

GRASCCO_STYLE = """\ufeffKLINIKUM MUSTERSTADT
Medizinische Klinik II

Betr.: Erika Beispiel, geb. 01.02.1950

Sehr geehrte Frau Kollegin,

wir berichten über Ihre Patientin.

Diagnosen: Community-acquired Pneumonie rechts
Arterielle Hypertonie

Anamnese:
Seit drei Tagen Fieber und Husten.

Körperlicher Untersuchungsbefund: Feinblasige RGs rechts basal.

Therapie und Verlauf:
Antibiose mit Ampicillin/Sulbactam. Rasche Entfieberung.

Procedere
Kontrolle beim Hausarzt in einer Woche.

Mit freundlichen Grüßen
"""

MTSAMPLES_STYLE = (
    "SUBJECTIVE:,  This 23-year-old white female presents with complaint of allergies.,MEDICATIONS: , "
    "Her only medication currently is Ortho Tri-Cyclen.,ALLERGIES: , She has no known medicine allergies.,"
    "ASSESSMENT:,  Allergic rhinitis.,PLAN:,1.  She will try Zyrtec instead of Allegra again."
)


def test_german_letter_layout():
    sections = split_sections(GRASCCO_STYLE)
    assert [s.header for s in sections] == [
        "",
        "Diagnosen",
        "Anamnese",
        "Körperlicher Untersuchungsbefund",
        "Therapie und Verlauf",
        "Procedere",
    ]
    assert sections[1].text.startswith("Community-acquired") and "Hypertonie" in sections[1].text
    assert sections[-1].text.startswith("Kontrolle")
    assert [s.ord for s in sections] == list(range(len(sections)))
    for s in sections:
        assert GRASCCO_STYLE[s.start : s.end] == s.text


def test_mtsamples_flattened_layout():
    sections = split_sections(MTSAMPLES_STYLE)
    assert [s.header for s in sections] == ["SUBJECTIVE", "MEDICATIONS", "ALLERGIES", "ASSESSMENT", "PLAN"]
    assert sections[0].text == "This 23-year-old white female presents with complaint of allergies."
    assert sections[3].text == "Allergic rhinitis."
    for s in sections:
        assert MTSAMPLES_STYLE[s.start : s.end] == s.text


def test_english_mixed_case_headers_and_field_labels():
    text = "Name: John Smith\nMRN: 12345\nFindings:\nNo acute fracture.\nImpression: Normal study.\n"
    headers = [h for _, _, h in find_headers(text)]
    assert headers == ["Findings", "Impression"]


def test_words_that_merely_contain_a_header_are_not_headers():
    text = "Klinikum Nord Befund vom Vortag war unauffällig\nDer Befund zeigte: nichts.\n"
    assert find_headers(text) == []


def test_long_section_is_split_at_sentences_with_overlap():
    sentences = [f"Sentence number {i} describes a finding in segment {i}." for i in range(60)]
    text = "FINDINGS: " + " ".join(sentences)
    sections = split_sections(text, token_budget=50, overlap=12)
    assert len(sections) > 5
    assert all(s.header == "FINDINGS" for s in sections)
    assert [s.part for s in sections] == list(range(1, len(sections) + 1))
    assert all(s.n_tokens <= 50 for s in sections)
    for a, b in zip(sections, sections[1:]):
        assert b.start < a.end, "consecutive chunks overlap"
        assert b.start > a.start
        assert text[b.start].isupper(), "chunks start at a sentence boundary"
    covered = set()
    for s in sections:
        covered.update(range(s.start, s.end))
    body_start = text.index("Sentence")
    assert all(i in covered for i in range(body_start, len(text)) if not text[i].isspace())


def test_run_on_text_without_punctuation_is_still_bounded():
    text = "Befund: " + " ".join(["wort"] * 1000)
    sections = split_sections(text, token_budget=100, overlap=10)
    assert all(count_tokens(s.text) <= 100 for s in sections)
    assert sum(1 for _ in sections) >= 10


def test_real_corpora_sections_are_consistent(shared):
    texts = [p.read_text(encoding="utf-8-sig") for p in sorted((shared / "data/grascco/txt").glob("*.txt"))]
    with open(shared / "bench/mtsamples-topics/corpus.jsonl", encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for _, line in zip(range(300), fh)]
    n_multi = 0
    for text in texts:
        sections = split_sections(text)
        assert sections, "every non-empty document has a section"
        n_multi += len({s.header for s in sections}) > 1
        for s in sections:
            assert text[s.start : s.end] == s.text and s.n_tokens <= 200
    assert n_multi / len(texts) > 0.9
