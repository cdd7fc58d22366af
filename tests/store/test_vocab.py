"""The skill thesaurus file: the product's file is valid; broken files name line, column and rule."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from lksmatch.config import Settings
from lksmatch.errors import Problem, ReferenceDataError, ValidationError
from lksmatch.service import Service
from store.vocab import SKILL_THESAURUS_PATH, read_skill_thesaurus


def _write(tmp_path: Path, text: str, name: str = "thesaurus.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(ValidationError) as caught:
        read_skill_thesaurus(path)
    assert str(path) in str(caught.value)
    return caught.value.problems


def test_the_products_thesaurus_loads_and_is_valid() -> None:
    thesaurus = read_skill_thesaurus()
    assert SKILL_THESAURUS_PATH.parent.name == "data" and SKILL_THESAURUS_PATH.is_file()
    assert len(thesaurus) >= 50
    assert all(wordings and all(w.strip() == w and w for w in wordings) for wordings in thesaurus.values())
    assert {"truckcertifikat", "truckkort"} <= set(thesaurus["truck"])
    assert "TIG-svejsning" in thesaurus["tig"] and "TIG-svejsning" not in thesaurus["migmag"]


def test_comments_blank_lines_and_order_are_kept(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "\ufeff# skills\n\nconcept;wording\n# trucks\n"
        "truck;truckcertifikat\nbus;kørekort D\ntruck;Truckkort\n",
    )
    assert read_skill_thesaurus(path) == {"truck": ("truckcertifikat", "Truckkort"), "bus": ("kørekort D",)}


def test_every_problem_is_reported_with_line_column_and_rule(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "\n".join(
            [
                "# a comment",
                "concept;wording",  # line 2
                "truck;truckcertifikat",
                "Truck;Truckkort",  # 4: key not lower-case
                ";kørekort B",  # 5: empty key
                "bus;",  # 6: empty wording
                "bus;kørekort D;D",  # 7: three fields
                "truck;truckcertifikat",  # 8: repeated in the same concept
                "gaffel;Truck-certifikat",  # 9: written like line 3 of another concept
                "tom;kat.",  # 10: nothing left to compare
            ]
        ),
    )
    found = {(p.row, p.column): p.rule for p in _problems(path)}
    assert set(found) == {
        (4, "concept"), (5, "concept"), (6, "wording"), (7, None), (8, "wording"), (9, "wording"),
        (10, "wording"),
    }
    assert "lower-case" in found[(4, "concept")]
    assert found[(5, "concept")] == found[(6, "wording")] == "is empty"
    assert "expected 2 fields" in found[(7, None)]
    assert "repeats line 3" in found[(8, "wording")]
    assert "'truckcertifikat' of concept 'truck' on line 3" in found[(9, "wording")]
    assert "one concept only" in found[(9, "wording")]
    assert "nothing left to compare" in found[(10, "wording")]


def test_the_same_wording_in_two_concepts_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "concept;wording\nmigmag;MIG-svejsning\ntig;MIG-svejsning\n")
    (problem,) = _problems(path)
    assert (problem.row, problem.column, problem.value) == (3, "wording", "MIG-svejsning")
    assert "line 3, column 'wording': is written like 'MIG-svejsning' of concept 'migmag'" in str(problem)


@pytest.mark.parametrize(
    ("text", "line"),
    [("concept,wording\ntruck,Truckkort\n", 1), ("# x\nwording;concept\n", 2), ("", 1), ("# only\n", 1)],
)
def test_a_wrong_or_missing_header_is_an_error(tmp_path: Path, text: str, line: int) -> None:
    (problem,) = _problems(_write(tmp_path, text))
    assert problem.row == line and "header" in problem.rule


def test_a_file_without_wordings_is_an_error(tmp_path: Path) -> None:
    (problem,) = _problems(_write(tmp_path, "concept;wording\n# nothing yet\n"))
    assert problem.rule == "the file holds no wordings"


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("concept;wording\ntruck;Truckkort\nkorekort_b;kørekort B\n".encode("latin-1"))
    (problem,) = _problems(path)
    assert problem.row == 3 and "UTF-8" in problem.rule


def test_a_missing_file_is_a_reference_data_error(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="does not exist"):
        read_skill_thesaurus(tmp_path / "nope.csv")


def test_the_service_hands_the_file_to_matching_and_nothing_else(
    data_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Matching gets its thesaurus from the store through the service (no vocabulary of its own)."""
    service = Service(
        dataclasses.replace(
            data_settings, database_url=f"sqlite:///{tmp_path}/t.db", model_dir=tmp_path / "models"
        )
    )
    assert service.skill_thesaurus == read_skill_thesaurus()
    own = {"bus": ("kørekort D", "busførerkort")}
    monkeypatch.setattr(service, "skill_thesaurus", own)
    matcher = service.match_flow.inputs().matcher
    assert matcher.thesaurus == own
    assert matcher.concept("Busførerkort") == "t:bus" and matcher.concept("Truckkort") != matcher.concept(
        "truckcertifikat"
    )
