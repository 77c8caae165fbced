"""The safe vocabulary of strict mode: is a word an ordinary German or English word?

Why a splitter: German writes compounds as one word ("Oberbauchschmerzen",
"Schilddrüsenunterfunktion"), so no word list can hold them all; a word is ordinary when it
splits into known parts, with the linking elements German uses (-s-, -es-, -n-, -en-, -e-, -er-)
and inflected endings. The lists (resources/phi/safe_*.txt) are built from pyspellchecker's
dictionaries, Wiktionary's German nouns and general medical text, never from PHI labels
(scripts/build_phi_resources.py).
"""
from __future__ import annotations

from functools import lru_cache

from .resources import word_set

_LINKS = ("", "s", "es", "n", "en", "e", "er", "ens")
# short first parts of compounds ("Vorbefund", "Aufnahme...", "Neuanlage")
_PREFIXES = frozenset("vor aus ein mit bei auf ab an um un ur zu neu alt end ob nach über ober unter hoch tief".split())
#: the head of a long compound: when the last this-many letters or more are an ordinary noun, the
#: word is a compound term ("Tracheostomaanlage", "Koronararterie") even if its first part is unknown
MIN_HEAD = 7
_ENDINGS = ("", "s", "es", "n", "en", "e", "er", "em", "ern", "ns", "'s")
MIN_PART = 3
#: parts of a compound are at least this long: with 3 letters almost any name splits ("Tho-mas")
MIN_COMPOUND_PART = 4


@lru_cache(maxsize=2)
def _words(language: str) -> frozenset[str]:
    other = "en" if language == "de" else "de"
    return word_set(f"safe_{language}.txt") | word_set(f"safe_{other}.txt")


def _known(word: str, words: frozenset[str]) -> bool:
    """The word or a stem of it with an inflected ending removed."""
    for end in _ENDINGS:
        if end and not word.endswith(end):
            continue
        stem = word[: len(word) - len(end)] if end else word
        if len(stem) >= MIN_PART and stem in words:
            return True
    return False


@lru_cache(maxsize=200_000)
def is_safe(word: str, language: str = "de") -> bool:
    """True when ``word`` is an ordinary word: in the vocabulary, inflected, a compound of known parts
    (with German linking elements) or hyphenated ordinary words."""
    w = word.lower().strip("'’")
    if not w:
        return True
    words = _words(language)
    if "-" in w:
        return all(is_safe(p, language) for p in w.split("-") if p)
    if _known(w, words) or (len(w) <= 2):
        return True
    if language != "de":
        return False
    if _splits(w, words):
        return True
    # German medical spelling of a Latin/English term: "Aszites" = ascites, "Makula" = macula
    latin = w.replace("sz", "sc").replace("z", "c").replace("k", "c").replace("ä", "ae").replace("ö", "oe")
    if latin != w and (_known(latin, words) or _known(latin.rstrip("e"), words)):
        return True
    return len(w) >= MIN_HEAD + 4 and any(_known(w[i:], words) for i in range(4, len(w) - MIN_HEAD + 1))


def _splits(w: str, words: frozenset[str]) -> bool:
    """Dynamic programming over split points: w = part (link part)* with every part known; the last
    part may carry an inflected ending."""
    n = len(w)
    ok = [False] * (n + 1)  # ok[i]: w[:i] is a sequence of known parts (plus linking element)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + (2 if i == 0 else MIN_COMPOUND_PART), n + 1):
            part = w[i:j]
            if j == n:
                if _known(part, words):
                    return True
                continue
            if part in words or (i == 0 and w[i:j] in _PREFIXES) or (j - i >= 4 and part + "e" in words):
                for link in _LINKS:
                    k = j + len(link)
                    if k < n and w.startswith(link, j):
                        ok[k] = True
    return False
