"""The ESCO taxonomy files turned into the label table the occupation index is built from."""

from __future__ import annotations

import pandas as pd

from lksmatch.errors import ValidationError
from matching import text as tx


def require(frame: pd.DataFrame, name: str, columns: list[str]) -> None:
    """:class:`ValidationError` naming the columns ``frame`` (the table ``name``) lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValidationError(f"`{name}` lacks the columns {missing}; it has {list(frame.columns)}")

def normalise_uri(value: str) -> str:
    """An ESCO URI in one spelling: ``http://``, no trailing slash."""
    value = value.strip()
    if value.startswith("https://"):
        value = "http://" + value[len("https://") :]
    return value.rstrip("/")


def collect_labels(
    concepts: pd.DataFrame, occupations: pd.DataFrame, isco_groups: pd.DataFrame, labels_da: pd.DataFrame
) -> pd.DataFrame:
    """One row per distinct (concept, language, folded label).

    Columns ``concept_uri, lang, rank, preferred, text``.
    """
    rows: list[tuple[str, str, int, bool, str]] = []
    for frame in (occupations, isco_groups):
        alts = frame["ALTLABELS"] if "ALTLABELS" in frame.columns else pd.Series("", index=frame.index)
        for uri, pref, alt in zip(frame["ORIGINURI"], frame["PREFERREDLABEL"], alts, strict=True):
            rows.append((str(uri), "en", 0, True, str(pref).strip()))
            for i, label in enumerate(str(alt).split("\n"), start=1):
                rows.append((str(uri), "en", i, False, label.strip()))
    known = set(concepts["concept_uri"])
    for uri, index, label in zip(
        labels_da["concept_uri"], labels_da["label_index"], labels_da["label"], strict=True
    ):
        if uri in known:
            rows.append((str(uri), "da", int(index), int(index) == 0, str(label).strip()))
    labels = pd.DataFrame(rows, columns=["concept_uri", "lang", "rank", "preferred", "text"])
    labels = labels[labels["text"] != ""]
    key = labels["text"].map(tx.fold)
    labels = labels[key != ""].assign(key=key[key != ""])
    labels = labels.sort_values(["concept_uri", "lang", "rank"]).drop_duplicates(
        ["concept_uri", "lang", "key"]
    )
    return labels.drop(columns="key").reset_index(drop=True)


def fill_codes_from_hierarchy(
    occupations: pd.DataFrame, isco_groups: pd.DataFrame, hierarchy: pd.DataFrame, codes: pd.Series
) -> pd.Series:
    """Fill empty ISCO codes from the nearest ISCO group ancestor in the hierarchy."""
    require(hierarchy, "hierarchy", ["PARENTID", "CHILDID"])
    if "ID" not in occupations.columns or "ID" not in isco_groups.columns:
        return codes
    parent = dict(zip(hierarchy["CHILDID"], hierarchy["PARENTID"], strict=True))
    group_code = dict(zip(isco_groups["ID"], isco_groups["CODE"].astype(str), strict=True))
    occ_code = dict(zip(occupations["ID"], codes, strict=True))
    filled = codes.copy()
    for i, (key, code) in enumerate(zip(occupations["ID"], codes, strict=True)):
        node, seen = key, 0
        while not code and node in parent and seen < 20:
            node, seen = parent[node], seen + 1
            code = group_code.get(node) or occ_code.get(node, "")
        filled.iat[i] = code
    return filled
