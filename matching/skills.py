"""Skills as people write them: normalise, split, match fuzzily, weight rare skills more.

Skills are free text (``"svejsning (MIG/MAG)"``, ``"MIG-svejsning"``, ``"Truckkort"``,
``"truckcertifikat (B)"``). Two skills are the same *concept* when

1. both normalise to wordings of one thesaurus concept (a thesaurus: concept key ->
   Danish synonyms that share no spelling, e.g. ``Truckkort`` = ``truckcertifikat``,
   ``Busførerkort`` = ``kørekort D``); a text that is a near spelling of a thesaurus
   wording (compact edit ratio >= 92) counts as that wording; two *different* thesaurus
   concepts never match however alike they are spelled (``TIG-svejsning`` is not
   ``MIG-svejsning``); or
2. neither is in the thesaurus and they are alike as word bags (rapidfuzz
   ``token_sort_ratio`` >= ``threshold`` on the normalised words, or the edit ratio of the
   compact forms, or one's words (at least two) all appear in the other).

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from matching import text as tx

#: Words that carry no meaning of their own in a skill ("kørekort kat. B").
_SKILL_STOPWORDS = tx.STOPWORDS | {"kat"}
_THESAURUS_CUTOFF = 92.0


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


def _similar(a: str, b: str, threshold: float) -> bool:
    """Rule 2 of the module docstring, for two normalised texts outside the thesaurus."""
    if not a or not b:
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
        self._variant = _index_thesaurus(given)
        self.thesaurus = {str(k): tuple(v) for k, v in given.items()}
        self.threshold = threshold
        self._variant_keys = list(self._variant)
        self._concept: dict[str, str] = {}
        self._raw: dict[str, str] = {}
        self._unknown: list[str] = []
        self.idf_: dict[str, float] = {}
        self.n_documents_ = 0

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
        compact = norm.replace(" ", "")
        key = self._variant.get(norm) or self._variant.get(compact)
        if key is None and compact:
            best = process.extractOne(
                compact, self._variant_keys, scorer=fuzz.ratio, score_cutoff=_THESAURUS_CUTOFF
            )
            key = self._variant[best[0]] if best is not None else None
        if key is not None:
            return f"t:{key}"
        for other in self._unknown:
            if _similar(norm, other, self.threshold):
                return f"u:{other}"
        self._unknown.append(norm)
        return f"u:{norm}"

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
