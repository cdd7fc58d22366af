"""Skills as people write them: normalise, split, match fuzzily, weight rare skills more.

Skills are free text (``"svejsning (MIG/MAG)"``, ``"MIG-svejsning"``, ``"Truckkort"``,
``"truckcertifikat (B)"``). Two skills are the same *concept* when

1. both name one thesaurus concept (a thesaurus: concept key -> Danish synonyms that
   share no spelling, e.g. ``Truckkort`` = ``truckcertifikat``, ``Busførerkort`` =
   ``kørekort D``). A text names a concept when it normalises to one of its wordings, or
   has the same words in another order (``C-kørekort``), or is a near spelling of the
   wordings of that concept and of no other (:class:`_ThesaurusIndex`): its compact form
   has an edit ratio >= 92 with one, no code (a word of at most three letters or with a
   digit) exchanged for another (``kørekort BE`` is not ``kørekort B``), or it is a *typo*
   of one (:class:`_TypoIndex`: one slip — a letter dropped, added, replaced, or two
   neighbours swapped — in one word of at least :data:`TYPO_MIN_LETTERS` letters, its
   first letter kept, the other words the same, and no wording of another concept within
   :data:`TYPO_MARGIN` slips). Two *different* thesaurus concepts never match however
   alike they are spelled (``TIG-svejsning`` is not ``MIG-svejsning``); or
2. neither is in the thesaurus and they are alike as word bags (rapidfuzz
   ``token_sort_ratio`` >= ``threshold`` on the normalised words, or the edit ratio of the
   compact forms, or one's words (at least two) all appear in the other), unless each
   has a code the other lacks (:func:`_swaps_a_code`). A new wording joins the earliest
   group (in the order the wordings were first seen) whose first wording is alike in this
   sense (:class:`_Groups`, compared with all groups at once).

This module holds no vocabulary of its own: the thesaurus is a parameter of
:class:`SkillMatcher` (default: none, so only rule 2 and spelling apply). The product's
curated thesaurus is data, ``store/data/skill_thesaurus.csv``, read and validated by
:func:`store.vocab.read_skill_thesaurus` and handed in by the service.

:class:`SkillMatcher` is fitted on a corpus of skill lists (the needs' and the job
seekers' ``skills`` cells): it learns the concepts of the corpus (unknown spellings are
grouped by rule 2) and an IDF weight per concept, so that a rare skill weighs more in
:attr:`SkillMatch.coverage` than one everybody has.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from matching import text as tx

#: Words that carry no meaning of their own in a skill ("kørekort kat. B").
_SKILL_STOPWORDS = tx.STOPWORDS | {"kat"}
_THESAURUS_CUTOFF = 92.0
#: A typo is corrected only in a known word of at least this many letters, counted in its
#: normalised (stemmed) form with æ, ø and å as one letter: ``bagning``, ``slagtning`` and
#: ``forflytning`` qualify, ``Python`` and ``montage`` (``montag``) do not. Shorter words
#: are too often another real word one slip away; among the Danish words of ESCO's labels
#: ``montag``/``modtag`` (montage/modtage), ``maling``/``måling`` and ``lager``/``laver`` are.
TYPO_MIN_LETTERS = 7
#: A typo is corrected only when no wording of another concept is within this many slips.
TYPO_MARGIN = 2
_HOLE = "\x00"
#: Attributes of :class:`SkillMatcher` built from its parameters, not pickled (the last two
#: were written by earlier versions).
_DERIVED = frozenset({"_index", "_groups", "_variant", "_variant_keys"})


@functools.lru_cache(maxsize=65536)
def normalise_skill(text: str) -> str:
    """The comparable form of one skill: folded, stop words dropped, each word stemmed.

    ``"Svejsning (MIG/MAG)"`` → ``"svejsning mig mag"``; ``"El-installationer"`` →
    ``"el installation"``; ``"Kørekort kat. B"`` → ``"koerekort b"``.
    """
    words = [w for w in tx.fold(text).split() if w not in _SKILL_STOPWORDS]
    return " ".join(tx.stem(w) for w in words)


def spelling_key(text: str) -> str:
    """The form two wordings share when the matcher cannot tell them apart by spelling.

    :func:`normalise_skill` without the spaces: ``"El-installationer"`` and
    ``"elinstallation"`` both give ``"elinstallation"``. Two thesaurus wordings with the
    same key must belong to one concept.
    """
    return normalise_skill(text).replace(" ", "")


def split_skills(cell: object) -> list[str]:
    """The skills of a ``;``-separated cell, stripped, empty parts and repeats dropped.

    ``None``, NaN and ``""`` give ``[]``.
    """
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    out: list[str] = []
    for part in str(cell).split(";"):
        part = " ".join(part.split())
        if part and part not in out:
            out.append(part)
    return out


@dataclass(frozen=True)
class SkillMatch:
    """How a person's skills cover a need's skills (wording of each side kept)."""

    matched: list[tuple[str, str]]
    """(required skill, the person's skill that covers it), in the need's order."""
    missing: list[str]
    """Required skills the person lacks, in the need's wording and order."""
    coverage: float
    """IDF-weighted share of the required skills covered (1.0 when none are required)."""


def _codes(words: Iterable[str]) -> set[str]:
    """The codes among normalised words: at most three letters or not all letters (``b``, ``tig``, ``s7``)."""
    return {w for w in words if len(w) <= 3 or not w.isalpha()}


def _swaps_a_code(words: AbstractSet[str], other: AbstractSet[str]) -> bool:
    """Whether each side has a code the other lacks (``kørekort BE`` vs ``kørekort B``, ``PC`` vs ``PLC``)."""
    return bool(_codes(words) - other) and bool(_codes(other) - words)


def _similar(a: str, b: str, threshold: float) -> bool:
    """Rule 2 of the module docstring, for two normalised texts outside the thesaurus."""
    if not a or not b or _swaps_a_code(set(a.split()), set(b.split())):
        return False
    if a == b or fuzz.token_sort_ratio(a, b) >= threshold:
        return True
    if fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")) >= threshold:
        return True
    wa, wb = set(a.split()), set(b.split())
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(small) >= 2 and small <= large


def _index_thesaurus(thesaurus: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """Normalised and compact form of every wording -> its concept key.

    Raises
    ------
    ValueError
        When a wording is a plain string instead of a sequence of wordings, or two
        concepts hold wordings with the same :func:`spelling_key`.
    """
    index: dict[str, str] = {}
    owner: dict[str, tuple[str, str]] = {}
    for key, wordings in thesaurus.items():
        if isinstance(wordings, str):
            raise ValueError(
                f"`thesaurus[{key!r}]` was the string {wordings!r} but is expected to be a sequence "
                "of wordings"
            )
        for wording in wordings:
            compact = spelling_key(wording)
            if not compact:
                continue
            other = owner.setdefault(compact, (key, wording))
            if other[0] != key:
                raise ValueError(
                    f"`thesaurus` gives {other[1]!r} to concept {other[0]!r} and {wording!r} to {key!r}, "
                    f"which are written alike ({compact!r}); a wording may belong to one concept only"
                )
            index.setdefault(normalise_skill(wording), key)
            index.setdefault(compact, key)
    return index


def _letters(word: str) -> str:
    """A folded word with ``aa``/``ae``/``oe`` as one letter again, so that a slip on ``å`` is one edit."""
    return word.replace("aa", "å").replace("ae", "æ").replace("oe", "ø")


def _typo_forms(norm: str) -> set[tuple[str, ...]]:
    """The words of a normalised skill, as they are and with ``aa``/``ae``/``oe`` as one letter.

    Both count: a slip on ``å`` is one edit with æøå as letters (two when folded), and a
    slip that makes ``ae`` out of ``ea`` is one edit when folded (two with æøå).
    """
    words = tuple(norm.split())
    return {words, tuple(map(_letters, words))}


def _may_be_a_typo_of(word: str, known: str) -> bool:
    """Whether a one-slip difference between ``word`` and the thesaurus word ``known`` may be a typo.

    ``known`` has :data:`TYPO_MIN_LETTERS` letters or more, both are letters only (no
    codes such as ``s7`` or ``m365``) and the first letter is the same (a slip on the first
    letter is rare, and makes look-alikes such as ``murer``/``kurer``).
    """
    return (
        len(_letters(known)) >= TYPO_MIN_LETTERS
        and word.isalpha()
        and known.isalpha()
        and word[0] == known[0]
    )


class _TypoIndex:
    """The thesaurus' wordings by their words with one word left out, to find one a slip away."""

    def __init__(self, thesaurus: Mapping[str, Sequence[str]]) -> None:
        self._by_rest: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for key, wordings in thesaurus.items():
            for wording in wordings:
                for form in _typo_forms(normalise_skill(wording)):
                    for i, word in enumerate(form):
                        bucket = self._by_rest.setdefault(form[:i] + (_HOLE,) + form[i + 1 :], [])
                        if (word, key) not in bucket:
                            bucket.append((word, key))

    def concept(self, norm: str) -> str | None:
        """The one concept of which the normalised skill ``norm`` is a typo, or None (none or not one)."""
        found: set[str] = set()
        near: set[str] = set()
        for form in _typo_forms(norm):
            for i, word in enumerate(form):
                for known, key in self._by_rest.get(form[:i] + (_HOLE,) + form[i + 1 :], ()):
                    slips = OSA.distance(word, known, score_cutoff=TYPO_MARGIN)
                    if slips <= TYPO_MARGIN:
                        near.add(key)
                        if slips <= 1 and _may_be_a_typo_of(word, known):
                            found.add(key)
        return found.pop() if len(found) == 1 and near == found else None


class _Groups:
    """The wordings outside the thesaurus seen so far, the first of each group, compared all at once.

    :meth:`find` gives what comparing a new wording with every group in turn by
    :func:`_similar` would give (the earliest alike group), with rapidfuzz's
    :func:`~rapidfuzz.process.cdist` for the two ratios and an index of words for the
    shared-words rule.
    """

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.firsts: list[str] = []
        self._compact: list[str] = []
        self._words: list[frozenset[str]] = []
        self._with_word: dict[str, list[int]] = {}

    def find(self, norm: str) -> str | None:
        """The first wording of the earliest group alike to ``norm`` (rule 2), or None."""
        if not norm or not self.firsts:
            return None
        alike = self._above(norm, self.firsts, fuzz.token_sort_ratio)
        alike |= self._above(norm.replace(" ", ""), self._compact, fuzz.ratio)
        words = set(norm.split())
        alike[self._sharing_words(words)] = True
        for at in np.flatnonzero(alike):
            if not _swaps_a_code(words, self._words[at]):
                return self.firsts[at]
        return None

    def add(self, norm: str) -> None:
        """Start a group with ``norm`` as its first wording."""
        at = len(self.firsts)
        self.firsts.append(norm)
        self._compact.append(norm.replace(" ", ""))
        words = frozenset(norm.split())
        self._words.append(words)
        for word in words:
            self._with_word.setdefault(word, []).append(at)

    def _above(self, query: str, choices: list[str], scorer: Callable[..., float]) -> np.ndarray:
        scores = process.cdist(
            [query], choices, scorer=scorer, score_cutoff=self.threshold, dtype=np.float64
        )[0]
        return scores >= self.threshold

    def _sharing_words(self, words: set[str]) -> list[int]:
        """The groups whose words hold all of ``words`` or lie all in them (the smaller side >= 2)."""
        if len(words) < 2:
            return []
        shared: Counter[int] = Counter()
        for word in words:
            shared.update(self._with_word.get(word, ()))
        return [at for at, n in shared.items() if n == min(len(words), len(self._words[at])) and n >= 2]


class _ThesaurusIndex:
    """Rule 1 of the module docstring: the thesaurus concept a normalised skill names, if any.

    In this order: a wording's normalised or compact form; the same words in another order
    (``C-kørekort`` = ``kørekort C``) when only one concept has them; a near spelling of the
    wordings of one concept only (edit ratio of the compact forms >= 92, no code exchanged
    for another: :func:`_swaps_a_code`); a typo of one concept only (:class:`_TypoIndex`).
    """

    def __init__(self, thesaurus: Mapping[str, Sequence[str]]) -> None:
        self._exact = _index_thesaurus(thesaurus)
        self._near = list(self._exact)
        self._words: dict[str, frozenset[str]] = {}
        bags: dict[str, set[str]] = {}
        for key, wordings in thesaurus.items():
            for wording in wordings:
                norm = normalise_skill(wording)
                words = frozenset(norm.split())
                self._words.setdefault(norm, words)
                self._words.setdefault(norm.replace(" ", ""), words)
                bags.setdefault(_bag(norm), set()).add(key)
        self._by_bag = {bag: keys.pop() for bag, keys in bags.items() if len(keys) == 1}
        self._typos = _TypoIndex(thesaurus)

    def concept(self, norm: str) -> str | None:
        """The concept key that the normalised skill ``norm`` names, or None."""
        compact = norm.replace(" ", "")
        if not compact:
            return None
        key = self._exact.get(norm) or self._exact.get(compact) or self._by_bag.get(_bag(norm))
        if key is not None:
            return key
        words = set(norm.split())
        near = process.extract(
            compact, self._near, scorer=fuzz.ratio, score_cutoff=_THESAURUS_CUTOFF, limit=None
        )
        keys = {self._exact[w] for w, _, _ in near if not _swaps_a_code(words, self._words[w])}
        if len(keys) == 1:
            return keys.pop()
        return self._typos.concept(norm) if not keys else None


def _bag(norm: str) -> str:
    """A normalised skill's words in alphabetical order (word order aside)."""
    return " ".join(sorted(norm.split()))


class SkillMatcher:
    """Fuzzy skill matching with IDF weights learnt from a corpus of skill lists.

    Parameters
    ----------
    thesaurus
        Concept key -> the wordings of that concept (synonyms that a spelling comparison
        cannot relate). Default: none, so skills are only compared by spelling. The
        product's thesaurus comes from :func:`store.vocab.read_skill_thesaurus` through
        the service; the concept key itself is an identifier, not a wording.
    threshold
        rapidfuzz similarity (0–100) at which two spellings outside the thesaurus count
        as one skill.

    Attributes
    ----------
    idf_ : dict of str to float
        Smoothed inverse document frequency of each concept of the corpus
        (``log((1 + n) / (1 + df)) + 1``); a concept never seen weighs as the rarest.
    n_documents_ : int
        Number of skill lists in the corpus.
    """

    def __init__(
        self, *, thesaurus: Mapping[str, Sequence[str]] | None = None, threshold: float = 90.0
    ) -> None:
        given = dict(thesaurus or {})
        self._index = _ThesaurusIndex(given)
        self.thesaurus = {str(k): tuple(v) for k, v in given.items()}
        self.threshold = threshold
        self._groups = _Groups(threshold)
        self._concept: dict[str, str] = {}
        self._raw: dict[str, str] = {}
        self.idf_: dict[str, float] = {}
        self.n_documents_ = 0

    def __getstate__(self) -> dict[str, object]:
        """What a pickle keeps: the parameters and what was learnt, not the indexes built from them."""
        state = {k: v for k, v in self.__dict__.items() if k not in _DERIVED}
        state["_unknown"] = list(self._groups.firsts)
        return state

    def __setstate__(self, state: Mapping[str, object]) -> None:
        """Restore a pickle (also one written before the indexes existed) and rebuild the indexes."""
        self.__dict__.update({k: v for k, v in state.items() if k not in _DERIVED and k != "_unknown"})
        self._index = _ThesaurusIndex(self.thesaurus)
        self._groups = _Groups(self.threshold)
        unknown = state.get("_unknown", [])
        for norm in unknown if isinstance(unknown, list) else []:
            self._groups.add(norm)

    # --- concepts ---------------------------------------------------------------------------

    def concept(self, skill: str) -> str:
        """The concept id of one written skill (``t:<key>`` thesaurus, ``u:<text>`` other)."""
        found = self._raw.get(skill)
        if found is None:
            norm = normalise_skill(skill)
            found = self._concept.get(norm)
            if found is None:
                found = self._resolve(norm)
                self._concept[norm] = found
            self._raw[skill] = found
        return found

    def _resolve(self, norm: str) -> str:
        key = self._index.concept(norm)
        if key is not None:
            return f"t:{key}"
        group = self._groups.find(norm)
        if group is None:
            self._groups.add(norm)
            group = norm
        return f"u:{group}"

    def concepts(self, skills: Iterable[str]) -> list[str]:
        """The concept ids of a list of written skills (same order, repeats kept)."""
        return [self.concept(s) for s in skills]

    # --- fitting and weights ----------------------------------------------------------------

    def fit(self, corpus: Iterable[str | Sequence[str]]) -> SkillMatcher:
        """Learn the corpus' concepts and their IDF weights; ``corpus`` holds cells or lists."""
        df: Counter[str] = Counter()
        n = 0
        cache: dict[str, frozenset[str]] = {}
        for doc in corpus:
            if isinstance(doc, str) or doc is None or (isinstance(doc, float) and math.isnan(doc)):
                cell = "" if doc is None or isinstance(doc, float) else doc
                found = cache.get(cell)
                if found is None:
                    found = frozenset(self.concepts(split_skills(cell)))
                    cache[cell] = found
            else:
                found = frozenset(self.concepts(doc))
            df.update(found)
            n += 1
        self.n_documents_ = n
        self.idf_ = {c: math.log((1 + n) / (1 + k)) + 1.0 for c, k in df.items()}
        return self

    def weight(self, concept: str) -> float:
        """The IDF weight of a concept id (unseen: as rare as possible)."""
        found = self.idf_.get(concept)
        return found if found is not None else math.log(1 + self.n_documents_) + 1.0

    # --- matching ---------------------------------------------------------------------------

    def match(self, required: Sequence[str], have: Sequence[str]) -> SkillMatch:
        """Which of ``required`` the skills ``have`` cover, and the IDF-weighted coverage."""
        have_by_concept: dict[str, str] = {}
        for skill in have:
            have_by_concept.setdefault(self.concept(skill), skill)
        matched: list[tuple[str, str]] = []
        missing: list[str] = []
        total = covered = 0.0
        seen: set[str] = set()
        for skill in required:
            concept = self.concept(skill)
            if concept in seen:
                continue
            seen.add(concept)
            w = self.weight(concept)
            total += w
            if concept in have_by_concept:
                matched.append((skill, have_by_concept[concept]))
                covered += w
            else:
                missing.append(skill)
        return SkillMatch(matched, missing, covered / total if total else 1.0)

    def teaches(self, offer_skills: Sequence[str], missing: Sequence[str]) -> list[str]:
        """The skills of ``missing`` (their wording, their order) that an offer teaches."""
        taught = {self.concept(s) for s in offer_skills}
        return [s for s in missing if self.concept(s) in taught]

    # --- arrays for the feature builder -----------------------------------------------------

    def vocabulary(self) -> list[str]:
        """The fitted concept ids, sorted (the columns of :meth:`indicator`)."""
        return sorted(self.idf_)

    def indicator(self, cells: Sequence[object], vocabulary: Sequence[str]) -> np.ndarray:
        """A boolean (len(cells), len(vocabulary)) matrix: which concepts each cell lists.

        Concepts outside ``vocabulary`` are ignored.
        """
        column = {c: j for j, c in enumerate(vocabulary)}
        out = np.zeros((len(cells), len(vocabulary)), dtype=bool)
        cache: dict[str, list[int]] = {}
        for i, cell in enumerate(cells):
            key = "" if cell is None or isinstance(cell, float) else str(cell)
            cols = cache.get(key)
            if cols is None:
                cols = sorted({column[c] for c in self.concepts(split_skills(key)) if c in column})
                cache[key] = cols
            out[i, cols] = True
        return out
