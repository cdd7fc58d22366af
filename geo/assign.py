"""Place companies, people and offers in a municipality and an LKS area.

:class:`Assigner` implements the placement rules of the data contract:

1. a valid ``municipality_code`` wins (method ``code``); when ``lat``/``lon`` are
   given too and point elsewhere, the code is kept and the note says so;
2. else ``lat``/``lon`` (WGS84): the municipality containing the point (``point``);
   a point in the water within :data:`NEAREST_MAX_M` of a coast goes to the
   nearest municipality (``nearest``, the note gives the distance) — the
   1:500,000 coastline leaves many harbours in the sea; farther out, the point
   places nothing and the next rule is tried;
3. else ``postal_code``: the municipality with the largest share of the postal
   area's land (``postal``), noted when that share is below
   :data:`POSTAL_SHARE_NOTE_BELOW`;
4. else ``none``, and the note says why.

A place in another Danish municipality keeps that ``municipality_code`` with an
empty ``lks_id``. A malformed value (text in ``lat``, latitude 95, code 999, postal
code "abc") is a note on its row and the next rule is tried; it never stops the run.
All user-facing notes are Danish and live in :data:`NOTES`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
from pyproj import Transformer

from geo.boundaries import CRS_METRIC, CRS_WEB, PostalResolver
from geo.lks import normalise_municipality_code
from geo.locate import DEFAULT_CELL_SIZE, GridLocator
from lksmatch.errors import Problem, ValidationError

#: A point in the water this close to a municipality (metres, EPSG:25832) is placed in it.
NEAREST_MAX_M = 2000.0
#: A postal placement whose municipality holds less of the postal area than this is noted.
POSTAL_SHARE_NOTE_BELOW = 0.9
#: Columns used for placement, in order of precedence (lat and lon work as a pair).
PLACEMENT_COLUMNS = ("municipality_code", "lat", "lon", "postal_code")
#: Columns that :meth:`Assigner.assign` adds (or overwrites in place when present).
OUTPUT_COLUMNS = (
    "municipality_code",
    "municipality_name",
    "lks_id",
    "lks_name",
    "assign_method",
    "assign_note",
)
METHODS = ("code", "point", "nearest", "postal", "none")

#: Every user-facing note, in Danish. Placeholders are filled with :meth:`str.format`.
NOTES: dict[str, str] = {
    "code_malformed": "kode '{value}' er ikke en kommunekode",
    "code_unknown": "kode {value} er ikke en dansk kommunekode",
    "coord_malformed": "{name} '{value}' er ikke et tal",
    "coord_range": "{name} {value} ligger ikke mellem {low} og {high}",
    "coord_missing": "{name} mangler",
    "coord_swapped": "lat og lon ser ud til at være byttet om",
    "coord_far": "koordinaterne ligger ikke i en dansk kommune eller inden for {max_m} m af kysten",
    "coord_disagree": "koordinaterne peger på {code} {name}; kode {given} er brugt",
    "coord_disagree_far": "koordinaterne ligger ikke i Danmark; kode {given} er brugt",
    "nearest": "punktet ligger i vandet {distance} m fra {name}; placeret i nærmeste kommune",
    "postal_malformed": "postnummer '{value}' er ikke et 4-cifret postnummer",
    "postal_unknown": "postnummer {value} findes ikke",
    "postal_share": "kun {share} % af postnummer {value} ligger i {name}",
    "outside_region": "{code} {name} ligger uden for Region Midtjylland",
    "by_point": "placeret efter koordinater",
    "by_postal": "placeret efter postnummer",
    "nothing_given": "ingen kommunekode, koordinater eller postnummer",
    "not_placed": "kunne ikke placeres",
}
NOTE_SEPARATOR = "; "
#: A postal code as written: 4 digits, possibly as a number from a spreadsheet ("8000.0").
_POSTAL_INPUT = re.compile(r"(\d{4})(?:\.0+)?")


def _note(key: str, **values: object) -> str:
    return NOTES[key].format(**values)


def _danish_int(value: float) -> str:
    """``1234.4`` -> ``"1.234"`` (Danish thousands separator)."""
    return f"{round(value):,}".replace(",", ".")


def _text(value: object) -> str | None:
    """A cell as stripped text, ``None`` when empty or missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _parse_coordinate(value: object, name: str, low: float, high: float, notes: list[str]) -> float:
    """A coordinate as float, NaN (with a note) when missing, malformed or out of range."""
    text = _text(value)
    if text is None:
        return float("nan")
    candidate = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    try:
        number = float(candidate)
    except ValueError:
        notes.append(_note("coord_malformed", name=name, value=text))
        return float("nan")
    if not np.isfinite(number):
        notes.append(_note("coord_malformed", name=name, value=text))
        return float("nan")
    if not low <= number <= high:
        notes.append(_note("coord_range", name=name, value=text, low=int(low), high=int(high)))
        return float("nan")
    return number


@dataclass
class _Row:
    """Working state of one input row."""

    code: str | None = None  # valid municipality code from the input
    given_code: str | None = None  # the input code as text, for notes
    lat: float = float("nan")
    lon: float = float("nan")
    postal: str | None = None
    notes: list[str] = field(default_factory=list)


class Assigner:
    """Assign rows to a municipality and an LKS area (see the module docstring for the rules).

    Parameters
    ----------
    municipalities
        All Danish municipalities from :func:`geo.boundaries.clean_municipalities`
        (``municipality_code``, ``municipality_name``, ``region_iso``, geometry in
        :data:`~geo.boundaries.CRS_METRIC`).
    lks_table
        The validated LKS table (:func:`geo.lks.validate_lks_table`); a municipality
        not in it is outside the region (empty ``lks_id``).
    postal_shares
        :func:`geo.boundaries.postal_municipality_shares` of all postal areas.
    cell_size
        Cell size of the point index (see :class:`geo.locate.GridLocator`).
    """

    def __init__(
        self,
        municipalities: gpd.GeoDataFrame,
        lks_table: pd.DataFrame,
        postal_shares: pd.DataFrame,
        *,
        cell_size: float = DEFAULT_CELL_SIZE,
    ) -> None:
        if municipalities.crs is None or municipalities.crs != gpd.GeoSeries(crs=CRS_METRIC).crs:
            raise ValueError(
                f"`municipalities` is in {municipalities.crs} but is expected to be in {CRS_METRIC}"
            )
        for name, frame, required in (
            ("municipalities", municipalities, ("municipality_code", "municipality_name", "region_iso")),
            ("lks_table", lks_table, ("lks_id", "lks_name", "municipality_code")),
            ("postal_shares", postal_shares, ("postal_code", "municipality_code", "share")),
        ):
            missing = [c for c in required if c not in frame.columns]
            if missing:
                raise ValueError(f"`{name}` lacks the columns {missing}; expected {list(required)}")
        self.municipalities = municipalities.reset_index(drop=True)
        self.cell_size = cell_size
        self._codes = self.municipalities["municipality_code"].astype(str).to_numpy()
        self._codes_or_empty = np.append(self._codes, "")
        self._names = dict(
            zip(self._codes, self.municipalities["municipality_name"].astype(str), strict=True)
        )
        self._lks = {
            str(c): (str(i), str(n))
            for i, n, c in zip(
                lks_table["lks_id"], lks_table["lks_name"], lks_table["municipality_code"], strict=True
            )
        }
        ordered = postal_shares.sort_values(["postal_code", "share"], ascending=[True, False])
        best = ordered.drop_duplicates("postal_code")
        self._postal_best = {
            str(p): (str(c), float(s))
            for p, c, s in zip(best["postal_code"], best["municipality_code"], best["share"], strict=True)
        }
        self._postal = PostalResolver(list(self._postal_best))
        self._locator: GridLocator | None = None
        self._to_metric = Transformer.from_crs(CRS_WEB, CRS_METRIC, always_xy=True)

    # --- the point index -----------------------------------------------------------------------

    @property
    def locator(self) -> GridLocator:
        """The grid index over the municipalities, built on first use (about 0.1 s)."""
        if self._locator is None:
            self._locator = GridLocator(self.municipalities.geometry.to_numpy(), cell_size=self.cell_size)
        return self._locator

    def locate_xy(self, x: npt.ArrayLike, y: npt.ArrayLike) -> npt.NDArray[np.str_]:
        """Municipality code containing each point (EPSG:25832), ``""`` where none does.

        Exact point-in-polygon (a point on a border is in neither), the same answers
        as ``geopandas.sjoin(points, municipalities, predicate="within")``.
        """
        return self._codes_or_empty[self.locator.locate_xy(x, y)]

    def nearest_xy(
        self, x: npt.ArrayLike, y: npt.ArrayLike, max_distance: float = NEAREST_MAX_M
    ) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.float64]]:
        """Nearest municipality within ``max_distance`` m of points that are in none.

        Returns the codes (``""`` where none is that close) and the distances in metres.
        """
        index, distance = self.locator.nearest_xy(x, y, max_distance)
        return self._codes_or_empty[index], distance

    # --- assignment ----------------------------------------------------------------------------

    def assign(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Place every row of ``frame``; return a copy with the :data:`OUTPUT_COLUMNS`.

        Parameters
        ----------
        frame
            Any columns; those of :data:`PLACEMENT_COLUMNS` that are present are used
            (text or numbers; ``lat``/``lon`` in WGS84 degrees, a decimal comma is
            accepted). Extra columns are carried through unchanged.

        Returns
        -------
        DataFrame
            The input columns in their order and with their values, same index and
            row count, plus ``municipality_code`` (canonical 3-digit code of the
            municipality placed in, ``""`` when none), ``municipality_name``,
            ``lks_id`` and ``lks_name`` (``""`` outside the region), ``assign_method``
            (one of :data:`METHODS`) and ``assign_note`` (Danish, ``""`` when all is
            well). An output column already in the input is overwritten in place; an
            input code that was not used is named in the note.

        Raises
        ------
        ValidationError
            When ``frame`` has none of :data:`PLACEMENT_COLUMNS`.
        """
        present = [c for c in PLACEMENT_COLUMNS if c in frame.columns]
        if not present:
            raise ValidationError(
                f"the input has none of the columns used for placement; expected at least one of "
                f"{list(PLACEMENT_COLUMNS)}, got {[str(c) for c in frame.columns]}",
                [Problem(None, None, f"one of the columns {list(PLACEMENT_COLUMNS)} is required")],
            )
        rows = self._parse(frame)
        point_code, point_dist = self._place_points(rows)
        result = [
            self._decide(row, pc, pd_) for row, pc, pd_ in zip(rows, point_code, point_dist, strict=True)
        ]
        out = frame.copy()
        for k, column in enumerate(OUTPUT_COLUMNS):
            out[column] = pd.Series([r[k] for r in result], index=frame.index, dtype=object)
        return out

    def _parse(self, frame: pd.DataFrame) -> list[_Row]:
        n = len(frame)
        empty: Sequence[object] = [None] * n
        codes = frame["municipality_code"].tolist() if "municipality_code" in frame.columns else empty
        lats = frame["lat"].tolist() if "lat" in frame.columns else empty
        lons = frame["lon"].tolist() if "lon" in frame.columns else empty
        postals = frame["postal_code"].tolist() if "postal_code" in frame.columns else empty
        rows = []
        for raw_code, raw_lat, raw_lon, raw_postal in zip(codes, lats, lons, postals, strict=True):
            row = _Row(given_code=_text(raw_code), postal=_text(raw_postal))
            if row.given_code is not None:
                code = normalise_municipality_code(row.given_code)
                if code is None:
                    row.notes.append(_note("code_malformed", value=row.given_code))
                elif code not in self._names:
                    row.notes.append(_note("code_unknown", value=row.given_code))
                else:
                    row.code = code
            row.lat = _parse_coordinate(raw_lat, "lat", -90, 90, row.notes)
            row.lon = _parse_coordinate(raw_lon, "lon", -180, 180, row.notes)
            has_lat, has_lon = _text(raw_lat) is not None, _text(raw_lon) is not None
            if has_lat != has_lon:
                row.notes.append(_note("coord_missing", name="lon" if has_lat else "lat"))
                row.lat = row.lon = float("nan")
            rows.append(row)
        return rows

    def _place_points(self, rows: list[_Row]) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.float64]]:
        """Code per row from its coordinates (``""`` none) and distance (0 inside, NaN none)."""
        lat = np.array([r.lat for r in rows], dtype=np.float64)
        lon = np.array([r.lon for r in rows], dtype=np.float64)
        codes = np.full(len(rows), "", dtype=object)
        dist = np.full(len(rows), np.nan)
        valid = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
        if len(valid) == 0:
            return codes, dist
        x, y = self._to_metric.transform(lon[valid], lat[valid])
        x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
        inside = self.locate_xy(x, y)
        codes[valid] = inside
        dist[valid[inside != ""]] = 0.0
        out = np.flatnonzero(inside == "")
        if len(out):
            near, near_dist = self.nearest_xy(x[out], y[out], NEAREST_MAX_M)
            codes[valid[out]] = near
            dist[valid[out]] = np.where(near != "", near_dist, np.nan)
        return codes, dist

    def _decide(self, row: _Row, point_code: str, point_dist: float) -> tuple[str, str, str, str, str, str]:
        notes = row.notes
        has_point = np.isfinite(row.lat) and np.isfinite(row.lon)
        if row.code is not None:
            if has_point and point_code != row.code:
                if point_code:
                    notes.append(
                        _note("coord_disagree", code=point_code, name=self._names[point_code], given=row.code)
                    )
                else:
                    notes.append(_note("coord_disagree_far", given=row.code))
            return self._result(row.code, "code", notes)
        failed_before = bool(notes)
        if has_point:
            if point_code:
                if failed_before:
                    notes.append(_note("by_point"))
                if point_dist > 0:
                    notes.append(
                        _note("nearest", distance=_danish_int(point_dist), name=self._names[point_code])
                    )
                return self._result(point_code, "nearest" if point_dist > 0 else "point", notes)
            notes.append(_note("coord_far", max_m=_danish_int(NEAREST_MAX_M)))
            if 8 <= row.lat <= 16 and 54 <= row.lon <= 58:
                notes.append(_note("coord_swapped"))
        if row.postal is not None:
            match = _POSTAL_INPUT.fullmatch(row.postal)
            published = self._postal.resolve(match.group(1)) if match else None
            if match is None:
                notes.append(_note("postal_malformed", value=row.postal))
            elif published is None:
                notes.append(_note("postal_unknown", value=match.group(1)))
            else:
                code, share = self._postal_best[published]
                if notes:
                    notes.append(_note("by_postal"))
                if share < POSTAL_SHARE_NOTE_BELOW:
                    notes.append(
                        _note(
                            "postal_share",
                            share=round(100 * share),
                            value=match.group(1),
                            name=self._names[code],
                        )
                    )
                return self._result(code, "postal", notes)
        if not notes and row.given_code is None and row.postal is None and not has_point:
            notes.append(_note("nothing_given"))
        else:
            notes.append(_note("not_placed"))
        return "", "", "", "", "none", NOTE_SEPARATOR.join(notes)

    def _result(self, code: str, method: str, notes: list[str]) -> tuple[str, str, str, str, str, str]:
        lks_id, lks_name = self._lks.get(code, ("", ""))
        if not lks_id:
            notes.append(_note("outside_region", code=code, name=self._names[code]))
        return code, self._names[code], lks_id, lks_name, method, NOTE_SEPARATOR.join(notes)
