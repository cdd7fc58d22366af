"""Where the tests find the reference data: ``LKSMATCH_DATA_DIR`` or the verified cache, never a download."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lksmatch.config import load_settings
from store.refdata import local_folder


def reference_data_dir() -> Path:
    """The folder holding the reference data (``LKSMATCH_DATA_DIR`` or the verified cache).

    Skips the calling test when there is none - or fails it under CI (``CI=true``).
    """
    settings = load_settings()
    folder = local_folder(settings)
    if folder is None:
        where = f"LKSMATCH_DATA_DIR={settings.data_dir}" if settings.data_dir else str(settings.cache_dir)
        message = (
            f"no reference data in {where}: run `lksmatch data fetch` (make test does) "
            "or set LKSMATCH_DATA_DIR to a folder that holds it (e.g. ../shared/data)"
        )
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return folder
