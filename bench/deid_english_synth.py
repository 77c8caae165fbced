"""English PHI recall on sentences generated here: clinical and administrative templates written for
this bench, filled with Faker's en_US / en_GB / en_CA / en_AU providers (names, addresses, dates and
times, phone numbers, e-mails, IDs, ages). No evaluation set's sentences are used.

Usage: python bench/deid_english_synth.py [--n 2000] [--seed 3] [--json] [--misses 30]
"""
from __future__ import annotations

import argparse
import json
import random
import re

from appliance.pipeline.phi import deid_scores, detect_phi

# {slot} -> label; the slot filler comes from fill() below
TEMPLATES = [
    "Patient {name} was admitted on {date} with chest pain.",
    "{name} is a {age_phrase} who presented to the clinic on {date}.",
    "Please send the discharge summary to {address}.",
    "Home address: {address}",
    "The patient lives at {street_address}, {city}, {state_abbr} {zipcode}.",
    "She moved to {city} in {year} and now lives at {street_address}.",
    "Contact number: {phone}. Alternative: {phone2}.",
    "You can reach {first_name} at {phone} or by e-mail at {email}.",
    "Referred by {prefix} {last_name} on {date_long}.",
    "{name_full} ({age_phrase}) reports shortness of breath since {weekday}.",
    "Follow-up appointment scheduled for {date_ordinal} at {time}.",
    "The next visit is on {weekday}, {date_long}, at {time}.",
    "SSN: {ssn}; insurance card {credit_card}.",
    "Payment was made from IBAN {iban} on {date_iso}.",
    "Driver's license number {license} was presented at registration.",
    "Mr. {last_name} called {relative_day} about the test results.",
    "Our records show {name} was born on {date}. Mother: {name2}.",
    "Mail the invoice to {name} at {street_address} {secondary}, {city}, {state} {zipcode}.",
    "{name} from {city} was seen by Dr. {last_name}.",
    "Emergency contact {name2}, phone {phone}.",
    "Last seen in {month} {year}; she was {age} years old at the time.",
    "The {age}-year-old man was transferred to {city} on {date_short}.",
    "Dear {prefix} {last_name}, your appointment on {date_ordinal} has been moved to {time}.",
    "{first_name} said the pain started {relative_day}.",
    "The sample collected {date_time} was sent for culture.",
    "Aged {age}, {first_name} {last_name} has type 2 diabetes.",
    "Ship to: {name}, {address_line}",
    "Tel: {phone} Fax: {phone2}",
    "I live in {city}, {state}.",
    "My zip code is {zipcode} and my email is {email}.",
    "Registered GP: Dr {name_full}, {street_address}, {city} {postcode_gb}.",
    "The patient, a {age} yo female, denied alcohol use.",
    "Meet me at {street_address} on {weekday} at {time}.",
    "{name} was diagnosed with Parkinson's disease in {year}.",
    "We will call {first_name} on {date_slash} to review the metformin dose.",
]

LOCALES = ("en_US", "en_US", "en_US", "en_GB", "en_CA", "en_AU")


def _fakers(seed: int):
    from faker import Faker

    out = {}
    for i, loc in enumerate(sorted(set(LOCALES))):
        f = Faker(loc)
        f.seed_instance(seed * 100 + i)
        out[loc] = f
    return out


def fill(slot: str, f, rng: random.Random) -> tuple[str, str | None]:
    """(text, label) for one template slot; label None = not PHI."""
    dt = f.date_time_between(start_date="-80y", end_date="+1y")
    day = dt.day
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    if slot in ("name", "name2"):
        n = rng.random()
        if n < 0.5:
            return f"{f.first_name()} {f.last_name()}", "NAME_OTHER"
        if n < 0.7:
            return f.name(), "NAME_OTHER"
        if n < 0.85:
            return f"{f.first_name()} {f.first_name()[0]}. {f.last_name()}", "NAME_OTHER"
        return f"{f.last_name()}, {f.first_name()}", "NAME_OTHER"
    if slot == "name_full":
        return f"{f.first_name()} {f.last_name()}", "NAME_OTHER"
    if slot == "first_name":
        return f.first_name(), "NAME_OTHER"
    if slot == "last_name":
        return f.last_name(), "NAME_OTHER"
    if slot == "prefix":
        return rng.choice(["Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Miss"]), None
    if slot == "age_phrase":
        a = rng.randint(1, 99)
        return rng.choice([f"{a}-year-old", f"{a} year old", f"{a} y/o", f"{a}-yr-old"]), "AGE"
    if slot == "age":
        return str(rng.randint(1, 99)), "AGE"
    if slot == "address":
        return f.address().replace("\n", rng.choice(["\n", ", "])), "LOCATION_STREET"
    if slot == "address_line":
        return f.address().replace("\n", ", "), "LOCATION_STREET"
    if slot == "street_address":
        return f.street_address(), "LOCATION_STREET"
    if slot == "secondary":
        try:
            return f.secondary_address(), "LOCATION_STREET"
        except AttributeError:
            return "Apt. 4", "LOCATION_STREET"
    if slot == "city":
        return f.city(), "LOCATION_CITY"
    if slot == "state_abbr":
        for attr in ("state_abbr", "province_abbr", "county"):
            if hasattr(f, attr):
                return getattr(f, attr)(), "LOCATION_STATE"
        return "CA", "LOCATION_STATE"
    if slot == "state":
        for attr in ("state", "province", "county"):
            if hasattr(f, attr):
                return getattr(f, attr)(), "LOCATION_STATE"
        return "Texas", "LOCATION_STATE"
    if slot == "zipcode":
        return f.postcode(), "LOCATION_ZIP"
    if slot == "postcode_gb":
        from faker import Faker

        return Faker("en_GB").postcode(), "LOCATION_ZIP"
    if slot in ("phone", "phone2"):
        return f.phone_number(), "CONTACT_PHONE"
    if slot == "email":
        return f.email(), "CONTACT_EMAIL"
    if slot == "ssn":
        return f.ssn() if hasattr(f, "ssn") else f.bothify("###-##-####"), "ID"
    if slot == "credit_card":
        return f.credit_card_number(), "ID"
    if slot == "iban":
        return f.iban(), "ID"
    if slot == "license":
        return f.bothify(rng.choice(["?#######", "#########", "??######", "?###-####-####"])).upper(), "ID"
    if slot == "year":
        return str(dt.year), "DATE"
    if slot == "month":
        return dt.strftime("%B"), "DATE"
    if slot == "weekday":
        return dt.strftime(rng.choice(["%A", "%A", "%a"])), "DATE"
    if slot == "time":
        return dt.strftime(rng.choice(["%H:%M", "%I:%M %p", "%I %p", "%I:%M%p", "%H:%M:%S"])).lstrip("0"), "DATE"
    if slot == "date":
        return dt.strftime(rng.choice(["%m/%d/%Y", "%d/%m/%Y", "%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%b %d, %Y",
                                       "%d-%b-%Y", "%m-%d-%Y", "%d.%m.%Y"])), "DATE"
    if slot == "date_long":
        return rng.choice([dt.strftime("%B %d, %Y"), f"{day} {dt.strftime('%B %Y')}", f"{dt.strftime('%B')} {day}{suffix}",
                           f"{dt.strftime('%b')} {day}{suffix}, {dt.year}"]), "DATE"
    if slot == "date_ordinal":
        return rng.choice([f"the {day}{suffix} of {dt.strftime('%B')}", f"{dt.strftime('%B')} {day}{suffix}",
                           f"{day}{suffix} {dt.strftime('%B')}", f"{dt.strftime('%A')} the {day}{suffix}"]), "DATE"
    if slot == "date_iso":
        return dt.strftime("%Y-%m-%d"), "DATE"
    if slot == "date_short":
        return dt.strftime(rng.choice(["%m/%d/%y", "%d/%m/%y", "%b %Y", "%m/%Y"])), "DATE"
    if slot == "date_slash":
        return dt.strftime("%m/%d/%Y"), "DATE"
    if slot == "date_time":
        return rng.choice([dt.strftime("%Y-%m-%d %H:%M:%S"), dt.strftime("%m/%d/%Y %I:%M %p"), f.iso8601()]), "DATE"
    if slot == "relative_day":
        return rng.choice(["yesterday", "last Tuesday", "this morning", "two days ago", "last week",
                           "on Monday evening", "last night"]), "DATE"
    raise KeyError(slot)


def generate(n: int = 2000, seed: int = 3) -> list[dict]:
    """Gold documents [{doc_id, text, spans}] in the grascco-phi layout."""
    rng = random.Random(seed)
    fakers = _fakers(seed)
    docs = []
    for i in range(n):
        f = fakers[rng.choice(LOCALES)]
        tpl = rng.choice(TEMPLATES)
        text, spans, pos = "", [], 0
        for m in re.finditer(r"\{(\w+)\}", tpl):
            text += tpl[pos:m.start()]
            value, label = fill(m.group(1), f, rng)
            if label:
                spans.append({"start": len(text), "end": len(text) + len(value), "label": label, "text": value})
            text += value
            pos = m.end()
        text += tpl[pos:]
        docs.append({"doc_id": f"synth-{i}", "text": text, "spans": spans})
    return docs


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--json", action="store_true")
    p.add_argument("--misses", type=int, default=0, help="print this many missed gold spans (generated text)")
    args = p.parse_args(argv)
    docs = generate(args.n, args.seed)
    # relative expressions ("last night") are a stretch goal: scored, but reported apart
    scores = deid_scores(docs, lambda t: detect_phi(t, language="en"), keep_errors=bool(args.misses))
    if args.json:
        scores.pop("errors", None)
        print(json.dumps(scores))
        return 0
    print(f"recall {scores['recall']:.4f}  precision {scores['precision']:.4f}  docs/s {scores['docs_per_s']:.0f}")
    for lab, v in scores["per_label"].items():
        print(f"  {lab:<16} {v['recall']:.4f}  ({v['support']} chars)")
    if args.misses:
        shown = 0
        for doc, err in zip(docs, scores["errors"]):
            for a, b in err["missed"]:
                if shown < args.misses:
                    print(f"MISS {doc['text'][a:b]!r}  in  {doc['text']!r}")
                    shown += 1
        shown = 0
        for doc, err in zip(docs, scores["errors"]):
            for a, b in err["false_positive"]:
                if shown < args.misses:
                    print(f"FP   {doc['text'][a:b]!r}  in  {doc['text']!r}")
                    shown += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
