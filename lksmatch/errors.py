"""One exception hierarchy for the whole application.

Every error carries the CLI exit code and the HTTP status it maps to, so the CLI
and the JSON API translate errors in one place each. Where it makes sense the
classes also subclass a built-in (``ValidationError`` is a ``ValueError``), so
callers that only know the built-in still catch them.
"""

from __future__ import annotations

from dataclasses import dataclass


class AppError(Exception):
    """Base class of every error the application raises on purpose."""

    exit_code: int = 1
    http_status: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Problem:
    """One problem found while validating input: where it is and which rule it breaks.

    ``row`` is the 1-based line number in the file as a user sees it (the header is
    line 1, so the first data row is line 2); ``None`` when the problem is about the
    file as a whole.
    """

    row: int | None
    column: str | None
    rule: str
    value: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"line {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        shown = f" (value: {self.value!r})" if self.value is not None else ""
        return f"{prefix}: {self.rule}{shown}" if prefix else f"{self.rule}{shown}"


class ValidationError(AppError, ValueError):
    """Input was rejected; ``problems`` lists every problem found, not just the first."""

    exit_code = 1
    http_status = 400

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        self.problems: list[Problem] = list(problems or [])
        if self.problems:
            shown = "\n".join(f"  - {p}" for p in self.problems[:50])
            more = len(self.problems) - 50
            tail = f"\n  ... and {more} more" if more > 0 else ""
            message = f"{message}\n{shown}{tail}"
        super().__init__(message)


class UsageError(AppError):
    """The command was called wrongly (bad option, missing file)."""

    exit_code = 2
    http_status = 400


class ReferenceDataError(AppError):
    """Reference data (boundaries, taxonomy) is missing, corrupt or cannot be downloaded."""

    exit_code = 2
    http_status = 503


class NotFoundError(AppError, LookupError):
    """An id that does not exist."""

    exit_code = 1
    http_status = 404


class AuthenticationRequired(AppError):
    """No valid session."""

    exit_code = 2
    http_status = 401


class PermissionDenied(AppError, PermissionError):
    """The caller's role or LKS does not allow this."""

    exit_code = 2
    http_status = 403


class ModelFileError(ReferenceDataError):
    """A saved ranking model is damaged, incomplete, foreign, or does not fit the installed libraries.

    The message names the file and what is wrong with it. (No model at all is not an
    error: the rule-based ranker is used until one is trained.)
    """
