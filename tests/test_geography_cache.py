"""The prepared geography is cached on disk (serving issue): keyed by the reference files' pinned
checksums and the LKS table, used instead of the reference files, rebuilt when a key part changes
or an entry is damaged, and never required (a cache that cannot be written is no error)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from reference import reference_data_dir

from lksmatch.config import DEFAULT_LKS_TABLE, Settings
from lksmatch.errors import ReferenceDataError
from lksmatch.geography import build_geography, cache_key


def _unreadable_data(tmp_path: Path) -> Path:
    """A data folder whose boundary files are there but are not the pinned ones: reading them fails."""
    folder = tmp_path / "wrong-reference-data"
    for name in ("boundaries/dk_municipalities.geojson", "boundaries/dk_postal_codes.geojson"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("{}", encoding="utf-8")
    return folder


def _settings(tmp_path: Path, **changes: object) -> Settings:
    base = Settings(data_dir=reference_data_dir(), cache_dir=tmp_path / "cache", lks_table=DEFAULT_LKS_TABLE)
    return dataclasses.replace(base, **changes)


def test_a_cached_geography_is_the_same_and_needs_no_reference_files(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    fresh = build_geography(settings)
    entry = settings.cache_dir / "geography" / cache_key(settings)
    assert sorted(p.name for p in entry.iterdir()) == ["geography.pickle"]
    wrong = _unreadable_data(tmp_path)
    cached = build_geography(dataclasses.replace(settings, data_dir=wrong))  # would raise if it read them
    pd.testing.assert_frame_equal(pd.DataFrame(cached.municipalities), pd.DataFrame(fresh.municipalities))
    pd.testing.assert_frame_equal(pd.DataFrame(cached.postal_areas), pd.DataFrame(fresh.postal_areas))
    pd.testing.assert_frame_equal(pd.DataFrame(cached.lks_areas), pd.DataFrame(fresh.lks_areas))
    rows = pd.DataFrame(
        {"lat": [56.16, 56.45, 55.1], "lon": [10.2, 9.4, 12.0], "postal_code": [None, None, "8000"]}
    )
    pd.testing.assert_frame_equal(cached.assigner.assign(rows), fresh.assigner.assign(rows))


def test_another_lks_table_is_another_entry(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    build_geography(settings)
    table = tmp_path / "lks.csv"
    table.write_text(DEFAULT_LKS_TABLE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    other = dataclasses.replace(settings, lks_table=table, data_dir=_unreadable_data(tmp_path))
    assert cache_key(other) != cache_key(settings)
    with pytest.raises(ReferenceDataError, match="SHA-256"):  # not cached: it reads the (wrong) files
        build_geography(other)


def test_a_damaged_entry_is_rebuilt_and_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    build_geography(settings)
    entry = settings.cache_dir / "geography" / cache_key(settings)
    (entry / "geography.pickle").write_bytes(b"not a pickle")
    again = build_geography(settings)
    assert len(again.municipalities) > 90
    wrong = _unreadable_data(tmp_path)
    assert len(build_geography(dataclasses.replace(settings, data_dir=wrong)).region) == 19  # cached again
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    uncached = build_geography(dataclasses.replace(settings, cache_dir=blocked))
    assert len(uncached.region) == 19


def test_a_data_folder_without_the_files_is_still_said_when_the_cache_has_them(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    build_geography(settings)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ReferenceDataError, match="LKSMATCH_DATA_DIR"):
        build_geography(dataclasses.replace(settings, data_dir=empty))


def test_assign_from_the_cache_loads_neither_the_database_nor_the_matching_stack(tmp_path: Path) -> None:
    """`lksmatch assign` imports only what placing needs: no SQLAlchemy, no schema, no scikit-learn,
    and - with the point index in the cache - no scipy.
    """
    import os
    import subprocess
    import sys

    table = tmp_path / "in.csv"
    table.write_text("id,lat,lon\n1,56.16,10.2\n2,56.5,11.5\n", encoding="utf-8")
    env = {**os.environ, "LKSMATCH_DATA_DIR": str(reference_data_dir()), "LKSMATCH_CACHE_DIR": str(tmp_path)}
    script = (
        "import sys\nfrom lksmatch.cli import main\n"
        f"code = main(['assign', {str(table)!r}, '--out', {str(tmp_path / 'out.csv')!r}])\n"
        "names = {m.split('.')[0] for m in sys.modules}\n"
        "heavy = sorted(names & {'sqlalchemy', 'alembic', 'sklearn', 'scipy'})\n"
        "print(code, ','.join(heavy) or '-', 'store.models' in sys.modules)\n"
    )
    first = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert first.stdout.split()[-3:] == ["0", "scipy", "False"]  # the index is built (scipy) and cached
    again = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert again.stdout.split()[-3:] == ["0", "-", "False"]
    assert (
        (tmp_path / "out.csv").read_text(encoding="utf-8-sig").splitlines()[1].startswith("1,56.16,10.2,751,")
    )
