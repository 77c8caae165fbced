"""The safe vocabulary of strict mode: is a word an ordinary German or English word?

Why a splitter: German writes compounds as one word ("Oberbauchschmerzen",
"Schilddrüsenunterfunktion"), so no word list can hold them all; a word is ordinary when it
splits into known parts, with the linking elements German uses (-s-, -es-, -n-, -en-, -e-, -er-)
and inflected endings. The lists (resources/phi/safe_de.txt, safe_de_core.txt, safe_en.txt) are
built from pyspellchecker's dictionaries, Wiktionary's German nouns and general medical text,
never from PHI labels (scripts/build_phi_resources.py export_safe_vocabulary); forms this module
derives (inflections, compounds of listed parts) are left out of the lists, so the lists must be
rebuilt when the derivation rules below change.

Why the care with short parts: with 2- and 3-letter parts nearly every foreign name splits
("Ah-onen", "Kor-honen"), so short parts must be trusted words (safe_de_core.txt), and English
words count whole (with English endings) but never take German endings ("Mendes" is no "Mende").
Also accepted: German spellings of Latin/English medical terms ("Neutropenie" = neutropenia,
"Rhabdomyosarkom" = rhabdomyosarcoma) and one typo in a long word ("Gerinnnung").
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

from .resources import word_set

_LINKS = ("", "s", "es", "n", "en", "e", "er", "ens")
# short first parts of compounds ("Vorbefund", "Aufnahme...", "Neuanlage")
_PREFIXES = frozenset("vor aus ein mit bei auf ab an um un ur zu neu alt end ob nach über ober unter hoch tief "
                      "re de dys hyper hypo prä post peri intra extra sub supra inter para anti "
                      "bi tri poly mono multi semi pseudo endo epi retro trans".split())
_DE_ENDINGS = ("", "s", "es", "n", "en", "e", "er", "em", "ern", "ns", "ens")
_EN_ENDINGS = ("", "s", "es", "'s")
#: the head of a long compound: when the last this-many letters or more are an ordinary German word,
#: the word is a compound term ("Tracheostomaanlage", "Koronararterie") even if its first part is unknown
MIN_HEAD = 7
#: parts of a compound are at least this long unless they are trusted core words
MIN_COMPOUND_PART = 4
#: shorter compound parts must be trusted core words (noun lemmas, the general text)
MIN_TRUSTED = 6
#: one typo is forgiven in words at least this long
MIN_TYPO = 9
#: an English word inside a German compound is at least this long ("Stent" no, "Bypass" yes)
MIN_EN_PART = 6

_ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüß"
# German -> English/Latin endings of medical terms
_COGNATE_ENDINGS = (
    ("ie", ("ia", "y")), ("ien", ("ias", "ies")), ("ose", ("osis",)), ("osen", ("oses",)), ("om", ("oma",)),
    ("ome", ("omas",)), ("isch", ("ic", "ical")), ("ische", ("ic", "ical")), ("ischen", ("ic", "ical")),
    ("ischer", ("ic", "ical")), ("ität", ("ity",)), ("iert", ("ated", "ized", "ed")), ("ierung", ("ation", "ization")),
    ("ell", ("al",)), ("ale", ("al",)), ("ive", ("ive",)), ("iv", ("ive",)), ("ik", ("ics", "ic")), ("in", ("ine",)),
    ("at", ("ate",)), ("on", ("one",)), ("us", ("us",)), ("um", ("um",)), ("a", ("a",)), ("e", ("e", "")),
    ("enz", ("ence", "ency")), ("anz", ("ance", "ancy")), ("ar", ("ary", "ar")), ("är", ("ary", "ar")),
    ("gramm", ("gram",)), ("oid", ("oid",)), ("ismus", ("ism",)), ("", ("",)),
)


@lru_cache(maxsize=1)
def _sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(German words, trusted German core words, English words) as stored."""
    return word_set("safe_de.txt"), word_set("safe_de_core.txt"), word_set("safe_en.txt")


def _inflected(words: frozenset[str] | set[str]) -> "Has":
    """Membership in ``words`` or, with a German ending removed, of its stem: the core list stores
    "raum", not "räume"'s every ending ("Raums", "Raumes")."""
    def has(x: str) -> bool:
        if x in words:
            return True
        for end in _DE_ENDINGS[1:]:
            if x.endswith(end) and len(x) - len(end) >= 3 and x[: len(x) - len(end)] in words:
                return True
        return False
    return has


@lru_cache(maxsize=1)
def _checkers() -> tuple["Has", "Has", "Has"]:
    de_set, core_set, en_set = _sets()
    core = _inflected(core_set)
    return (lambda x: x in de_set or core(x)), core, en_set.__contains__


def reset() -> None:
    """Forget the loaded lists and memoised answers (after the build script rewrote the lists)."""
    word_set.cache_clear()
    _sets.cache_clear()
    _checkers.cache_clear()
    _sorted_words.cache_clear()
    is_safe.cache_clear()


Has = Callable[[str], bool]


def _de_known(w: str, de: Has, core: Has) -> bool:
    """A German word or an inflected form of one (stems of 3 letters must be core words)."""
    for end in _DE_ENDINGS:
        if end and not w.endswith(end):
            continue
        stem = w[: len(w) - len(end)] if end else w
        if (len(stem) >= 4 and de(stem)) or (len(stem) == 3 and core(stem)):
            return True
    return False


def _en_known(w: str, en: Has) -> bool:
    for end in _EN_ENDINGS:
        if end and not w.endswith(end):
            continue
        stem = w[: len(w) - len(end)] if end else w
        if len(stem) >= 3 and en(stem) and (not end or len(stem) >= 4) \
                and (end != "es" or stem.endswith(("s", "x", "z", "ch", "sh", "o"))):
            return True
    return False


def _part(p: str, first: bool, de: Has, core: Has, en: Has) -> bool:
    """Can ``p`` stand inside a compound (before a linking element)?"""
    if len(p) >= MIN_TRUSTED and (de(p) or de(p + "e")):
        return True
    if len(p) >= 4 and (de(p + "en") or de(p + "n")):
        return True  # a verb stem: "Klopf|schall", "Wechsel|wirkung"
    if len(p) >= 3 and (core(p) or core(p + "e")):
        return True
    if first and p in _PREFIXES:
        return True
    return len(p) >= MIN_EN_PART and en(p)


def _split_points(w: str, de: Has, core: Has, en: Has) -> tuple[bool, list[int]]:
    """Dynamic programming over split points: (w is a compound of known parts, the positions where
    a known prefix of parts ends)."""
    n = len(w)
    ok = [False] * (n + 1)  # ok[i]: w[:i] is a sequence of known parts (plus linking element)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + (2 if i == 0 else 3), n + 1):
            part = w[i:j]
            if j == n:
                # the head of a capitalised compound is a noun: short heads must be trusted words
                if i > 0 and (_de_known(part, de if len(part) >= MIN_TRUSTED else core, core)
                              or (len(part) >= MIN_EN_PART and _en_known(part, en))):
                    return True, []
                continue
            if _part(part, i == 0, de, core, en):
                for link in _LINKS:
                    k = j + len(link)
                    if k < n and w.startswith(link, j):
                        ok[k] = True
    return False, [i for i in range(3, n) if ok[i]]


@lru_cache(maxsize=1)
def _sorted_words() -> tuple[str, ...]:
    de_set, core_set, en_set = _sets()
    return tuple(sorted(de_set | core_set | en_set))


def is_prefix(p: str) -> bool:
    """Does some ordinary word start with ``p`` (and go on)? For abbreviations: "Harnst." -> Harnstoff."""
    import bisect

    words = _sorted_words()
    i = bisect.bisect_right(words, p)
    return i < len(words) and words[i].startswith(p) and len(words[i]) > len(p)


def derivable(w: str, language: str, kept: set[str]) -> bool:
    """Would the runtime accept ``w`` when the German list held only ``kept`` (and the core list)?
    The build script leaves such words out of the lists."""
    if language == "en":
        return any(w.endswith(e) and len(w) - len(e) >= 4 and w[: len(w) - len(e)] in kept for e in _EN_ENDINGS[1:])
    _, core, en = _checkers()
    de = lambda x: x in kept or core(x)  # noqa: E731
    return _de_known(w, de, core) or _split_points(w, de, core, en)[0]


def _edits(w: str):
    """Every string one edit away (deletion, transposition, substitution, insertion)."""
    for i in range(len(w)):
        yield w[:i] + w[i + 1:]
    for i in range(len(w) - 1):
        yield w[:i] + w[i + 1] + w[i] + w[i + 2:]
    for i in range(len(w) + 1):
        for c in _ALPHABET:
            if i < len(w):
                yield w[:i] + c + w[i + 1:]
            yield w[:i] + c + w[i:]


def _typo_known(w: str, de: Has, core: Has, en: Has) -> bool:
    return len(w) >= MIN_TYPO and any(e != w and (de(e) or en(e)) for e in _edits(w))


def _cognate(w: str, en: Has) -> bool:
    """A German spelling of a Latin/English term: k->c, z->c, f->ph, ä->ae/e, and the ending."""
    variants = {w, w.replace("k", "c").replace("z", "c")}
    variants |= {v.replace("f", "ph") for v in list(variants)}
    variants |= {v.replace("ä", "ae").replace("ö", "oe").replace("ü", "u") for v in list(variants)}
    variants |= {v.replace("ä", "e").replace("ö", "e") for v in list(variants)}
    variants |= {v.replace("ae", "e").replace("oe", "e") for v in list(variants)}
    for v in variants:
        for de_end, en_ends in _COGNATE_ENDINGS:
            if not v.endswith(de_end):
                continue
            stem = v[: len(v) - len(de_end)] if de_end else v
            if len(stem) < 4:
                continue
            if any(en(stem + e) or en(stem + e + "s") for e in en_ends):
                return True
    return False


@lru_cache(maxsize=200_000)
def is_safe(word: str, language: str = "de", respell: bool = True) -> bool:
    """True when ``word`` is an ordinary word: in the vocabulary, inflected, a compound of known parts
    (with German linking elements), hyphenated ordinary words, a German spelling of a Latin/English
    term, or a long word with one typo."""
    w = word.lower().strip("'’")
    if not w:
        return True
    if "-" in w:
        return all(is_safe(p, language, respell) for p in w.split("-") if p)
    if len(w) <= 2:
        return True
    de, core, en = _checkers()
    if _en_known(w, en) or _de_known(w, de, core):
        return True
    if language != "de":
        return False
    # Swiss and old spellings: "Grösse", "Rißbildung", "Pleuraerguß"
    for a, b in (("ss", "ß"), ("ß", "ss")):
        if respell and a in w and is_safe(w.replace(a, b), language, False):
            return True
    whole, points = _split_points(w, de, core, en)
    if whole or (len(w) >= 6 and _cognate(w, en)):
        return True
    if len(w) >= MIN_HEAD + 4 and any(_de_known(w[i:], de, core) for i in range(4, len(w) - MIN_HEAD + 1)):
        return True
    if _typo_known(w, de, core, en):
        return True
    # a known first part and a misspelt last part: "Blasen|inkontinez"
    return any(len(w) - i >= MIN_TYPO - 2 and _typo_known(w[i:] if len(w) - i >= MIN_TYPO else w[i:], de, core, en)
               for i in points if len(w) - i >= MIN_TYPO)
