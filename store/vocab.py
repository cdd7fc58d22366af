"""Our own curated vocabulary, kept as data in the repository: the skill thesaurus.

The thesaurus (:data:`SKILL_THESAURUS_PATH`, ``store/data/skill_thesaurus.csv``) says
which Danish skill wordings name the same competence (``Truckkort`` = ``truckcertifikat``).
It is hand-made, not downloaded, so it lives next to the code and is packaged with it;
:mod:`matching.skills` receives it as a plain mapping and never reads a file.

The file is UTF-8 text, one wording per line::

    # a comment line (ignored, as are blank lines)
    concept;wording
    truck;truckcertifikat
    truck;Truckkort

``concept`` is a stable key (lower-case ``a-z``, digits, ``_``); rows with the same key
are one concept, in file order. Every problem is collected and reported once, with its
line, column and rule (:class:`~lksmatch.errors.ValidationError`); see
``store/data/README.md`` for how to add to the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from lksmatch.errors import Problem, ReferenceDataError, ValidationError
from matching.skills import normalise_skill, spelling_key

#: The product's skill thesaurus.
SKILL_THESAURUS_PATH = Path(__file__).resolve().parent / "data" / "skill_thesaurus.csv"
#: The header row of the thesaurus file.
THESAURUS_HEADER = ("concept", "wording")

_CONCEPT_KEY = re.compile(r"[a-z0-9_]+")


def read_skill_thesaurus(path: Path = SKILL_THESAURUS_PATH) -> dict[str, tuple[str, ...]]:
    """Read and validate a skill thesaurus file: concept key -> its wordings, in file order.

    Raises
    ------
    ReferenceDataError
        When the file does not exist.
    ValidationError
        Listing every problem (line, column, rule): a file that is not UTF-8, a header
        other than ``concept;wording``, a row without exactly two fields, an empty or
        malformed concept key, an empty wording or one without letters or digits, a
        wording repeated within its concept, one wording (as the matcher compares them:
        :func:`matching.skills.spelling_key`) in two concepts, or no rows at all.
    """
    if not path.is_file():
        raise ReferenceDataError(f"the skill thesaurus {path} does not exist")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(line, None, "is not UTF-8 text", raw.splitlines()[line - 1].decode("latin-1"))
        raise ValidationError(f"the skill thesaurus {path} is not valid", [problem]) from exc
    thesaurus, problems = _parse(text)
    if problems:
        raise ValidationError(f"the skill thesaurus {path} is not valid", problems)
    return thesaurus


def _parse(text: str) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """The thesaurus in ``text`` and every problem found in it."""
    rows = [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not rows or tuple(f.strip() for f in rows[0][1].split(";")) != THESAURUS_HEADER:
        where = rows[0] if rows else (1, None)
        return {}, [Problem(where[0], None, "the header must be `concept;wording`", where[1])]
    problems: list[Problem] = []
    found: dict[str, list[str]] = {}
    same_concept: dict[tuple[str, str], int] = {}
    owner: dict[str, tuple[str, str, int]] = {}
    for number, line in rows[1:]:
        fields = [f.strip() for f in line.split(";")]
        if len(fields) != 2:
            problems.append(
                Problem(number, None, f"expected 2 fields `concept;wording` but found {len(fields)}", line)
            )
            continue
        concept, wording = fields
        row_problems = _check_row(number, concept, wording)
        if row_problems:
            problems.extend(row_problems)
            continue
        repeat = same_concept.setdefault((concept, wording.casefold()), number)
        if repeat != number:
            rule = f"repeats line {repeat} of concept '{concept}'"
            problems.append(Problem(number, "wording", rule, wording))
            continue
        compact = spelling_key(wording)
        other = owner.setdefault(compact, (concept, wording, number))
        if other[0] != concept:
            problems.append(
                Problem(
                    number,
                    "wording",
                    f"is written like '{other[1]}' of concept '{other[0]}' on line {other[2]}; "
                    "a wording may belong to one concept only",
                    wording,
                )
            )
            continue
        found.setdefault(concept, []).append(wording)
    if not found and not problems:
        problems.append(Problem(None, None, "the file holds no wordings"))
    return {k: tuple(v) for k, v in found.items()}, problems


def _check_row(number: int, concept: str, wording: str) -> list[Problem]:
    out = []
    if not concept:
        out.append(Problem(number, "concept", "is empty"))
    elif not _CONCEPT_KEY.fullmatch(concept):
        out.append(Problem(number, "concept", "must be lower-case letters a-z, digits and _ only", concept))
    if not wording:
        out.append(Problem(number, "wording", "is empty"))
    elif not normalise_skill(wording):
        rule = "has nothing left to compare once case, punctuation and filler words are dropped"
        out.append(Problem(number, "wording", rule, wording))
    return out
