"""Occupation understanding: map an ISCO code, an ESCO URI or a free job title to ESCO concepts.

:class:`OccupationIndex` is built once from the raw taxonomy frames (as returned by the
``store.refdata`` readers) and answers :meth:`OccupationIndex.resolve` for one text and
:meth:`OccupationIndex.match_many` for a batch. Codes and URIs are looked up; free
titles, Danish or English, are scored against every label (Danish and English,
preferred and alternative) of every ESCO occupation and ISCO-08 group:

- label level: character 2–4-gram TF-IDF cosine of the folded text (case, ``æøå``/
  ``aa``/``ae``/``oe``, hyphens, abbreviations such as ``sosu`` — see
  :mod:`matching.text`), a small boost for preferred labels, and a penalty when the
  title contains a whole short label ("tekniker" inside "tekniker inden for
  atomreaktorer"); a concept takes its best label's score;
- concept level, on a word channel of stems, compound parts
  (``byggemarkedssælger`` → ``byggemarked`` + ``sælger``) and head classes
  (``medarbejder`` ~ ``assistent``): the cosine with all the concept's labels
  together, the share of the title's words found anywhere in them, and the
  similarity of the title's words *translated to English* with the concept's English
  labels (the translation table is learnt from ESCO itself: Danish and English labels
  of the same concept are a parallel corpus);
- hierarchy: each concept is pulled towards the best concept of its ISCO-08 unit
  group, so the siblings of a strong match rank next; a title that equals a label
  puts that label's concepts first.

``benchmarks/occupations.py`` measures it against a character n-gram baseline.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from lksmatch.errors import Problem, ValidationError
from matching import text as tx
from matching.taxonomy import collect_labels, fill_codes_from_hierarchy, normalise_uri, require

ISCO_URI_PREFIX = "http://data.europa.eu/esco/isco/C"
RESULT_COLUMNS = ["rank", "concept_uri", "label", "score", "isco_code"]
MATCH_COLUMNS = ["id", "rank", "concept_uri", "label", "score"]

_DIGITS = re.compile(r"^\d{1,6}$")
_ISCO_C = re.compile(r"^[cC](\d{1,4})$")
_ESCO_CODE = re.compile(r"^\d{4}(\.\d+)+$")
_CHUNK = 128
#: At most this many answers of :meth:`OccupationIndex.best_many` are kept.
_BEST_CACHE_SIZE = 200_000
_NOTHING = ("", "", "")


@dataclass(frozen=True)
class ScoringParams:
    """Weights of the free-text scorer (the defaults were chosen on the benchmark)."""

    label_cover_weight: float = 0.2
    """Penalty for a label that the title contains entirely (short generic labels such as "tekniker")."""
    bag_weight: float = 0.1
    """Word TF-IDF cosine between the title and all of a concept's labels taken together."""
    cover_weight: float = 0.12
    """Share of the title's words (IDF-weighted) found anywhere in the concept's labels."""
    translation_weight: float = 0.3
    """Similarity of the title's words, translated to English, with the concept's English labels."""
    sibling_weight: float = 0.3
    """How far a concept is pulled towards the best concept of its ISCO-08 unit group."""
    preferred_boost: float = 0.03
    """Added to a preferred label's character similarity."""
    group_weight: float = 0.8
    """Factor on ISCO-08 groups' scores: an occupation is the more useful answer."""
    min_score: float = 0.2
    """Concepts scoring below this are not returned."""
    min_dice: float = 0.2
    """Smallest Dice coefficient of a Danish/English word pair kept in the translation table."""


def isco_distance(a: str, b: str) -> int:
    """Distance of two ISCO-08 codes in the hierarchy.

    0 = same 4-digit unit group, 1 = same 3-digit minor group, 2 = same 2-digit
    sub-major group, 3 = same major group, 4 = otherwise (or a code is empty). A code
    may also be an ISCO group URI (``…/isco/C7223``). Shorter codes are compared on the
    digits they have.
    """
    x, y = _code_of(a), _code_of(b)
    if not x or not y:
        return 4
    common = 0
    for cx, cy in zip(x[:4], y[:4], strict=False):
        if cx != cy:
            break
        common += 1
    return 4 - common


def _code_of(value: str) -> str:
    value = (value or "").strip()
    if value.startswith(ISCO_URI_PREFIX):
        value = value[len(ISCO_URI_PREFIX) :]
    return value if value.isdigit() else ""


class OccupationIndex:
    """Ranked ESCO occupations and ISCO-08 groups for codes, URIs and job titles."""

    def __init__(
        self,
        concepts: pd.DataFrame,
        labels: pd.DataFrame,
        params: ScoringParams,
    ) -> None:
        """Build from prepared tables; use :meth:`from_taxonomy` instead."""
        self.params = params
        self.concepts = concepts.reset_index(drop=True)
        self._uri_pos = {uri: i for i, uri in enumerate(self.concepts["concept_uri"])}
        self._code_to_uri = dict(zip(self.concepts["esco_code"], self.concepts["concept_uri"], strict=True))
        self._code_to_uri.pop("", None)
        self._best: dict[str, tuple[str, str, str]] = {}
        self._build(labels)

    # --- construction ---------------------------------------------------------------------------

    @classmethod
    def from_taxonomy(
        cls,
        occupations: pd.DataFrame,
        isco_groups: pd.DataFrame,
        labels_da: pd.DataFrame,
        hierarchy: pd.DataFrame | None = None,
        *,
        params: ScoringParams | None = None,
    ) -> OccupationIndex:
        """Build the index from the raw ESCO frames (``store.refdata`` readers).

        Danish labels of concepts that are in neither English file are dropped (they
        have no ISCO code). ``hierarchy`` fills the ISCO code of an occupation whose
        ``ISCOGROUPCODE`` is empty, from its nearest ISCO group ancestor.
        """
        require(occupations, "occupations", ["ORIGINURI", "ISCOGROUPCODE", "PREFERREDLABEL", "ALTLABELS"])
        require(isco_groups, "isco_groups", ["ORIGINURI", "CODE", "PREFERREDLABEL"])
        require(labels_da, "labels_da", ["concept_uri", "label_index", "label"])
        occ_codes = occupations["ISCOGROUPCODE"].astype(str).str.strip()
        if hierarchy is not None and (occ_codes == "").any():
            occ_codes = fill_codes_from_hierarchy(occupations, isco_groups, hierarchy, occ_codes)
        concepts = pd.concat(
            [
                pd.DataFrame(
                    {
                        "concept_uri": occupations["ORIGINURI"].astype(str),
                        "kind": "occupation",
                        "isco_code": occ_codes,
                        "esco_code": occupations.get("CODE", pd.Series("", index=occupations.index)).astype(
                            str
                        ),
                        "label_en": occupations["PREFERREDLABEL"].astype(str).str.strip(),
                    }
                ),
                pd.DataFrame(
                    {
                        "concept_uri": isco_groups["ORIGINURI"].astype(str),
                        "kind": "isco_group",
                        "isco_code": isco_groups["CODE"].astype(str).str.strip(),
                        "esco_code": "",
                        "label_en": isco_groups["PREFERREDLABEL"].astype(str).str.strip(),
                    }
                ),
            ],
            ignore_index=True,
        ).drop_duplicates("concept_uri")
        labels = collect_labels(concepts, occupations, isco_groups, labels_da)
        concepts = concepts[concepts["concept_uri"].isin(labels["concept_uri"])]
        da_pref = labels[(labels["lang"] == "da") & labels["preferred"]].drop_duplicates("concept_uri")
        concepts = concepts.merge(
            da_pref[["concept_uri", "text"]].rename(columns={"text": "label_da"}),
            on="concept_uri",
            how="left",
        )
        concepts["label"] = concepts["label_da"].fillna(concepts["label_en"])
        concepts.loc[concepts["label"] == "", "label"] = concepts["label_en"]
        # Unit-group key: occupations and their 4-digit group share one; other groups stand alone.
        four = concepts["isco_code"].str.len() == 4
        concepts["group_key"] = np.where(four, concepts["isco_code"], "g" + concepts["isco_code"])
        concepts = concepts.sort_values(["group_key", "kind", "concept_uri"]).reset_index(drop=True)
        concepts = concepts[
            ["concept_uri", "kind", "isco_code", "esco_code", "label", "label_en", "group_key"]
        ]
        return cls(concepts, labels, params or ScoringParams())

    def _build(self, labels: pd.DataFrame) -> None:
        pos = labels["concept_uri"].map(self._uri_pos)
        labels = labels.assign(concept=pos).dropna(subset=["concept"])
        labels = labels.assign(concept=labels["concept"].astype(int)).sort_values(["concept", "lang", "rank"])
        self.labels = labels.reset_index(drop=True)
        p = self.params
        folded = [tx.expand(t) for t in self.labels["text"]]
        english = (self.labels["lang"] == "en").to_numpy()
        exact: dict[str, list[int]] = {}
        preferred: dict[str, list[int]] = {}
        for key, concept, pref in zip(folded, self.labels["concept"], self.labels["preferred"], strict=True):
            exact.setdefault(key, []).append(int(concept))
            if pref:
                preferred.setdefault(key, []).append(int(concept))
        self._exact = {key: np.unique(np.asarray(found)) for key, found in exact.items()}
        self._exact_preferred = {key: np.unique(np.asarray(found)) for key, found in preferred.items()}
        self._decompounder = tx.Decompounder(
            w for t, en in zip(folded, english, strict=True) if not en for w in t.split()
        )
        # Character channel: one row per label.
        self._char = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, dtype=np.float32
        )
        self._char_t = sp.csr_matrix(self._char.fit_transform(folded).T)
        # Word channel: stems, compound parts and head classes.
        self._word = TfidfVectorizer(analyzer=self._word_features, sublinear_tf=True, dtype=np.float32)
        words = self._word.fit_transform(folded).tocsr()
        self._word_t = sp.csr_matrix(words.T)
        self._idf = self._word.idf_.astype(np.float32)
        present = (words > 0).astype(np.float32)
        label_idf = present.multiply(self._idf).tocsr()
        label_mass = np.asarray(label_idf.sum(axis=1)).ravel()
        label_mass[label_mass == 0] = 1.0
        self._label_cover_t = sp.csr_matrix(sp.diags(1.0 / label_mass) @ label_idf).T.tocsr()
        concept_of_label = self.labels["concept"].to_numpy()
        n_concepts = len(self.concepts)

        def members(mask: np.ndarray) -> sp.csr_matrix:
            rows = np.flatnonzero(mask)
            return sp.csr_matrix(
                (np.ones(len(rows), dtype=np.float32), (concept_of_label[rows], rows)),
                shape=(n_concepts, len(concept_of_label)),
            )

        every = members(np.ones(len(english), dtype=bool))
        self._bag_t = _row_normalise(every @ words).T.tocsr()
        self._vocab_t = sp.csr_matrix(((every @ present) > 0).astype(np.float32).T)
        self._translate = _translation_table(
            members(~english) @ present, members(english) @ present, p.min_dice
        )
        self._translate = sp.csr_matrix(self._translate.multiply(self._idf[None, :]))
        self._english = english
        keys = self.concepts["group_key"].to_numpy()
        self._group_starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        self._group_of = np.repeat(
            np.arange(len(self._group_starts)), np.diff(np.r_[self._group_starts, len(keys)])
        )
        self._label_starts = np.flatnonzero(np.r_[True, np.diff(concept_of_label) != 0])
        self._preferred = self.labels["preferred"].to_numpy(dtype=bool)
        self._is_group = (self.concepts["kind"] == "isco_group").to_numpy(dtype=np.float32)[None, :]
        self._label_count = np.log1p(np.diff(np.r_[self._label_starts, len(concept_of_label)])).astype(
            np.float32
        )[None, :]
        self._set_weights()

    def _set_weights(self) -> None:
        """Derive the per-label and per-concept weight vectors from :attr:`params`."""
        p = self.params
        self._label_bonus = np.where(self.labels["preferred"], p.preferred_boost, 0.0).astype(np.float32)
        self._concept_weight = np.where(self.concepts["kind"] == "isco_group", p.group_weight, 1.0).astype(
            np.float32
        )
        self._scale = 1.0 + p.preferred_boost + p.bag_weight + p.cover_weight + p.translation_weight

    def with_params(self, **changes: float) -> OccupationIndex:
        """A copy that scores with other weights (not ``min_dice``, which is fixed at build time).

        The matrices are shared, so this is cheap; the benchmark uses it for ablations.
        """
        if "min_dice" in changes:
            raise ValidationError(
                "`min_dice` is fixed when the index is built; use from_taxonomy(params=...)"
            )
        other = copy.copy(self)
        other._best = {}
        other.params = replace(self.params, **changes)
        other._set_weights()
        return other

    def _word_features(self, folded: str) -> list[str]:
        """Word-channel features of a folded text: stems, compound-part stems and head classes."""
        out: list[str] = []
        for token in folded.split():
            if token in tx.STOPWORDS:
                continue
            whole = tx.stem(token)
            out.append(whole)
            parts = self._decompounder.split(token) if token.isalpha() else (token,)
            if len(parts) > 1:
                out.extend(tx.stem(part) for part in parts)
            head_class = tx.HEAD_CLASSES.get(whole) or tx.HEAD_CLASSES.get(tx.stem(parts[-1]))
            if head_class:
                out.append(head_class)
        return out

    # --- queries -------------------------------------------------------------------------------

    def resolve(self, text: str, top: int = 10) -> pd.DataFrame:
        """Ranked concepts for one need's ``occupation`` value.

        An ISCO-08 code (1–4 digits; a 5–6 digit DISCO-08 code is cut to its ISCO-08 unit
        group) gives that group; an ESCO URI or ESCO occupation code (``7223.1``) gives
        that concept; anything else is a job title. Returns columns ``rank``,
        ``concept_uri``, ``label`` (Danish preferred label, else English), ``score`` (in
        [0, 1]: 1 for codes and URIs, at least 0.9 for a title that equals a label),
        ``isco_code``; an empty or meaningless title gives no rows.

        Raises
        ------
        ValidationError
            For a code or URI that is not in the taxonomy.
        """
        _check_top(top)
        exact, problem = self._lookup(text)
        if problem is not None:
            raise ValidationError(problem)
        if exact is not None:
            return self._frame([exact], [1.0])
        positions, scores = self._rank([text], top)[0]
        return self._frame(positions, scores)

    def match_many(self, ids: Sequence[str], titles: Sequence[str], top: int = 10) -> pd.DataFrame:
        """Ranked concepts for many titles: columns ``id``, ``rank``, ``concept_uri``, ``label``, ``score``.

        Every invalid code or URI is reported at once; problem rows are numbered as lines
        of a file with a header (the first title is line 2).
        """
        _check_top(top)
        if len(ids) != len(titles):
            raise ValidationError(f"`ids` has {len(ids)} values but `titles` has {len(titles)}")
        problems: list[Problem] = []
        results: list[tuple[list[int], list[float]]] = [([], [])] * len(titles)
        free: list[int] = []
        for i, title in enumerate(titles):
            exact, problem = self._lookup(title)
            if problem is not None:
                problems.append(Problem(i + 2, "title", problem, str(title)))
            elif exact is not None:
                results[i] = ([exact], [1.0])
            else:
                free.append(i)
        if problems:
            raise ValidationError(f"{len(problems)} occupation value(s) are not in the taxonomy", problems)
        for i, ranked in zip(free, self._rank([titles[i] for i in free], top), strict=True):
            results[i] = ranked
        frames = []
        for ident, (positions, scores) in zip(ids, results, strict=True):
            if positions:
                frame = self._frame(positions, scores)
                frame.insert(0, "id", ident)
                frames.append(frame[MATCH_COLUMNS])
        if not frames:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in MATCH_COLUMNS})
        return pd.concat(frames, ignore_index=True)

    def best_many(self, values: Sequence[object]) -> list[tuple[str, str, str]]:
        """``(isco_code, concept_uri, label)`` of the best concept for each value, as :meth:`resolve` ranks.

        ``("", "", "")`` for an empty value, one that names nothing, or a code or URI that is
        not in the taxonomy (no error: this is for preparing whole tables). Free titles are
        scored in batches, and every answer is kept for the life of the index (it never
        changes), so preparing the same needs again after an import costs only the new
        titles.
        """
        texts = [_as_text(v) for v in values]
        todo = list(dict.fromkeys(t for t in texts if t and t not in self._best))
        free: list[str] = []
        for text in todo:
            exact, problem = self._lookup(text)
            if problem is not None:
                self._remember(text, None)
            elif exact is not None:
                self._remember(text, exact)
            else:
                free.append(text)
        for text, (positions, _) in zip(free, self._rank(free, 1), strict=True):
            self._remember(text, positions[0] if positions else None)
        return [self._best[t] if t else _NOTHING for t in texts]

    def _remember(self, text: str, position: int | None) -> None:
        if len(self._best) >= _BEST_CACHE_SIZE:
            self._best.clear()
        if position is None:
            self._best[text] = _NOTHING
            return
        row = self.concepts.iloc[position]
        self._best[text] = (str(row["isco_code"]), str(row["concept_uri"]), str(row["label"]))

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Raw free-text scores, queries × :attr:`concepts` rows (for evaluation; no threshold)."""
        out = [
            self._score([tx.expand(str(t)) for t in texts[i : i + _CHUNK]])
            for i in range(0, len(texts), _CHUNK)
        ]
        return np.vstack(out) if out else np.zeros((0, len(self.concepts)), dtype=np.float32)

    def isco_of(self, concept: str) -> str:
        """The ISCO-08 code of an ESCO occupation or ISCO group URI (or of an ISCO code itself)."""
        value = concept.strip()
        if _DIGITS.match(value):
            return value[:4]
        pos = self._uri_pos.get(normalise_uri(value))
        if pos is None:
            raise ValidationError(
                f"`concept` was {concept!r} but it is not an ESCO occupation or ISCO-08 group URI"
            )
        return str(self.concepts.at[pos, "isco_code"])

    def distance(self, a: str, b: str) -> int:
        """:func:`isco_distance` between two concepts given as URIs or ISCO codes."""
        return isco_distance(self.isco_of(a), self.isco_of(b))

    def __len__(self) -> int:
        return len(self.concepts)

    # --- internals -----------------------------------------------------------------------------

    def _lookup(self, raw: object) -> tuple[int | None, str | None]:
        """(position, None) for a code or URI, (None, message) for a bad one, (None, None) for a title."""
        value = str(raw if raw is not None else "").strip()
        if _DIGITS.match(value) or _ISCO_C.match(value):
            code = value.lstrip("cC")[:4]
            pos = self._uri_pos.get(ISCO_URI_PREFIX + code)
            if pos is None:
                return None, (
                    f"`occupation` was {value!r}: it looks like an ISCO-08/DISCO-08 code but "
                    f"ISCO-08 has no group {code!r} (expected 1–4 digits of an existing group, e.g. '7223')"
                )
            return pos, None
        if value.lower().startswith(("http://", "https://")):
            pos = self._uri_pos.get(normalise_uri(value))
            if pos is None:
                return None, (
                    f"`occupation` was {value!r}: not an ESCO occupation or ISCO-08 group URI "
                    "of the taxonomy in use (ESCO v1.1.1)"
                )
            return pos, None
        if _ESCO_CODE.match(value):
            uri = self._code_to_uri.get(value)
            if uri is None:
                return (
                    None,
                    f"`occupation` was {value!r}: it looks like an ESCO occupation code but there is none",
                )
            return self._uri_pos[uri], None
        return None, None

    def _rank(self, texts: Sequence[str], top: int) -> list[tuple[list[int], list[float]]]:
        out: list[tuple[list[int], list[float]]] = []
        for start in range(0, len(texts), _CHUNK):
            chunk = [tx.expand(str(t)) for t in texts[start : start + _CHUNK]]
            scores = self._score(chunk)
            for row, folded in zip(scores, chunk, strict=True):
                if not folded:
                    out.append(([], []))
                    continue
                k = min(top, len(row))
                best = np.argpartition(-row, k - 1)[:k]
                best = best[np.argsort(-row[best], kind="stable")]
                keep = best[row[best] >= self.params.min_score]
                out.append((keep.tolist(), [float(s) for s in row[keep]]))
        return out

    def _score(self, folded: list[str]) -> np.ndarray:
        """Concept scores (queries × concepts) for folded texts, in [0, 1].

        The weighted sum of :meth:`_linear`; then a title that equals a label puts that
        label's concepts first, those whose preferred label it is before the others.
        """
        concept, _ = self._linear(folded)
        for row, text in enumerate(folded):
            exact = self._exact.get(text)
            if exact is not None:  # a title that is a label: its concepts come first,
                concept[row, exact] = 0.9 + 0.05 * concept[row, exact]
                preferred = self._exact_preferred.get(text)
                if preferred is not None:  # and those whose preferred label it is lead them
                    concept[row, preferred] += 0.05
        return np.clip(concept, 0.0, 1.0)

    def _linear(
        self, folded: list[str], *, with_parts: bool = False
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The weighted score (without the exact-label rule) and, if asked, its parts per concept.

        The parts (queries × concepts each) are what ``benchmarks/occupations_rerank.py``
        feeds a learned reranker; they are only computed when asked for.
        """
        p = self.params
        q_char = self._char.transform(folded)
        q_word = self._word.transform(folded).tocsr()
        q_present = (q_word > 0).astype(np.float32)
        q_idf = q_present.multiply(self._idf).tocsr()
        q_mass = np.asarray(q_idf.sum(axis=1)).ravel()
        q_mass[q_mass == 0] = 1.0
        best = functools.partial(np.maximum.reduceat, indices=self._label_starts, axis=1)
        # Label level: character similarity, minus "the title contains this whole label".
        char = (q_char @ self._char_t).toarray()
        inside = (q_present @ self._label_cover_t).toarray()
        label = char + self._label_bonus * (char > 0) - p.label_cover_weight * inside
        concept = best(label)
        # Concept level: all labels together, coverage of the title, English translation.
        bag = (q_word @ self._bag_t).toarray()
        cover = (q_idf @ self._vocab_t).toarray() / q_mass[:, None]
        q_en = _row_normalise(q_present @ self._translate)
        translated = (q_en @ self._word_t).toarray()
        translated[:, ~self._english] = 0.0
        translation = best(translated)
        concept += p.bag_weight * bag + p.cover_weight * cover + p.translation_weight * translation
        concept *= self._concept_weight / self._scale
        if p.sibling_weight:
            best_in_group = np.maximum.reduceat(concept, self._group_starts, axis=1)[:, self._group_of]
            concept += p.sibling_weight * (best_in_group - concept)
        if not with_parts:
            return concept, {}
        english = self._english[None, :]
        parts = {
            "char": best(char),
            "char_da": best(np.where(english, 0.0, char)),
            "char_en": best(np.where(english, char, 0.0)),
            "char_preferred": best(np.where(self._preferred[None, :], char, 0.0)),
            "label_inside": best(inside),
            "word_label": best((q_word @ self._word_t).toarray()),
            "bag": bag,
            "cover": cover,
            "translation": translation,
            "group_best": np.maximum.reduceat(concept, self._group_starts, axis=1)[:, self._group_of],
            "is_group": np.broadcast_to(self._is_group, concept.shape),
            "labels": np.broadcast_to(self._label_count, concept.shape),
            "words": np.broadcast_to(
                np.array([len(t.split()) for t in folded], dtype=np.float32)[:, None], concept.shape
            ),
        }
        return concept, parts

    def _frame(self, positions: Sequence[int], scores: Sequence[float]) -> pd.DataFrame:
        rows = self.concepts.iloc[list(positions)]
        return pd.DataFrame(
            {
                "rank": np.arange(1, len(rows) + 1, dtype=np.int64),
                "concept_uri": rows["concept_uri"].to_numpy(),
                "label": rows["label"].to_numpy(),
                "score": np.round(np.asarray(scores, dtype=float), 4),
                "isco_code": rows["isco_code"].to_numpy(),
            },
            columns=RESULT_COLUMNS,
        )


def _as_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _row_normalise(matrix: sp.spmatrix) -> sp.csr_matrix:
    """Scale each row of a sparse matrix to unit L2 norm (zero rows stay zero)."""
    matrix = sp.csr_matrix(matrix, dtype=np.float32)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags((1.0 / norms).astype(np.float32)) @ matrix)


def _translation_table(danish: sp.spmatrix, english: sp.spmatrix, min_dice: float) -> sp.csr_matrix:
    """Word × word Dice coefficients between Danish and English words of the same concepts.

    ``danish`` and ``english`` are concept × word counts from each language's labels;
    a pair needs at least two shared concepts and ``min_dice``. ESCO's two label sets
    are a parallel corpus: this is how ``svejser`` learns ``welder``.
    """
    da = (danish > 0).astype(np.float32).tocsc()
    en = (english > 0).astype(np.float32).tocsc()
    both = (da.T @ en).tocoo()
    n_da = np.asarray(da.sum(axis=0)).ravel()
    n_en = np.asarray(en.sum(axis=0)).ravel()
    dice = 2.0 * both.data / (n_da[both.row] + n_en[both.col])
    keep = (both.data >= 2) & (dice >= min_dice)
    return sp.csr_matrix((dice[keep], (both.row[keep], both.col[keep])), shape=both.shape, dtype=np.float32)


def _check_top(top: int) -> None:
    if not isinstance(top, int) or isinstance(top, bool) or top < 1:
        raise ValidationError(f"`top` was {top!r} but is expected to be a positive integer")
