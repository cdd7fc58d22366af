"""Reference data: official boundaries and the ESCO taxonomy.

Each file is looked for, in this order:

1. in ``settings.data_dir`` (``LKSMATCH_DATA_DIR``) when that is set — a missing
   or corrupt file there is an error, never silently replaced by a download;
2. in the cache folder ``settings.cache_dir``, verified against its SHA-256;
3. downloaded from its pinned URL, verified, and moved into the cache atomically.

A wrong checksum, a truncated download or no network raises
:class:`~lksmatch.errors.ReferenceDataError` (CLI exit code 2), and never leaves a
bad file in the cache. This module is the only place that reads these files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from lksmatch.config import Settings
from lksmatch.errors import ReferenceDataError

_BOUNDARY_BASE = (
    "https://raw.githubusercontent.com/magnuslarsen/geoJSON-Danish-Municipalities/"
    "3a3d918f9c193687aedd0dde7ebf0787edf43af7"
)
_ESCO_BASE = (
    "https://raw.githubusercontent.com/tabiya-tech/tabiya-open-dataset/"
    "815c85d4be9b059c927156d2819e41e904d1d442/tabiya-esco-v1.1.1/csv"
)
_MELO_BASE = (
    "https://raw.githubusercontent.com/Avature/melo-benchmark/"
    "014982fef0abf5149b16e75b1043bd286ae4c98f/data/processed/melo/dnk_q_da_c_da"
)

#: How long one download may stall before it is given up (seconds).
DOWNLOAD_TIMEOUT = 60.0


@dataclass(frozen=True)
class RefFile:
    """One pinned reference file: where it lives under the data folder, its URL and checksum."""

    name: str
    url: str
    sha256: str


MUNICIPALITIES = RefFile(
    "boundaries/dk_municipalities.geojson",
    f"{_BOUNDARY_BASE}/municipalities/municipalities.geojson",
    "34f92f5d17fc14508aec2ccdd48337030fb6a96bba67fcc8740f4d168c526556",
)
POSTAL_CODES = RefFile(
    "boundaries/dk_postal_codes.geojson",
    f"{_BOUNDARY_BASE}/postal_codes/postal_codes.geojson",
    "c9b1494fe3de8ecc29d2f14ff90cba1f49c0d1bfb390a8b9fdeaaa24b55204cf",
)
ESCO_OCCUPATIONS = RefFile(
    "taxonomy/esco_occupations.csv",
    f"{_ESCO_BASE}/occupations.csv",
    "718ccf04f9a70d874a96a5df3c33395fe9bf4a7a1a871139f9d238faddd3c2ae",
)
ESCO_ISCO_GROUPS = RefFile(
    "taxonomy/esco_iscogroups.csv",
    f"{_ESCO_BASE}/ISCOGroups.csv",
    "6ca40e42d88b1a019ae8646b07485e91c48a283f9a3e5a4a0a5e3a221d523e24",
)
ESCO_HIERARCHY = RefFile(
    "taxonomy/esco_occupations_hierarchy.csv",
    f"{_ESCO_BASE}/occupations_hierarchy.csv",
    "077355f3996b53a6ba1220612a65f4ba45941ba1352acaaf3bdc09481243b6e7",
)
#: The Danish labels are derived: joined from two MELO files (see :func:`_build_danish_labels`).
ESCO_LABELS_DA = RefFile(
    "taxonomy/esco_labels_da.tsv",
    "",
    "8492a20c5201cbbe0d5547a80afd033e9f97b24b32ab9840127ca0c7bc140e8b",
)
MELO_ELEMENTS = RefFile(
    "taxonomy/melo_corpus_elements.tsv",
    f"{_MELO_BASE}/corpus_elements.tsv",
    "0d03f11b95d638c8fb40751a2f77a716dc22461163e12ded482b3587a0c068ba",
)
MELO_MAPPING = RefFile(
    "taxonomy/melo_concept_mapping.tsv",
    f"{_MELO_BASE}/concept_mapping.tsv",
    "4adc135da3231d909d57249a82c7277338e6f2fe30fbc1e7cc44fd23431e070e",
)

REFERENCE_FILES: Mapping[str, RefFile] = {
    f.name: f
    for f in (
        MUNICIPALITIES,
        POSTAL_CODES,
        ESCO_OCCUPATIONS,
        ESCO_ISCO_GROUPS,
        ESCO_HIERARCHY,
        ESCO_LABELS_DA,
    )
}


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(ref: RefFile, dest: Path, *, url: str | None = None, timeout: float = DOWNLOAD_TIMEOUT) -> Path:
    """Download ``ref`` to ``dest``, verify its SHA-256, and only then move it into place.

    The bytes go to a temporary file in the destination folder first; a failed or
    corrupt download removes it, so ``dest`` is either absent or verified.
    """
    source = url or ref.url
    if not source.startswith(("https://", "http://")):
        raise ReferenceDataError(f"{ref.name}: no download URL (got {source!r})")
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        expected_length: int | None = None
        received = 0
        with os.fdopen(fd, "wb") as out:
            try:
                with urllib.request.urlopen(source, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
                    length = response.headers.get("Content-Length")
                    expected_length = int(length) if length and length.isdigit() else None
                    for block in iter(lambda: response.read(1 << 16), b""):
                        digest.update(block)
                        out.write(block)
                        received += len(block)
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                raise ReferenceDataError(
                    f"could not download {ref.name} from {source}: {exc}. "
                    "Without network access, set LKSMATCH_DATA_DIR to a folder that holds the files."
                ) from exc
        if expected_length is not None and received != expected_length:
            raise ReferenceDataError(
                f"download of {ref.name} from {source} was truncated: "
                f"{received} of {expected_length} bytes received"
            )
        actual = digest.hexdigest()
        if actual != ref.sha256:
            raise ReferenceDataError(
                f"download of {ref.name} from {source} has SHA-256 {actual}, expected {ref.sha256}; "
                "the file was not kept"
            )
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def _build_danish_labels(settings: Settings, dest: Path, urls: Mapping[str, str] | None) -> None:
    """Derive ``esco_labels_da.tsv`` from the two MELO files, as SOURCES.md describes.

    Element ids end in ``_da_NNN`` where NNN is the label index; the files have no
    header and labels contain quote characters, so they are read without quoting.
    """
    urls = urls or {}
    elements_path = settings.cache_dir / MELO_ELEMENTS.name
    mapping_path = settings.cache_dir / MELO_MAPPING.name
    for ref, path in ((MELO_ELEMENTS, elements_path), (MELO_MAPPING, mapping_path)):
        if not (path.exists() and sha256_of(path) == ref.sha256):
            download(ref, path, url=urls.get(ref.name))
    labels = dict(_read_tsv_pairs(elements_path))
    rows = []
    for element_id, concept_uri in _read_tsv_pairs(mapping_path):
        if element_id not in labels:
            continue
        index = element_id.rsplit("_", 1)[-1]
        kind = "isco_group" if "/isco/" in concept_uri else "occupation"
        rows.append((concept_uri, kind, int(index) if index.isdigit() else 0, labels[element_id]))
    rows.sort(key=lambda r: (r[1] != "isco_group", r[0], r[2]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
    writer.writerow(["concept_uri", "kind", "label_index", "label"])
    writer.writerows(rows)
    fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=dest.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(buffer.getvalue())
    os.replace(tmp_name, dest)


def _read_tsv_pairs(path: Path) -> list[tuple[str, str]]:
    pairs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                pairs.append((parts[0], parts[1]))
    return pairs


def locate(ref: RefFile, settings: Settings, *, urls: Mapping[str, str] | None = None) -> Path:
    """Return the path of a verified copy of ``ref``: data folder, else cache, else download.

    ``urls`` maps a file name to another download URL (a mirror; the tests use a
    loopback server).
    """
    if settings.data_dir is not None:
        path = settings.data_dir / ref.name
        if not path.is_file():
            raise ReferenceDataError(
                f"LKSMATCH_DATA_DIR is {settings.data_dir} but it has no {ref.name}; "
                "unset LKSMATCH_DATA_DIR to download the reference data, or copy the file there"
            )
        actual = sha256_of(path)
        if actual != ref.sha256:
            raise ReferenceDataError(
                f"{path} has SHA-256 {actual}, expected {ref.sha256}: the file is not the pinned version"
            )
        return path
    path = settings.cache_dir / ref.name
    if path.is_file():
        if sha256_of(path) == ref.sha256:
            return path
        path.unlink()  # a stale or damaged cache entry is replaced, never used
    path.parent.mkdir(parents=True, exist_ok=True)
    if ref is ESCO_LABELS_DA or ref.name == ESCO_LABELS_DA.name:
        _build_danish_labels(settings, path, urls)
        actual = sha256_of(path)
        if actual != ref.sha256:
            path.unlink()
            raise ReferenceDataError(
                f"the Danish labels derived from the MELO files have SHA-256 {actual}, "
                f"expected {ref.sha256}; the file was not kept"
            )
        return path
    return download(ref, path, url=(urls or {}).get(ref.name))


def require_present(settings: Settings, *refs: RefFile) -> None:
    """Raise as :func:`locate` does when ``settings.data_dir`` is set but lacks one of ``refs``.

    For a caller that has what it needs from these files already (the prepared geography's cache):
    a data folder that is wrongly configured is still said, without reading the files again.
    """
    if settings.data_dir is None:
        return
    for ref in refs:
        if not (settings.data_dir / ref.name).is_file():
            raise ReferenceDataError(
                f"LKSMATCH_DATA_DIR is {settings.data_dir} but it has no {ref.name}; "
                "unset LKSMATCH_DATA_DIR to download the reference data, or copy the file there"
            )


def local_folder(settings: Settings) -> Path | None:
    """The folder that already holds every reference file, without downloading anything.

    ``settings.data_dir`` when it is set and holds every file (their checksums are verified
    when read), else ``settings.cache_dir`` when every file there is a verified copy, else
    ``None``. The tests use this: they never download.
    """
    if settings.data_dir is not None:
        complete = all((settings.data_dir / name).is_file() for name in REFERENCE_FILES)
        return settings.data_dir if complete else None
    for name, ref in REFERENCE_FILES.items():
        path = settings.cache_dir / name
        if not path.is_file() or sha256_of(path) != ref.sha256:
            return None
    return settings.cache_dir


def ensure_all(settings: Settings, *, urls: Mapping[str, str] | None = None) -> dict[str, Path]:
    """Make every reference file available (used by ``lksmatch demo`` and the set-up)."""
    return {name: locate(ref, settings, urls=urls) for name, ref in REFERENCE_FILES.items()}


# --- readers: the only code that opens these files --------------------------------------------


def read_municipalities(settings: Settings) -> gpd.GeoDataFrame:
    """The national municipality file as published (many features per municipality, 3-D)."""
    return _read_geojson(locate(MUNICIPALITIES, settings), {"lau_1", "label_dk", "iso_3166_2"})


def read_postal_codes(settings: Settings) -> gpd.GeoDataFrame:
    """The national postal-code file as published."""
    return _read_geojson(locate(POSTAL_CODES, settings), {"postal_code", "label_dk"})


def _read_geojson(path: Path, required: set[str]) -> gpd.GeoDataFrame:
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise ReferenceDataError(f"cannot read {path}: {exc}") from exc
    missing = required - set(frame.columns)
    if missing:
        raise ReferenceDataError(f"{path} lacks the properties {sorted(missing)}")
    for column in required:
        frame[column] = frame[column].astype("string")
    return frame


def read_esco_occupations(settings: Settings) -> pd.DataFrame:
    """ESCO occupations (English), one row per occupation; cells contain newlines."""
    return pd.read_csv(locate(ESCO_OCCUPATIONS, settings), dtype=str, keep_default_na=False)


def read_esco_isco_groups(settings: Settings) -> pd.DataFrame:
    """ISCO-08 groups (1 to 4 digits) as published by ESCO."""
    return pd.read_csv(locate(ESCO_ISCO_GROUPS, settings), dtype=str, keep_default_na=False)


def read_esco_hierarchy(settings: Settings) -> pd.DataFrame:
    """Parent/child links between ISCO groups and ESCO occupations."""
    return pd.read_csv(locate(ESCO_HIERARCHY, settings), dtype=str, keep_default_na=False)


def read_esco_labels_da(settings: Settings) -> pd.DataFrame:
    """Danish labels: ``concept_uri``, ``kind``, ``label_index`` (int), ``label``."""
    frame = pd.read_csv(
        locate(ESCO_LABELS_DA, settings),
        sep="\t",
        dtype={"concept_uri": str, "kind": str, "label": str},
        quoting=csv.QUOTE_NONE,
        keep_default_na=False,
    )
    frame["label_index"] = frame["label_index"].astype(int)
    return frame


def read_lks_table(path: Path) -> pd.DataFrame:
    """Read ``lks.csv`` as text, keeping each row's line number in the file (column ``line``)."""
    if not path.is_file():
        raise ReferenceDataError(f"the LKS table {path} does not exist")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ReferenceDataError(f"cannot read the LKS table {path}: {exc}") from exc
    frame.insert(0, "line", range(2, len(frame) + 2))
    return frame
