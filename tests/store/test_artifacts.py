"""Model artifacts: never trained is ``None``; anything else that is not a valid model is an error."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import joblib
import pytest
import sklearn

from lksmatch.errors import ModelFileError, ReferenceDataError
from store import artifacts
from store.artifacts import META_FILE, MODEL_FILE, load_metadata, load_model, model_stamp, save_model

MODEL = Counter({"a": 1, "b": 2})


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A folder with a saved model (a ``Counter``: small, picklable, with a known class)."""
    folder = tmp_path / "models"
    save_model(MODEL, {"trained_on": 3}, folder)
    return folder


def rewrite_metadata(folder: Path, **changes: Any) -> None:
    """Change fields of the saved metadata (``None`` removes a field)."""
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    meta.update(changes)
    meta = {k: v for k, v in meta.items() if v is not None}
    (folder / META_FILE).write_text(json.dumps(meta), encoding="utf-8")


def load_error(folder: Path, expected: type = Counter) -> str:
    """The message of the :class:`ModelFileError` that loading ``folder`` raises."""
    with pytest.raises(ModelFileError) as exc:
        load_model(folder, expected)
    return str(exc.value)


def test_never_trained_is_none(tmp_path: Path) -> None:
    for folder in (tmp_path / "missing", tmp_path):
        assert load_model(folder) is None
        assert load_metadata(folder) is None
        assert model_stamp(folder) is None


def test_round_trip(saved: Path) -> None:
    assert load_model(saved, Counter) == MODEL
    meta = load_metadata(saved)
    assert meta is not None and meta["trained_on"] == 3
    assert meta["sklearn_version"] == sklearn.__version__
    assert meta["artifact_sha256"] == hashlib.sha256((saved / MODEL_FILE).read_bytes()).hexdigest()
    shown = sorted(p.name for p in saved.iterdir() if not p.name.startswith("."))
    assert shown == sorted([META_FILE, MODEL_FILE])
    assert not [p for p in saved.iterdir() if p.name.endswith(".part")]


def test_the_error_maps_to_exit_code_2() -> None:
    assert issubclass(ModelFileError, ReferenceDataError)
    assert ModelFileError("x").exit_code == 2


@pytest.mark.parametrize(("text", "wanted"), [
    ("{not json", "is not valid JSON"),
    ("[1, 2]", "is not a JSON object"),
    ("\udcff", "is not valid JSON"),
])
def test_metadata_that_is_not_a_json_object(saved: Path, text: str, wanted: str) -> None:
    (saved / META_FILE).write_bytes(text.encode("utf-8", "surrogateescape"))
    message = load_error(saved)
    assert wanted in message and str(saved / META_FILE) in message and "lksmatch train" in message
    with pytest.raises(ModelFileError):
        load_metadata(saved)


@pytest.mark.parametrize("field", ["artifact_sha256", "sklearn_version"])
def test_metadata_without_a_field(saved: Path, field: str) -> None:
    rewrite_metadata(saved, **{field: None})
    message = load_error(saved)
    assert f"lacks the field {field!r}" in message and META_FILE in message


def test_missing_metadata(saved: Path) -> None:
    (saved / META_FILE).unlink()
    message = load_error(saved)
    assert str(saved / META_FILE) in message and "is missing" in message
    assert model_stamp(saved) is not None


def test_missing_model_file(saved: Path) -> None:
    (saved / MODEL_FILE).unlink()
    message = load_error(saved)
    assert str(saved / MODEL_FILE) in message and "is missing" in message


def test_checksum_mismatch(saved: Path) -> None:
    with (saved / MODEL_FILE).open("ab") as fh:
        fh.write(b"\0")
    message = load_error(saved)
    assert str(saved / MODEL_FILE) in message and "checksum" in message


def swap(folder: Path, obj: object) -> None:
    """Replace the model by ``obj`` and write its checksum into the metadata (a forged pair)."""
    joblib.dump(obj, folder / MODEL_FILE)
    rewrite_metadata(folder, artifact_sha256=hashlib.sha256((folder / MODEL_FILE).read_bytes()).hexdigest())


def test_another_object_under_a_matching_checksum(saved: Path) -> None:
    swap(saved, {"not": "a model"})
    message = load_error(saved)
    assert "holds a builtins.dict" in message and "collections.Counter" in message


def test_the_default_expected_class_is_the_trained_model(saved: Path) -> None:
    with pytest.raises(ModelFileError, match=r"matching\.model\.TrainedModel"):
        load_model(saved)


def test_unreadable_bytes_under_a_matching_checksum(saved: Path) -> None:
    (saved / MODEL_FILE).write_bytes(b"garbage")
    rewrite_metadata(saved, artifact_sha256=hashlib.sha256(b"garbage").hexdigest())
    assert "cannot be read" in load_error(saved)


def test_another_sklearn_version(saved: Path) -> None:
    rewrite_metadata(saved, sklearn_version="0.1")
    assert "scikit-learn 0.1" in load_error(saved)


def test_stamp_changes_with_every_save(saved: Path) -> None:
    first = model_stamp(saved)
    assert first is not None and model_stamp(saved) == first
    save_model(MODEL, {"trained_on": 3}, saved)  # the same model again: still a new save
    second = model_stamp(saved)
    assert second not in (None, first)
    (saved / MODEL_FILE).unlink()
    assert model_stamp(saved) not in (None, second)


def test_a_failed_save_keeps_the_old_model(saved: Path) -> None:
    before = model_stamp(saved)
    with pytest.raises(Exception):  # noqa: B017 (whatever pickle raises for a lambda)
        save_model(lambda: None, {}, saved)
    assert load_model(saved, Counter) == MODEL and model_stamp(saved) == before
    assert not [p for p in saved.iterdir() if p.name.endswith(".part")]


def test_a_reader_between_the_two_renames_waits_for_the_metadata(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer has replaced the model but not yet the metadata: the reader sees a torn pair."""
    new = Counter({"c": 3})
    staged = saved / "staged"
    save_model(new, {"trained_on": 4}, staged)
    os.replace(staged / MODEL_FILE, saved / MODEL_FILE)
    finish = [lambda: os.replace(staged / META_FILE, saved / META_FILE)]
    real_sleep = artifacts.time.sleep

    def writer_finishes(seconds: float) -> None:
        while finish:
            finish.pop()()
        real_sleep(seconds)

    monkeypatch.setattr(artifacts.time, "sleep", writer_finishes)
    assert load_model(saved, Counter) == new


def test_a_torn_pair_that_stays_torn_is_an_error(saved: Path) -> None:
    staged = saved / "staged"
    save_model(Counter({"c": 3}), {}, staged)
    os.replace(staged / MODEL_FILE, saved / MODEL_FILE)
    assert "checksum" in load_error(saved)
