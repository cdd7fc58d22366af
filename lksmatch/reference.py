"""The reference-data half of the service: places, boundaries and occupations, no database.

:class:`ReferenceService` holds the use cases that need only the pinned reference data -
placing companies in their municipality and LKS (``lksmatch assign``), the map's
boundaries, ESCO occupations (``lksmatch occupations match``), fetching the reference files
- and the one file writer. :class:`lksmatch.service.Service` is one (it adds the database);
a command that needs no database builds only this (:func:`build_reference_service`), so it
starts without importing SQLAlchemy, the schema or the matching stack.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from lksmatch.config import Settings
from lksmatch.errors import UsageError
from lksmatch.geography import Geography, build_geography
from store import files, refdata, tabular

if TYPE_CHECKING:  # the occupation index loads when first used: `assign` does not need it
    from matching.occupations import OccupationIndex

__all__ = ["AssignSummary", "ReferenceService", "build_reference_service"]


@dataclass(frozen=True)
class AssignSummary:
    """What ``assign`` did: rows read and how many were placed by each method."""

    rows: int
    by_method: dict[str, int]
    outside_region: int


class ReferenceService:
    """Use cases over the reference data alone (see the module documentation)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.RLock()

    # --- reference data ---------------------------------------------------------------------

    @cached_property
    def geography(self) -> Geography:
        """Boundaries, LKS areas and the assigner (loaded on first use, then kept)."""
        with self._lock:
            return build_geography(self.settings)

    def boundaries_geojson(self, level: str) -> bytes:
        """The simplified boundaries of ``level`` for the web map (aggregate geography, no person data)."""
        return self.geography.web_boundaries(level)

    def ensure_reference_data(self) -> dict[str, Path]:
        """Make every reference file available locally (download and verify when needed)."""
        return refdata.ensure_all(self.settings)

    def municipality_names(self) -> dict[str, str]:
        """Kommunekode -> name, for every Danish municipality."""
        frame = self.geography.municipalities
        return dict(zip(frame["municipality_code"].astype(str), frame["municipality_name"].astype(str),
                        strict=True))

    def occupation_of(self, values: list[str]) -> list[tuple[str, str, str]]:
        """``(isco_code, concept_uri, label)`` of the occupation each need's value names (empty when none)."""
        return self.occupations.best_many(values)

    def occupation_suggestions(self, title: str, *, top: int = 8) -> pd.DataFrame:
        """ESCO occupations for a typed job title, best first (``concept_uri, label, score``)."""
        result = self.occupations.match_many(["q"], [title], top=top)
        return result.drop(columns=["id"]).reset_index(drop=True)

    @cached_property
    def occupations(self) -> OccupationIndex:
        """The occupation index over ESCO and its Danish labels (built on first use)."""
        from matching.occupations import OccupationIndex

        with self._lock:
            return OccupationIndex.from_taxonomy(
                refdata.read_esco_occupations(self.settings),
                refdata.read_esco_isco_groups(self.settings),
                refdata.read_esco_labels_da(self.settings),
                refdata.read_esco_hierarchy(self.settings),
            )

    # --- files ------------------------------------------------------------------------------

    def write_table(self, frame: pd.DataFrame, out: Path) -> Path:
        """Write any table the product hands out as CSV or XLSX (by extension), formulas neutralised."""
        return files.write_table(frame, out)

    def write_text(self, text: str, out: Path) -> Path:
        """Write a text file (a JSON answer of ``lksmatch match``), atomically."""
        return files.write_text(text, out)

    def assign_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Place each row of ``frame`` in a municipality and LKS (see :class:`geo.assign.Assigner`)."""
        return self.geography.assigner.assign(frame)

    def assign_file(self, in_path: Path, out_path: Path) -> AssignSummary:
        """Read a company file, place every row, write the input columns plus the placement."""
        placed = self.assign_frame(tabular.read_table(in_path))
        files.write_table(placed, out_path)
        methods = placed["assign_method"].value_counts().to_dict()
        outside = int(((placed["lks_id"] == "") & (placed["municipality_code"] != "")).sum())
        return AssignSummary(
            rows=len(placed), by_method={str(k): int(v) for k, v in methods.items()}, outside_region=outside
        )

    def match_occupations_file(self, in_path: Path, out_path: Path, *, top: int = 5) -> int:
        """Rank ESCO concepts for each ``id, title`` row; write ``id, rank, concept_uri, label, score``."""
        frame = tabular.read_table(in_path)
        missing = [c for c in ("id", "title") if c not in frame.columns]
        if missing:
            raise UsageError(f"{in_path} lacks the column(s) {missing}; expected `id` and `title`")
        result = self.occupations.match_many(list(frame["id"]), list(frame["title"]), top=top)
        files.write_table(result, out_path)
        return len(result)


def build_reference_service(settings: Settings) -> ReferenceService:
    """The reference-data service for ``settings`` (for a command that needs no database)."""
    return ReferenceService(settings)
