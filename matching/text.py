"""Danish (and English) text normalisation for short labels such as job titles.

Everything here is pure and deterministic: folding (case, æøå, accents, hyphens),
tokenising, a light suffix stemmer for Danish and English nouns (plural, definite
and gender forms), abbreviation expansion, and a compound splitter that learns its
vocabulary from the labels it is given.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

#: Letters that are folded to an ASCII spelling before anything else: ``å`` and ``aa``
#: (the pre-1948 and keyboard-less spelling) become the same, likewise ``æ``/``ae`` and ``ø``/``oe``.
_LETTER_FOLDS = str.maketrans({"å": "aa", "æ": "ae", "ø": "oe", "ä": "ae", "ö": "oe", "ü": "u", "ß": "ss"})
_NON_WORD = re.compile(r"[^0-9a-z]+")

#: Function words that never decide which occupation a title names.
STOPWORDS = frozenset(
    """
    af at de den der det e eller en et for fra hos i inden med mv of og paa samt som til ved
    a an and as at by for in of on or the to with within
    """.split()
)

#: Abbreviations written in Danish job titles, expanded to the words the labels use
#: (already folded). ``it``/``ikt``/``ict`` are one thing: ESCO's Danish labels say IKT,
#: people say IT.
ABBREVIATIONS: dict[str, str] = {
    "sosu": "social og sundhed",
    "ikt": "it",
    "ict": "it",
    "edb": "it",
}

#: Danish words that job ads use but ESCO's Danish labels do not, with the words the
#: labels use instead. A (folded) word containing one is followed by its variants:
#: ``koerselsleder`` → ``koerselsleder transportleder trafikleder``.
SUBWORD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "koersel": ("transport", "trafik"),
    "vindmoelle": ("vindkraft",),
    "pedel": ("vicevaert",),
}

#: Endings that mark a trainee of a trade (``tømrerlærling``, ``urmagerelev``). ESCO has no
#: trainee occupations, so the trade itself is the answer: the ending is dropped.
TRAINEE_SUFFIXES: tuple[str, ...] = ("laerling", "elev", "aspirant", "praktikant")
_MIN_TRADE = 4

#: Heads (stems) that name the same kind of work; each adds a shared class token so that
#: ``lagermedarbejder``, ``lagerarbejder`` and ``lagerassistent`` meet.
HEAD_CLASSES: dict[str, str] = {
    **dict.fromkeys(["medarbejd", "arbejd", "assistent", "hjaelp", "medhjaelp", "ansat"], "_worker"),
    **dict.fromkeys(["chef", "led", "bestyr", "direktoer", "manag", "ansvarlig"], "_manager"),
    **dict.fromkeys(["arbejdsled", "tilsynsfoerend", "formand", "sjakformand", "vaerkfoer"], "_supervisor"),
    **dict.fromkeys(["specialist", "ekspert", "konsulent", "raadgiv"], "_expert"),
    **dict.fromkeys(["saelg", "ekspedient", "salgsassistent", "butiksassistent"], "_seller"),
    **dict.fromkeys(["laer", "undervis", "instruktoer", "lektor"], "_teacher"),
    **dict.fromkeys(["producent", "mag", "bygg", "fremstill"], "_maker"),
    **dict.fromkeys(["tekniker", "montoer", "mekanik", "reparatoer"], "_technician"),
    **dict.fromkeys(["operatoer", "foer", "maskinfoer", "maskinpass", "operator"], "_operator"),
}

_MIN_STEM = 3


def fold(text: str) -> str:
    """Fold a label for comparison: case, Danish letters, accents and punctuation.

    ``"CNC-Operatør"``, ``"cnc operatør"`` and ``"cnc operatoer"`` all fold to
    ``"cnc operatoer"``; ``"social- og sundhedshjælper"`` to
    ``"social og sundhedshjaelper"``.
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_LETTER_FOLDS)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", text).split())


def tokens(text: str) -> list[str]:
    """Folded word tokens with abbreviations and synonyms expanded (stop words kept)."""
    out: list[str] = []
    for token in fold(text).split():
        token = _trade_of(token)
        out.extend(ABBREVIATIONS.get(token, token).split())
        for key, variants in SUBWORD_SYNONYMS.items():
            if key in token:
                out.extend(token.replace(key, variant) for variant in variants)
    return out


def _trade_of(token: str) -> str:
    """``toemrerlaerling`` → ``toemrer``: the trade of a trainee title (other words unchanged)."""
    for suffix in TRAINEE_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= _MIN_TRADE:
            return token[: -len(suffix)]
    return token


def expand(text: str) -> str:
    """The folded text with abbreviations expanded, as one string (for character n-grams)."""
    return " ".join(tokens(text))


_SUFFIXES = ("ernes", "erens", "erne", "eren", "ere", "ene", "ens", "er", "en", "et", "e")
_GENDER = (("ersk", "er", 2), ("tric", "toer", 3), ("oes", "oer", 3), ("ind", "", 3))
_VOWELS = frozenset("aeiouy")


def stem(token: str) -> str:
    """A light stemmer for (folded) Danish and English occupation nouns.

    Removes an English plural ``-s``, one Danish plural/definite ending
    (``-erne``, ``-ere``, ``-er``, ``-en``, ``-e`` …), then a feminine form
    (``-inde``, ``-erske``, ``-øse``, ``-trice``) followed by the plural step again, so
    that ``tømrer``/``tømrere``/``tømrerne``, ``lærer``/``lærerinde`` and
    ``syer``/``syerske`` share a stem. Endings are only removed from words long enough to
    keep a stem of three letters (two for ``-erske``).
    """
    word = token
    if len(word) >= 5 and word.endswith("s") and word[-2] not in _VOWELS and not word.endswith("ss"):
        word = word[:-1]
    word = _strip_suffix(word)
    for ending, replacement, shortest in _GENDER:
        if word.endswith(ending) and len(word) - len(ending) >= shortest:
            word = _strip_suffix(word[: -len(ending)] + replacement)
            break
    return word


def _strip_suffix(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            return word[: -len(suffix)]
    return word


class Decompounder:
    """Split Danish compounds into known parts: ``byggemarkedssaelger`` → ``byggemarked``, ``saelger``.

    The vocabulary is the set of (folded) words seen in the labels, with their counts.
    A word is split into two or more vocabulary words of at least ``min_part`` letters,
    optionally joined by a linking ``s`` or ``e``; among the possible splits the one with
    the highest geometric mean of part counts wins (Koehn & Knight, 2003). Results are
    cached per word.
    """

    def __init__(self, words: Iterable[str], *, min_part: int = 3) -> None:
        counts = Counter(w for w in words if w not in STOPWORDS and len(w) >= min_part and w.isalpha())
        self.counts: dict[str, int] = dict(counts)
        self.min_part = min_part
        self._cache: dict[str, tuple[str, ...]] = {}

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of ``word`` (the word itself when it cannot be split)."""
        cached = self._cache.get(word)
        if cached is None:
            found = self._best(word, depth=0)
            cached = found[0] if found is not None else (word,)
            self._cache[word] = cached
        return cached

    def _best(self, word: str, depth: int) -> tuple[tuple[str, ...], float] | None:
        """Best split as (parts, log-count sum / parts), or None; the whole word counts as one part."""
        best: tuple[tuple[str, ...], float] | None = None
        whole = self.counts.get(word, 0)
        if whole and depth > 0:
            best = ((word,), _log(whole))
        if depth >= 3 or len(word) < 2 * self.min_part:
            return best
        for i in range(self.min_part, len(word) - self.min_part + 1):
            head_count = self.counts.get(word[:i], 0)
            if not head_count:
                continue
            for link in ("", "s", "e"):
                if link and not word.startswith(link, i):
                    continue
                rest = word[i + len(link) :]
                if len(rest) < self.min_part:
                    continue
                tail = self._best(rest, depth + 1)
                if tail is None:
                    continue
                parts = (word[:i], *tail[0])
                score = (_log(head_count) + tail[1] * len(tail[0])) / len(parts)
                if best is None or score > best[1]:
                    best = (parts, score)
        return best


def _log(count: int) -> float:
    return math.log1p(count)
