"""Occupations: the vocabulary's occupations tied to ESCO, and how users write them and their skills."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo import vocab_occupations, vocab_skills
from demo.wordings import skill_wordings
from lksmatch.errors import ReferenceDataError

#: ESCO Danish alternative labels that name a different job than the concept (never used as titles).
DA_ALT_DENY: frozenset[str] = frozenset(
    {
        "driftsleder på lager",
        "gørtler",
        "undervandssvejser",
        "elmontør",
        "kontordame",
        "svejser",
        "konditor",
        "bagermester",
        "køkkenchef i storkøkken",
        "repræsentant",
        "sundhedsplejerske",
        "børnesundhedsplejerske",
    }
)


@dataclass(frozen=True)
class OccupationTable:
    """The vocabulary's occupations with their ESCO URI, Danish labels and skill profile."""

    specs: tuple[vocab_occupations.Occupation, ...]
    isco: np.ndarray
    trade: np.ndarray
    level: np.ndarray
    forms: list[dict[str, list[str]]]
    skill_keys: list[str]
    skill_prob: np.ndarray
    """(occupations, skills): the chance that a person of the occupation has the skill."""

    @classmethod
    def build(cls, occupations: pd.DataFrame, labels_da: pd.DataFrame) -> OccupationTable:
        """The table of the ESCO occupations and their Danish labels (as :mod:`store.refdata` reads them)."""
        for name, frame, cols in (
            ("occupations", occupations, ["ORIGINURI", "ISCOGROUPCODE", "PREFERREDLABEL"]),
            ("labels_da", labels_da, ["concept_uri", "label_index", "label"]),
        ):
            missing = [c for c in cols if c not in frame.columns]
            if missing:
                raise ReferenceDataError(f"`{name}` lacks the columns {missing}; got {list(frame.columns)}")
        specs = vocab_occupations.OCCUPATIONS
        keys = list(vocab_skills.SKILLS)
        return cls(
            specs=specs,
            isco=np.array([int(s.isco) for s in specs]),
            trade=np.array([s.trade for s in specs]),
            level=np.array([s.level for s in specs]),
            forms=_forms(specs, occupations, labels_da),
            skill_keys=keys,
            skill_prob=_skill_prob(specs, keys),
        )

    def pick(self, trade: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """An occupation for each row, from the row's trade, by the vocabulary's weights."""
        out = np.empty(len(trade), dtype=int)
        for t in np.unique(trade):
            rows = np.flatnonzero(trade == t)
            ids = np.flatnonzero(self.trade == t)
            w = np.array([self.specs[i].weight for i in ids])
            out[rows] = rng.choice(ids, size=len(rows), p=w / w.sum())
        return out

    def write(
        self, occ: np.ndarray, mix: dict[str, float], rng: np.random.Generator, *, tag: float = 0.0
    ) -> list[str]:
        """The occupation as a user would write it: a code, a URI, a Danish or English title."""
        kinds = list(mix)
        kind = rng.choice(len(kinds), size=len(occ), p=np.array(list(mix.values())) / sum(mix.values()))
        u, case, extra = rng.random(len(occ)), rng.random(len(occ)), rng.random(len(occ))
        out = []
        for o, k, ui, ci, ei in zip(occ, kind, u, case, extra, strict=True):
            options = self.forms[o][kinds[k]] or self.forms[o]["da"]
            text = options[int(ui * len(options))]
            if kinds[k] in ("da", "da_alt", "da_own", "en"):
                text = text.lower() if ci < 0.2 else (text[:1].upper() + text[1:] if ci < 0.45 else text)
                if ei < tag:
                    text += " (m/k)"
            out.append(text)
        return out

    def write_skills(
        self, rows: np.ndarray, cols: np.ndarray, n: int, rng: np.random.Generator, *, mix: dict[str, float]
    ) -> list[str]:
        """Join the skills of each row (``rows``/``cols`` index a boolean matrix) as text.

        Each skill is written as :func:`demo.wordings.skill_wordings` draws it with the
        shares ``mix``.
        """
        order = np.lexsort((rng.random(len(rows)), rows))
        rows, cols = rows[order], cols[order]
        texts, _ = skill_wordings([self.skill_keys[c] for c in cols], rng, mix=mix)
        out = [""] * n
        bounds = np.searchsorted(rows, np.arange(n + 1))
        for i in range(n):
            if bounds[i + 1] > bounds[i]:
                out[i] = ";".join(texts[bounds[i] : bounds[i + 1]])
        return out


def _forms(
    specs: tuple[vocab_occupations.Occupation, ...], occupations: pd.DataFrame, labels_da: pd.DataFrame
) -> list[dict[str, list[str]]]:
    """The ways to write each occupation: ISCO code, ESCO URI, Danish and English titles."""
    uri_of = {
        (str(r.PREFERREDLABEL), str(r.ISCOGROUPCODE)): str(r.ORIGINURI)
        for r in occupations[["PREFERREDLABEL", "ISCOGROUPCODE", "ORIGINURI"]].itertuples()
    }
    labels = labels_da.sort_values(["concept_uri", "label_index"], kind="stable")
    by_uri = labels.groupby("concept_uri", sort=False)["label"].agg(list).to_dict()
    forms = []
    for spec in specs:
        uri = uri_of.get((spec.esco, spec.isco)) if spec.esco else None
        group = by_uri.get(f"http://data.europa.eu/esco/isco/C{spec.isco}", [])
        da = by_uri.get(uri, []) if uri else []
        pref = da[0] if da else spec.da[0]
        alts = [a for a in (da[1:] if da else group[:1]) if a.lower() not in DA_ALT_DENY]
        forms.append(
            {
                "code": [spec.isco],
                "uri": [uri] if uri else [spec.isco],
                "da": [pref],
                "da_alt": alts or [pref],
                "da_own": list(spec.da),
                "en": ([spec.esco] if uri and spec.esco else []) + list(spec.en),
            }
        )
    return forms


def _skill_prob(specs: tuple[vocab_occupations.Occupation, ...], keys: list[str]) -> np.ndarray:
    """(occupations, skills): the chance that a person of the occupation has the skill."""
    index = {k: i for i, k in enumerate(keys)}
    prob = np.full((len(specs), len(keys)), 0.0015)
    for i, spec in enumerate(specs):
        for other in specs:
            if other.trade == spec.trade:
                prob[i, [index[k] for k in other.skills]] = 0.1
        for k in vocab_skills.GENERAL_SKILLS:
            prob[i, index[k]] = max(prob[i, index[k]], 0.15)
        for pos, k in enumerate(spec.skills):
            prob[i, index[k]] = max(0.65 - 0.06 * pos, 0.3)
    return prob
