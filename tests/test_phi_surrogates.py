"""Surrogates: type-conformant, consistent, date intervals preserved, never the original."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from appliance.pipeline.phi import PhiSpan, Surrogator, detect_phi, pseudonymize_text
from appliance.pipeline.phi.gazetteer import first_name_gender


@pytest.fixture
def sur():
    return Surrogator(b"test-seed-0123456789")


def test_date_shift_is_per_patient_deterministic_and_bounded(sur):
    shifts = {sur.date_shift_days(f"patient:{i}") for i in range(200)}
    assert all(30 <= abs(s) <= 365 for s in shifts)
    assert any(s > 0 for s in shifts) and any(s < 0 for s in shifts)
    assert sur.date_shift_days("patient:7") == Surrogator(b"test-seed-0123456789").date_shift_days("patient:7")
    assert sur.date_shift_days("patient:7") != Surrogator(b"other-seed").date_shift_days("patient:7") or \
        sur.date_shift_days("patient:8") != Surrogator(b"other-seed").date_shift_days("patient:8")


def test_full_dates_keep_format_and_intervals(sur):
    key = "patient:42"
    admit, discharge, birth = "24.01.2028", "06.02.2028", "30.12.1987"
    a, d, b = (sur.surrogate("DATE", x, key) for x in (admit, discharge, birth))
    for orig, new in ((admit, a), (discharge, d), (birth, b)):
        assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", new) and new != orig
    p = lambda s: datetime.strptime(s, "%d.%m.%Y")  # noqa: E731
    assert (p(d) - p(a)).days == (p(discharge) - p(admit)).days == 13
    assert (p(a) - p(admit)).days == sur.date_shift_days(key)
    assert (p(b) - p(birth)).days == sur.date_shift_days(key)


@pytest.mark.parametrize("original, pattern", [
    ("23.01.28", r"\d{2}\.\d{2}\.\d{2}"), ("4.4.1997", r"\d{1,2}\.\d{1,2}\.\d{4}"),
    ("10. 03. 2043", r"\d{2}\. \d{2}\. \d{4}"), ("2025-03-19", r"\d{4}-\d{2}-\d{2}"),
    ("27. März 2025", r"\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}"),
    ("March 19, 2025", r"(January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}"),
    ("März 2025", r"(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4}"),
    ("07/2025", r"\d{2}/\d{4}"), ("02/33", r"\d{2}/\d{2}"), ("19.3.", r"\d{1,2}\.\d{1,2}\."), ("2002", r"\d{4}"),
])
def test_date_formats_are_kept(sur, original, pattern):
    new = sur.surrogate("DATE", original, "patient:1")
    assert new != original and re.fullmatch(pattern, new), (original, new)


def test_partial_dates_shift_consistently(sur):
    key = "patient:3"
    shift = sur.date_shift_days(key)
    text = "war vom 8.3. - 22.3.2025 bei uns, Kontrolle im März 2025, Z.n. OP 2006."
    spans = [PhiSpan(m.start(), m.end(), "DATE", "rule") for m in re.finditer(r"8\.3\.|22\.3\.2025|März 2025|2006", text)]
    new, offsets = pseudonymize_text(text, spans, sur, key)
    start = datetime(2025, 3, 8) + __import__("datetime").timedelta(days=shift)
    end = datetime(2025, 3, 22) + __import__("datetime").timedelta(days=shift)
    assert f"{start.day}.{start.month}." in new and f"{end.day}.{end.month}.{end.year}" in new
    assert "2006" not in new and str(2006 + (1 if shift > 0 else -1)) in new
    assert len(offsets) == 4


def test_day_fragment_of_a_range_uses_the_following_date(sur):
    key = "patient:9"
    text = "MIBG-Szintigraphie vom 10 und 11.10.2033"
    spans = [PhiSpan(23, 25, "DATE", "rule"), PhiSpan(30, 40, "DATE", "rule")]
    new, _ = pseudonymize_text(text, spans, sur, key)
    m = re.search(r"vom (\d+) und (\d{2})\.(\d{2})\.(\d{4})", new)
    first = datetime(int(m.group(4)), int(m.group(3)), int(m.group(2)))
    assert (first - datetime(2033, 10, 11)).days == sur.date_shift_days(key)
    day_before = first - __import__("datetime").timedelta(days=1)
    assert int(m.group(1)) == day_before.day


def test_names_keep_gender_format_and_are_consistent(sur):
    a = sur.surrogate("NAME_PATIENT", "Amanda Lindqvist", "p")
    first, last = a.split()
    assert first_name_gender(first) == "f" and last != "Lindqvist"
    assert sur.surrogate("NAME_PATIENT", "Lindqvist", "p") == last          # "Frau Lindqvist"
    assert sur.surrogate("NAME_DOCTOR", "Amanda Lindqvist", "other") == a   # same person, any label/patient
    inv = sur.surrogate("NAME_PATIENT", "Lindqvist, Amanda", "p")
    assert inv == f"{last}, {first}"
    m = sur.surrogate("NAME_PATIENT", "Klaus Brandhuber", "p")
    assert first_name_gender(m.split()[0]) == "m"
    assert re.fullmatch(r"[A-Z]\. [A-ZÄÖÜ][a-zäöüß]+(-[A-ZÄÖÜ][a-zäöüß]+)?", sur.surrogate("NAME_DOCTOR", "K. Wendrich", "p"))
    assert sur.surrogate("NAME_DOCTOR", "H. STURMFEDER", "p").isupper()
    assert "-" in sur.surrogate("NAME_DOCTOR", "Katharina Quappenberg-Oltmanns", "p")


def test_mapping_is_used_and_filled(sur):
    mapping = {("NAME", "Sturmfeder"): "Keller"}
    s = Surrogator(b"k", mapping)
    assert s.surrogate("NAME_DOCTOR", "Sturmfeder", "p") == "Keller"
    s.surrogate("LOCATION_CITY", "Husum", "p")
    assert ("LOCATION_CITY", "Husum") in mapping
    again = Surrogator(b"k", dict(mapping))
    assert again.surrogate("LOCATION_CITY", "Husum", "q") == mapping[("LOCATION_CITY", "Husum")]


@pytest.mark.parametrize("label, original, pattern", [
    ("ID", "445544767", r"\d{9}"), ("ID", "A-2029461541", r"[A-Z]-\d{10}"), ("ID", "KJPP-2", r"[A-Z]{4}-\d"),
    ("CONTACT_PHONE", "(0461) 708 - 223", r"\(0\d{3}\) \d{3} - \d{3}"),
    ("CONTACT_PHONE", "+43 333 775-8422", r"\+43 \d{3} \d{3}-\d{4}"),
    ("CONTACT_FAX", "02216/325-15338", r"0\d{4}/\d{3}-\d{5}"),
    ("LOCATION_ZIP", "24937", r"\d{5}"), ("LOCATION_ZIP", "A-9011", r"A-\d{4}"),
    ("LOCATION_STREET", "Schleswiger Str. 95a", r"\S+ Str\. \d{2}a"),
    ("LOCATION_STREET", "Hauptstraße 5", r"\S+straße \d"),
    ("CONTACT_EMAIL", "anmeldung.chir@klinik-nord.de", r"[a-z]+\.[a-z]+@example\.org"),
    ("AGE", "78", r"\d{2}"), ("NAME_TITLE", "Dr. med.", r"\S.*\."),
])
def test_shapes_are_kept_and_never_equal(sur, label, original, pattern):
    new = sur.surrogate(label, original, "p")
    assert new != original and re.fullmatch(pattern, new), (label, original, new)


def test_kvnr_surrogate_keeps_a_valid_check_digit(sur):
    from appliance.pipeline.phi.rules import kvnr_valid

    new = sur.surrogate("ID", "A123456780", "p")
    assert new != "A123456780" and kvnr_valid(new)


def test_surrogates_never_equal_originals_over_many_values(sur):
    for i in range(300):
        for label, value in (("NAME_PATIENT", f"Name{i}"), ("ID", f"{i:06d}"), ("LOCATION_CITY", "Berlin"),
                             ("DATE", f"{1 + i % 28}.{1 + i % 12}.20{i % 30:02d}"), ("AGE", str(i % 110))):
            assert sur.surrogate(label, value, f"p{i}") != value


def test_surrogate_avoids_other_phi_strings_of_the_document(sur):
    # whatever the shift, neither bare year may become the other one
    key = next(f"p{i}" for i in range(100) if sur.date_shift_days(f"p{i}") > 0)
    text = "Z.n. Rectumcarcinom 2040, Rückoperation Stoma 2041."
    spans = [PhiSpan(20, 24, "DATE", "rule"), PhiSpan(46, 50, "DATE", "rule")]
    new, _ = pseudonymize_text(text, spans, sur, key)
    assert "2040" not in new and "2041" not in new


def test_pseudonymize_text_offsets(sur):
    text = "Herr Oltmanns, geb. 30.12.1987, wohnhaft Hauptstr. 8, 47809 Krefeld."
    spans = detect_phi(text)
    new, offsets = pseudonymize_text(text, spans, sur, "p")
    assert len(offsets) == len(spans)
    for (os_, oe, ns, ne, label), span in zip(offsets, sorted(spans, key=lambda s: s.start)):
        assert (os_, oe, label) == (span.start, span.end, span.label)
        assert new[ns:ne] == sur.surrogate(label, text[os_:oe], "p") or label == "DATE"
    for original in ("Oltmanns", "30.12.1987", "Hauptstr. 8", "47809", "Krefeld"):
        assert original not in new
    assert new.startswith("Herr ") and ", geb. " in new
