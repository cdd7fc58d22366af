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
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
from pyproj import Transformer

from geo import cells
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
#: A distance no point placed by the 2 km rule can have: it stands for the row's own in a note.
_DISTANCE_MARK = 123_456_789.0
#: A postal code as written: 4 digits, possibly as a number from a spreadsheet ("8000.0").
_POSTAL_INPUT = re.compile(r"(\d{4})(?:\.0+)?")


def _note(key: str, **values: object) -> str:
    return NOTES[key].format(**values)


def _danish_int(value: float) -> str:
    """``1234.4`` -> ``"1.234"`` (Danish thousands separator)."""
    return f"{round(value):,}".replace(",", ".")


def _parse_coordinate(value: object, name: str, low: float, high: float, notes: list[str]) -> float:
    """A coordinate as float, NaN (with a note) when missing, malformed or out of range."""
    text = cells.text_of(value)
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
    locator
        The point index over ``municipalities``, when it is already built (a cache); by
        default it is built on first use.
    """

    def __init__(
        self,
        municipalities: gpd.GeoDataFrame,
        lks_table: pd.DataFrame,
        postal_shares: pd.DataFrame,
        *,
        cell_size: float = DEFAULT_CELL_SIZE,
        locator: GridLocator | None = None,
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
        if locator is not None and (
            locator.cell_size != cell_size or len(locator.geoms) != len(municipalities)
        ):
            raise ValueError(
                f"`locator` has {len(locator.geoms)} polygons in cells of {locator.cell_size} m; expected "
                f"the {len(municipalities)} municipalities in cells of {cell_size} m"
            )
        self._locator = locator
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
        n = len(frame)
        none = np.full(n, None, dtype=object)
        code_t, postal_t = (
            cells.stripped(frame[c].tolist()) if c in frame.columns else none
            for c in ("municipality_code", "postal_code")
        )
        raw_lat, no_lat, lat, lat_ok = cells.coordinates(frame.get("lat"), n, -90, 90)
        raw_lon, no_lon, lon, lon_ok = cells.coordinates(frame.get("lon"), n, -180, 180)
        code, code_ok = self._parse_codes(code_t)
        # a row whose input needs a note before it is placed takes the row-by-row path
        irregular = np.flatnonzero(~(code_ok & lat_ok & lon_ok & (no_lat == no_lon)))
        rows = [
            self._parse_row(code_t[i], cells.text_of(raw_lat[i]), cells.text_of(raw_lon[i]), postal_t[i])
            for i in irregular.tolist()
        ]
        lat[irregular] = [r.lat for r in rows]
        lon[irregular] = [r.lon for r in rows]
        point_code, point_dist = self._place_points(lat, lon)
        result = np.empty((n, len(OUTPUT_COLUMNS)), dtype=object)
        regular = np.ones(n, dtype=bool)
        regular[irregular] = False
        result[regular] = self._decide_regular(
            code[regular],
            lat[regular],
            lon[regular],
            postal_t[regular],
            point_code[regular],
            point_dist[regular],
        )
        for i, row in zip(irregular, rows, strict=True):
            result[i] = self._decide(row, point_code[i], point_dist[i])
        out = frame.copy()
        for k, column in enumerate(OUTPUT_COLUMNS):
            out[column] = pd.Series(result[:, k], index=frame.index, dtype=object)
        return out

    def _parse_codes(
        self, texts: npt.NDArray[np.object_]
    ) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.bool_]]:
        """The canonical code per row (``None`` when none is usable) and whether it needs no note."""
        seen: dict[object, tuple[str | None, bool]] = {None: (None, True)}
        for text in dict.fromkeys(texts.tolist()):
            if text not in seen:
                code = normalise_municipality_code(text)
                seen[text] = (code, True) if code in self._names else (None, False)
        parsed = [seen[t] for t in texts.tolist()]
        return (
            np.array([p[0] for p in parsed], dtype=object),
            np.fromiter((p[1] for p in parsed), dtype=bool, count=len(parsed)),
        )

    def _parse_row(
        self, code_t: str | None, lat_t: str | None, lon_t: str | None, postal_t: str | None
    ) -> _Row:
        """One row's input, with a note for every value that cannot be used (the row-by-row path)."""
        row = _Row(given_code=code_t, postal=postal_t)
        if code_t is not None:
            code = normalise_municipality_code(code_t)
            if code is None:
                row.notes.append(_note("code_malformed", value=code_t))
            elif code not in self._names:
                row.notes.append(_note("code_unknown", value=code_t))
            else:
                row.code = code
        row.lat = _parse_coordinate(lat_t, "lat", -90, 90, row.notes)
        row.lon = _parse_coordinate(lon_t, "lon", -180, 180, row.notes)
        if (lat_t is None) != (lon_t is None):
            row.notes.append(_note("coord_missing", name="lon" if lat_t is not None else "lat"))
            row.lat = row.lon = float("nan")
        return row

    def _place_points(
        self, lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.float64]]:
        """Code per row from its coordinates (``""`` none) and distance (0 inside, NaN none)."""
        codes = np.full(len(lat), "", dtype=object)
        dist = np.full(len(lat), np.nan)
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

    def _decide_regular(
        self,
        code: npt.NDArray[np.object_],
        lat: npt.NDArray[np.float64],
        lon: npt.NDArray[np.float64],
        postal: npt.NDArray[np.object_],
        point_code: npt.NDArray[np.object_],
        point_dist: npt.NDArray[np.float64],
    ) -> npt.NDArray[np.object_]:
        """:meth:`_decide` for the rows whose input needed no note, run once per distinct outcome.

        Such a row's outcome depends only on its code, whether it has a point, the code its point
        placed it in and whether it lies in it (when no code did), whether lat/lon look swapped
        and the postal code (when neither code nor point placed it): the rows are grouped by
        those, and the rule of :meth:`_decide` runs on the first row of each group. A point placed
        in the nearest municipality is decided with :data:`_DISTANCE_MARK` for its distance, and
        each row's note then gets its own.
        """
        n = len(code)
        if n == 0:
            return np.empty((0, len(OUTPUT_COLUMNS)), dtype=object)
        has_code = code != None  # noqa: E711
        has_point = np.isfinite(lat) & np.isfinite(lon)
        by_point = ~has_code & has_point & (point_code != "")
        by_postal = ~has_code & ~by_point
        dist = np.where(by_point, point_dist, 0.0)
        swapped = by_postal & has_point & (lat >= 8) & (lat <= 16) & (lon >= 54) & (lon <= 58)
        group = cells.group_of(
            np.where(has_code, code, ""),  # "": none (a stripped text is never empty)
            has_point,
            np.where(by_postal | (has_code & ~has_point), "", point_code),
            dist > 0,
            swapped,
            np.where(by_postal & (postal != None), postal, ""),  # noqa: E711 - "": none
        )
        first = np.full(group.max() + 1, -1)
        first[group[::-1]] = np.arange(n)[::-1]  # the first row of each group
        outcomes = np.empty((len(first), len(OUTPUT_COLUMNS)), dtype=object)
        for g, i in enumerate(first):
            row = _Row(code=code[i], given_code=code[i], lat=lat[i], lon=lon[i], postal=postal[i])
            outcomes[g] = self._decide(row, point_code[i], _DISTANCE_MARK if dist[i] > 0 else point_dist[i])
        result = outcomes[group]
        near = np.flatnonzero(dist > 0)  # each says its own distance where the group's note has the mark
        mark, column = _danish_int(_DISTANCE_MARK), OUTPUT_COLUMNS.index("assign_note")
        result[near, column] = [
            note.replace(mark, _danish_int(d))
            for note, d in zip(result[near, column], dist[near], strict=True)
        ]
        return result

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
