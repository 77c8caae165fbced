"""Rule and gazetteer detectors on realistic German/English snippets (no model)."""
from __future__ import annotations

import pytest

from appliance.pipeline.phi import PhiSpan, detect_phi, merge_spans
from appliance.pipeline.phi.rules import find_dates, iban_valid, kvnr_valid, luhn_valid


def found(text: str, language: str | None = None) -> dict[str, str]:
    """{surface text: label} of everything detected."""
    return {text[s.start:s.end]: s.label for s in detect_phi(text, language=language)}


def covered(text: str, needle: str, language: str | None = None) -> bool:
    spans = detect_phi(text, language=language)
    start = text.index(needle)
    return all(any(s.start <= i < s.end for s in spans) for i in range(start, start + len(needle)))


@pytest.mark.parametrize("snippet, date", [
    ("Aufnahme am 24.01.2028 wegen Dyspnoe.", "24.01.2028"),
    ("Therapie: 23.01.28: Klappenersatz", "23.01.28"),
    ("Z.n. Sturz am 4.4.1997 zu Hause", "4.4.1997"),
    ("Flensburg, 27. März 2025", "27. März 2025"),
    ("Erstdiagnose März 2025, seither Chemotherapie", "März 2025"),
    ("war vom 19.3. bis 22.3.2025 stationär", "19.3."),
    ("CT-Thorax vom 2025-03-19 ohne Befund", "2025-03-19"),
    ("Seen on 03/19/2025 in clinic.", "03/19/2025"),
    ("Admitted March 19, 2025 with chest pain.", "March 19, 2025"),
    ("Am 10. 03. 2043 konnte die Patientin verlegt werden.", "10. 03. 2043"),
    ("RCA-Intervention 07/2025, seither beschwerdefrei", "07/2025"),
    ("Z.n. Apoplex 2002 mit Hemiparese", "2002"),
    ("seit Ende Januar keine Drogen mehr", "Januar"),
    ("geb. 30.12.1987der sich vom 12.7.2033 bis", "30.12.1987"),
])
def test_dates(snippet, date):
    assert found(snippet).get(date) == "DATE"


def test_date_ranges_cover_both_ends():
    for text, first in [("vom 10 und 11.10.2033", "10"), ("06-07.11.2024 1. Zyklus", "06"),
                        ("(05.11-18.11.2024) erforderlich", "05.11"), ("vom 29.07.2023-01.08.2023 in", "01.08.2023"),
                        ("Radio-Chemotherapie 03 - 05/2021", "03")]:
        assert covered(text, first), text


def test_not_dates():
    spans = find_dates("Visus 1.0, Hb 12.3 g/dl, RR 120/80 mmHg, Gabe von 2000 mg, Station 2.1, VAS 5/10")
    assert spans == []


@pytest.mark.parametrize("snippet, age", [
    ("Die 78-jährige Patientin", "78"), ("Pat. 78 J., männlich", "78"), ("im Alter von 78 Jahren", "78"),
    ("A 78-year-old man presented", "78"), ("Vater mit 57 an Pankreas-Ca verstorben", "57"),
    ("Brille seit dem 13. Lj. getragen", "13"), ("ein fünfjähriger Sohn", "fünf"),
])
def test_ages_tag_only_the_number(snippet, age):
    assert found(snippet).get(age) == "AGE"


def test_phone_fax_email_url():
    text = ("Rote Str. 3\nTelefon (0461) 708 - 223\nTel.: +43 333 775-8422, Fax: +43(0)333 775-8422334\n"
            "Rückruf unter 0261 210-39989 erbeten. Mail: max.muster@beispiel.de, www.klinik-beispiel.de")
    f = found(text)
    assert f["(0461) 708 - 223"] == "CONTACT_PHONE"
    assert f["+43 333 775-8422"] == "CONTACT_PHONE"
    assert f["+43(0)333 775-8422334"] == "CONTACT_FAX"
    assert f["0261 210-39989"] == "CONTACT_PHONE"
    assert f["max.muster@beispiel.de"] == "CONTACT_EMAIL"
    assert f["www.klinik-beispiel.de"] == "CONTACT_URL"


def test_identifiers():
    text = ("Patient (FN:445544767), Fallnummer: 100101911, Pat.-Nr.: 312654356, PIZ: 1933309807\n"
            "Versichertennummer: A123456780 auf Station 4B, Zimmer 312")
    f = found(text)
    for ident in ("445544767", "100101911", "312654356", "1933309807", "A123456780", "4B", "312"):
        assert f.get(ident) == "ID", ident


def test_checksums():
    assert kvnr_valid("A123456780") and not kvnr_valid("A123456781")
    assert iban_valid("DE02120300000000202051") and not iban_valid("DE02120300000000202052")
    assert luhn_valid("4111 1111 1111 1111") and not luhn_valid("4111 1111 1111 1112")
    # a valid KVNR is an ID even without a cue
    assert found("Karte A123456780 liegt vor").get("A123456780") == "ID"


def test_address_block():
    text = ("Herrn\nDr. med. Frank Hollerbach\nFriesische Str. 21 a\n24937 Flensburg\n\n"
            "Betr.: Asger Lindqvist, geb. 5.7.54, Schleswiger Str. 95a, 24941 Flensburg\n"
            "wohnhaft Hauptstraße 5, A-9011 Neustadt; Praxis Am Markt 3, 8010 Graz")
    f = found(text)
    assert f["Friesische Str. 21 a"] == "LOCATION_STREET"
    assert f["Schleswiger Str. 95a"] == "LOCATION_STREET"
    assert f["Hauptstraße 5"] == "LOCATION_STREET"
    assert f["Am Markt 3"] == "LOCATION_STREET"
    assert f["24937"] == "LOCATION_ZIP" and f["A-9011"] == "LOCATION_ZIP"
    assert f["Flensburg"] == "LOCATION_CITY" and f["Neustadt"] == "LOCATION_CITY"
    assert f["Graz"] == "LOCATION_CITY"


def test_year_before_noun_is_not_a_zip():
    f = found("Vorerkrankungen: 1990 Tonsillektomie, 2025 Astvenenthrombose.")
    assert f.get("1990") == "DATE" and "Tonsillektomie" not in f


def test_hospitals_named_but_not_departments():
    text = ("NORDSEE-KLINIK HUSUM\nAkademisches Lehrkrankenhaus\nder Christian-Albrechts-Universität Kiel\n"
            "Klinik für Chirurgie\n\nRestaging im KH der Barmherzigen Brüder am 2.9.2033. Zuvor im Sankt-Anna-Spital "
            "Villach und in der Universitätsklinik Jena behandelt, Reha im Klinikum am Steinenberg.")
    assert covered(text, "NORDSEE-KLINIK HUSUM\nAkademisches Lehrkrankenhaus\nder Christian-Albrechts-Universität Kiel")
    f = found(text)
    assert f["KH der Barmherzigen Brüder"] == "LOCATION_HOSPITAL"
    assert f["Sankt-Anna-Spital Villach"] == "LOCATION_HOSPITAL"
    assert f["Universitätsklinik Jena"] == "LOCATION_HOSPITAL"
    assert f["Klinikum am Steinenberg"] == "LOCATION_HOSPITAL"
    assert not covered(text, "Klinik für Chirurgie")


def test_titles_and_names_after_cues():
    text = ("Sehr geehrte Frau Kollegin Quappenberg,\n\nHr. Oxenbøll war bei uns. Konsil OA Prof. Sturmfeder: "
            "unauffällig. Vergleich mit VU (Drs. Haberland und Tobler). Frau I. ist eine 82-jährige Pat.\n\n"
            "Mit freundlichen Grüßen\n\nPriv.-Doz. Dr. med. Xaver Haberland      Klaus Wendrich\nChefarzt")
    f = found(text)
    for name in ("Quappenberg", "Oxenbøll", "Sturmfeder", "Tobler", "Xaver Haberland", "Klaus Wendrich", "I."):
        assert f.get(name, "").startswith("NAME_"), name
    assert f["Prof."] == "NAME_TITLE" and f["Priv.-Doz. Dr. med."] == "NAME_TITLE" and f["Drs."] == "NAME_TITLE"
    assert "Herr" not in f and "Frau" not in f and "Chefarzt" not in f and "OA" not in f


def test_birth_cue_surname_first_and_propagation():
    text = ("Wolf, Henrike, geb. 16.01.1993, PIZ: 1822544\n\nSehr geehrte Kollegen,\n"
            "Timo Brandhuber, * 21.2.2008, wurde aufgenommen. Die Großmutter holte Brandhuber ab; "
            "BRANDHUBER wirkte erleichtert.")
    f = found(text)
    assert f["Wolf, Henrike"].startswith("NAME_")
    assert f["Timo Brandhuber"].startswith("NAME_")
    assert f["Brandhuber"].startswith("NAME_") and f["BRANDHUBER"].startswith("NAME_")


def test_common_nouns_after_weak_cues_are_not_names():
    f = found("Der Patient Schmerzen verneinend. Patientin Aufnahme in gutem AZ. Familienanamnese:\nLeer.")
    assert not any(label.startswith("NAME_") or label == "LOCATION_CITY" for label in f.values()), f


def test_names_that_are_nouns_are_not_propagated():
    text = "Durchsicht durch Fr. Dr. Herz (ACH): kein Handlungsbedarf. Echo: Herz normal groß."
    spans = detect_phi(text)
    organ = text.rindex("Herz")
    assert covered(text, "Herz")  # the doctor
    assert not any(s.start <= organ < s.end for s in spans)  # the organ


def test_english_snippets():
    text = "Mr. John Whitaker, DOB 04/12/1961, MRN: 00483921, seen by Dr. Patel at 1200 Oak Street. Call (555) 201-3344."
    f = found(text, "en")
    assert f.get("John Whitaker", "").startswith("NAME_")
    assert f["04/12/1961"] == "DATE" and f["00483921"] == "ID"
    assert f.get("Patel", "").startswith("NAME_")
    assert covered(text, "1200 Oak Street", "en") and covered(text, "(555) 201-3344", "en")


def test_merge_is_sorted_non_overlapping_union():
    spans = [PhiSpan(5, 10, "DATE", "rule"), PhiSpan(0, 3, "ID", "rule"), PhiSpan(8, 15, "DATE", "ner", 0.7),
             PhiSpan(20, 22, "AGE", "rule"), PhiSpan(21, 30, "NAME_PATIENT", "gazetteer")]
    merged = merge_spans(spans)
    assert [(s.start, s.end) for s in merged] == [(0, 3), (5, 15), (20, 30)]
    assert merged[1].label == "DATE" and merged[2].label == "NAME_PATIENT"
    out = detect_phi("Herr Oltmanns, geb. 30.12.1987, Station 4B")
    assert all(a.end <= b.start for a, b in zip(out, out[1:]))


def test_more_name_cues():
    text = ("Herrn\nJakub Mleczek\nUrologe\n\ngez. Dr. Hans Fröhlich / i.A. Martina Kessler\nHausarzt: Dr. Gruber, Wien\n"
            "Vorname: Kerstin  Nachname: Wohlfahrt, Frau Maria Huber geb. Schmidt, Betreuerin: Petra Anzengruber\n"
            "Leiter: Prof. Dr. med. H.-J. Overbeck, PD Dr. van Ostermann\nIlse Kranich\nLindenweg 4\n84028 Landshut")
    f = found(text)
    for name in ("Jakub Mleczek", "Hans Fröhlich", "Martina Kessler", "Gruber", "Kerstin", "Wohlfahrt", "Maria Huber",
                 "Schmidt", "Petra Anzengruber", "H.-J. Overbeck", "van Ostermann", "Ilse Kranich"):
        assert f.get(name, "").startswith("NAME_"), name
    assert f["Wien"] == "LOCATION_CITY" and "Urologe" not in f and "Nachname" not in f


def test_places_after_locative_prepositions():
    f = found("Die Patientin lebte bis 2019 in Koszalin, danach Reha in Bad Wildungen. Befunde aus Olkusz liegen vor. "
              "In Zusammenschau kein Anhalt für Malignität, Aufnahme in Narkose.")
    assert f.get("Koszalin") == "LOCATION_CITY" and f.get("Olkusz") == "LOCATION_CITY"
    assert "Zusammenschau" not in f and "Narkose" not in f


def test_no_text_in_exceptions():
    from appliance.pipeline.phi import GlinerDetector

    with pytest.raises(FileNotFoundError) as err:
        GlinerDetector("/nonexistent/Geheimer Patient Müller")
    assert "Müller" not in str(err.value)
