"""Model artifacts: the fitted ranking pipeline, persisted with joblib beside its metadata.

A folder holds the model (:data:`MODEL_FILE`, a joblib pickle) and its metadata
(:data:`META_FILE`, readable JSON with the model's SHA-256 and the scikit-learn version
that wrote it). A folder with neither file has never been trained: :func:`load_model`
returns ``None`` and the rule-based ranker is used. Anything else that is not a valid
model is a :class:`~lksmatch.errors.ModelFileError` naming the file and the problem:
metadata that is not a JSON object or lacks a field, a model without metadata or
metadata without a model, a checksum mismatch, another scikit-learn version (a pickle
from another version may load and then predict wrongly), bytes that do not unpickle,
or an object of another class than expected.

Saving is atomic per file and ordered: both files are written to temporary files in
the folder (flushed to disk), the model is renamed into place first, the metadata
second. So the metadata never names a model that is missing or older than itself; a
reader can only meet the new model beside the *previous* metadata (or, on the first
save, a model without metadata) for the instant between the two renames. The loader
reads the model's bytes once (the checksum and the unpickled object are of the same
bytes), and on such a torn pair waits briefly for the files to change and tries again;
a pair that stays torn is an error. Writers take an exclusive lock on
:data:`LOCK_FILE` (POSIX), so two trainings cannot interleave their renames.

The previous model is kept: a save first links (or, where the file system cannot, copies)
the current pair into :data:`PREVIOUS_DIR` inside the folder, with the same temporary files
and the same order of renames, and only then renames the new pair in; readers of the folder
itself never see a file go missing. :func:`restore_previous` swaps the two pairs under the
same lock, the current pair's model first, then its metadata (so a reader meets at most the
same short torn instant as during a save), after checking that the previous pair is whole
(its checksum, its scikit-learn version). :func:`load_metadata` of
:func:`previous_folder` describes the previous model.

:func:`model_stamp` is a cheap fingerprint (two ``stat`` calls) that changes with every
save and every switch back, for a server that reloads the model only when a new one was
trained or restored.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import joblib
import sklearn

from lksmatch.errors import ModelFileError, NotFoundError
from matching.model import TrainedModel

MODEL_FILE = "ranker.joblib"
META_FILE = "ranker.json"
#: Serialises writers (readers take no lock).
LOCK_FILE = ".ranker.lock"
#: The subfolder that keeps the model the last save replaced.
PREVIOUS_DIR = "previous"
#: Metadata fields a model cannot be loaded without.
REQUIRED_FIELDS = ("artifact_sha256", "sklearn_version")
#: How long a reader waits for a torn pair of files to change (a writer between its renames).
SETTLE_SECONDS = 0.25
_POLL_SECONDS = 0.01
#: Loads tried while the files keep changing under the reader.
_ATTEMPTS = 5
_RETRAIN = "run `lksmatch train` again"


class _TornFiles(ModelFileError):
    """The model and its metadata do not belong together (maybe a save is under way)."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (POSIX; a no-op elsewhere)."""
    if sys.platform == "win32":  # pragma: no cover - folders cannot be opened there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _writer_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder``'s :data:`LOCK_FILE` (POSIX; no lock elsewhere)."""
    if sys.platform == "win32":  # pragma: no cover
        yield
        return
    import fcntl

    with (folder / LOCK_FILE).open("a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _temp_file(folder: Path, name: str) -> Path:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
    os.close(fd)
    return Path(tmp_name)


def previous_folder(folder: Path) -> Path:
    """Where the model that the last save (or switch) replaced is kept: ``folder / PREVIOUS_DIR``."""
    return folder / PREVIOUS_DIR


def _stage_copy(source: Path, folder: Path, name: str) -> Path:
    """A temporary file in ``folder`` with the bytes of ``source``: a hard link, else a copy (flushed)."""
    tmp = _temp_file(folder, name)
    tmp.unlink()
    try:
        os.link(source, tmp)
    except OSError:  # a file system without hard links: copy the bytes
        shutil.copyfile(source, tmp)
        _fsync(tmp)
    return tmp


def _install_pair(model_src: Path, meta_src: Path, folder: Path) -> None:
    """Put the pair ``model_src``, ``meta_src`` (files anywhere on the same file system) in ``folder``.

    Each is staged as a temporary file in ``folder`` first; the model is renamed into place
    first, the metadata second (the order the module docstring promises readers).
    """
    folder.mkdir(parents=True, exist_ok=True)
    model_tmp = _stage_copy(model_src, folder, MODEL_FILE)
    try:
        meta_tmp = _stage_copy(meta_src, folder, META_FILE)
    except BaseException:
        model_tmp.unlink(missing_ok=True)
        raise
    try:
        os.replace(model_tmp, folder / MODEL_FILE)
        os.replace(meta_tmp, folder / META_FILE)
        _fsync_folder(folder)
    finally:
        model_tmp.unlink(missing_ok=True)
        meta_tmp.unlink(missing_ok=True)


def _keep_current(folder: Path) -> None:
    """Keep the current pair of ``folder`` as the previous one (nothing when there is no whole pair)."""
    if (folder / MODEL_FILE).is_file() and (folder / META_FILE).is_file():
        _install_pair(folder / MODEL_FILE, folder / META_FILE, previous_folder(folder))


def save_model(model: Any, metadata: dict[str, Any], folder: Path) -> Path:
    """Write ``model`` and ``metadata`` to ``folder``, each atomically, the model first.

    The model saved before (when there is one) is kept in :func:`previous_folder`, replacing the
    one kept there.

    Parameters
    ----------
    model
        The object to persist (joblib, compressed).
    metadata
        Written as JSON (values that JSON cannot hold as their ``str``), with
        ``artifact_sha256`` and ``sklearn_version`` added.
    folder
        Created when missing.

    Returns
    -------
    Path
        The model file. When anything fails, the current files are left as they were.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with _writer_lock(folder):
        model_tmp, meta_tmp = _temp_file(folder, MODEL_FILE), _temp_file(folder, META_FILE)
        try:
            joblib.dump(model, model_tmp, compress=3)
            _fsync(model_tmp)
            meta = {**metadata, "artifact_sha256": _sha256(model_tmp.read_bytes()),
                    "sklearn_version": sklearn.__version__}
            meta_tmp.write_text(json.dumps(meta, indent=2, default=str), encoding="utf-8")
            _fsync(meta_tmp)
            _keep_current(folder)
            os.replace(model_tmp, folder / MODEL_FILE)
            os.replace(meta_tmp, folder / META_FILE)
            _fsync_folder(folder)
        finally:
            model_tmp.unlink(missing_ok=True)
            meta_tmp.unlink(missing_ok=True)
    return folder / MODEL_FILE


def _check_whole(folder: Path) -> dict[str, Any]:
    """The metadata of the pair in ``folder`` after checking that its model matches it and can load here.

    Raises
    ------
    NotFoundError
        When ``folder`` holds no model.
    ModelFileError
        When the pair is torn or damaged, or was written by another scikit-learn version.
    """
    meta = load_metadata(folder)
    if meta is None:
        raise NotFoundError("there is no previous model to switch back to")
    path = folder / MODEL_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelFileError(f"{path} is missing but {META_FILE} describes a model") from None
    if _sha256(data) != meta["artifact_sha256"]:
        raise ModelFileError(f"{path} does not match its checksum in {META_FILE}")
    if meta["sklearn_version"] != sklearn.__version__:
        raise ModelFileError(
            f"{path} was written by scikit-learn {meta['sklearn_version']} but {sklearn.__version__} "
            "is installed"
        )
    return meta


def restore_previous(folder: Path) -> dict[str, Any]:
    """Make the previous model the current one again, and the current one the previous.

    Under the writers' lock: the previous pair is checked (checksum, scikit-learn version),
    both pairs are staged as temporary files, then the previous pair is renamed into
    ``folder`` (model first) and the replaced pair into :func:`previous_folder` (model first).
    :func:`model_stamp` changes, so every server reloads. A second call switches forward again.

    Returns
    -------
    dict
        The metadata of the model that is current now.

    Raises
    ------
    NotFoundError
        When no previous model is kept.
    ModelFileError
        When the previous pair is damaged or was written by another scikit-learn version
        (nothing is changed).
    """
    previous = previous_folder(folder)
    if not (previous / META_FILE).is_file() and not (previous / MODEL_FILE).is_file():
        raise NotFoundError("there is no previous model to switch back to")
    with _writer_lock(folder):
        meta = _check_whole(previous)
        current = (folder / MODEL_FILE).is_file() and (folder / META_FILE).is_file()
        if not current:  # nothing to keep: the previous pair simply becomes the current one
            _install_pair(previous / MODEL_FILE, previous / META_FILE, folder)
            return meta
        staged = [
            _stage_copy(folder / MODEL_FILE, previous, MODEL_FILE),
            _stage_copy(folder / META_FILE, previous, META_FILE),
        ]
        try:
            _install_pair(previous / MODEL_FILE, previous / META_FILE, folder)
            os.replace(staged[0], previous / MODEL_FILE)
            os.replace(staged[1], previous / META_FILE)
            _fsync_folder(previous)
        finally:
            for tmp in staged:
                tmp.unlink(missing_ok=True)
    return meta


def model_stamp(folder: Path) -> str | None:
    """A fingerprint of the saved model that changes with every save, without reading it.

    Parameters
    ----------
    folder
        The model folder.

    Returns
    -------
    str or None
        Inode, size and modification time (ns) of the metadata and of the model file
        (``-`` for a missing one); every save replaces both files by new ones, so the
        stamp changes even when the same model is saved again. ``None`` when neither
        file exists (never trained). A stamp is no verdict: :func:`load_model` checks.
    """
    parts = []
    for name in (META_FILE, MODEL_FILE):
        try:
            st = (folder / name).stat()
        except (FileNotFoundError, NotADirectoryError):
            parts.append("-")
        else:
            parts.append(f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}")
    return None if parts == ["-", "-"] else "/".join(parts)


def load_metadata(folder: Path) -> dict[str, Any] | None:
    """The metadata of the saved model, or ``None`` when no model was trained yet.

    Raises
    ------
    ModelFileError
        When the metadata is missing beside a model file, is not a JSON object, or
        lacks one of :data:`REQUIRED_FIELDS` (or holds it as other than a string).
    """
    path = folder / META_FILE
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        if (folder / MODEL_FILE).is_file():
            raise _TornFiles(
                f"{path} is missing, so {folder / MODEL_FILE} cannot be checked; {_RETRAIN}") from None
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{path} is not valid JSON ({exc}); {_RETRAIN}") from exc
    if not isinstance(data, dict):
        raise ModelFileError(f"{path} is not a JSON object but a {type(data).__name__}; {_RETRAIN}")
    for field in REQUIRED_FIELDS:
        if not isinstance(data.get(field), str):
            raise ModelFileError(f"{path} lacks the field {field!r} (a string); {_RETRAIN}")
    return data


def _qualified(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _load_once(folder: Path, expected: type) -> Any | None:
    """One attempt of :func:`load_model`; a torn pair raises :class:`_TornFiles`."""
    meta = load_metadata(folder)
    if meta is None:
        return None
    path = folder / MODEL_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _TornFiles(f"{path} is missing but {META_FILE} describes a model; {_RETRAIN}") from None
    if _sha256(data) != meta["artifact_sha256"]:
        raise _TornFiles(f"{path} does not match its checksum in {META_FILE}; {_RETRAIN}")
    if meta["sklearn_version"] != sklearn.__version__:
        raise ModelFileError(
            f"{path} was written by scikit-learn {meta['sklearn_version']} but {sklearn.__version__} "
            f"is installed; {_RETRAIN}"
        )
    try:
        model = joblib.load(io.BytesIO(data))  # noqa: S301 (our own artifact, checksum verified above)
    except Exception as exc:  # noqa: BLE001 (unpickling can raise anything)
        raise ModelFileError(f"{path} cannot be read ({type(exc).__name__}: {exc}); {_RETRAIN}") from exc
    if not isinstance(model, expected):
        raise ModelFileError(
            f"{path} holds a {_qualified(type(model))}, not a {_qualified(expected)}; {_RETRAIN}"
        )
    return model


def _changes(folder: Path, stamp: str | None) -> bool:
    """Whether :func:`model_stamp` moves away from ``stamp`` within :data:`SETTLE_SECONDS`."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        time.sleep(_POLL_SECONDS)
        if model_stamp(folder) != stamp:
            return True
        if time.monotonic() >= deadline:
            return False


def load_model(folder: Path, expected: type | None = None) -> Any | None:
    """The saved model, or ``None`` when none was ever saved in ``folder``.

    Parameters
    ----------
    folder
        The model folder.
    expected
        The class the model must be an instance of (default:
        :class:`matching.model.TrainedModel`).

    Raises
    ------
    ModelFileError
        When the files are there but do not hold a valid model of that class (see the
        module docstring); the message names the file and what is wrong with it.
    """
    cls = TrainedModel if expected is None else expected
    for _ in range(_ATTEMPTS - 1):
        stamp = model_stamp(folder)
        try:
            return _load_once(folder, cls)
        except _TornFiles as exc:
            if not _changes(folder, stamp):
                raise ModelFileError(str(exc)) from None
    try:
        return _load_once(folder, cls)
    except _TornFiles as exc:
        raise ModelFileError(str(exc)) from None
