"""Model artifacts: the fitted ranking pipeline, persisted with joblib beside its metadata.

A model file is only loaded when its SHA-256 matches the one written next to it, and
when the scikit-learn version that wrote it is the one installed (a pickle from another
version may load and then predict wrongly). The metadata is also kept as readable JSON.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import joblib
import sklearn

from lksmatch.errors import ReferenceDataError

MODEL_FILE = "ranker.joblib"
META_FILE = "ranker.json"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save_model(model: Any, metadata: dict[str, Any], folder: Path) -> Path:
    """Write ``model`` and ``metadata`` to ``folder`` atomically; return the model path."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        joblib.dump(model, tmp, compress=3)
        meta = {**metadata, "artifact_sha256": _sha256(tmp), "sklearn_version": sklearn.__version__}
        meta_tmp = folder / f".{META_FILE}.part"
        meta_tmp.write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
        os.replace(tmp, folder / MODEL_FILE)
        os.replace(meta_tmp, folder / META_FILE)
    finally:
        tmp.unlink(missing_ok=True)
    return folder / MODEL_FILE


def load_metadata(folder: Path) -> dict[str, Any] | None:
    """The metadata of the saved model, or ``None`` when no model was trained yet."""
    path = folder / META_FILE
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_model(folder: Path) -> Any | None:
    """The saved model, or ``None`` when none exists; a damaged or foreign file is an error."""
    meta = load_metadata(folder)
    path = folder / MODEL_FILE
    if meta is None or not path.is_file():
        return None
    if _sha256(path) != meta.get("artifact_sha256"):
        raise ReferenceDataError(
            f"{path} does not match its checksum in {META_FILE}; run `lksmatch train` again"
        )
    if meta.get("sklearn_version") != sklearn.__version__:
        raise ReferenceDataError(
            f"{path} was written by scikit-learn {meta.get('sklearn_version')} but {sklearn.__version__} "
            "is installed; run `lksmatch train` again"
        )
    return joblib.load(path)  # noqa: S301 (our own artifact, checksum verified above)
