"""What every page's callbacks share: asking the service, and turning a refusal into a message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from dashboard.i18n import text
from lksmatch.errors import AppError, AuthenticationRequired, NotFoundError, PermissionDenied, ValidationError

if TYPE_CHECKING:
    from lksmatch.access import SecureService

T = TypeVar("T")
#: How a callback gets the service of the caller of the current request.
Current = Callable[[], "SecureService"]


@dataclass(frozen=True)
class Refused:
    """The service said no (or found nothing): ``message`` says why, in Danish."""

    message: str


def ask(current: Current, call: Callable[[SecureService], T], lang: str = "da") -> T | Refused:
    """Call the service for the current caller; an :class:`AppError` becomes a :class:`Refused`.

    ``AuthenticationRequired`` and ``PermissionDenied`` read "Ingen adgang",
    ``NotFoundError`` "Ikke fundet"; any other ``AppError`` (a bad input) its own message.
    Other exceptions are bugs and propagate.
    """
    try:
        return call(current())
    except (AuthenticationRequired, PermissionDenied):
        return Refused(text("no_access", lang))
    except NotFoundError:
        return Refused(text("not_found", lang))
    except AppError as exc:
        return Refused(exc.message)


def ask_form(
    current: Current, call: Callable[[SecureService], T], lang: str = "da"
) -> T | Refused | ValidationError:
    """:func:`ask` for a form: a :class:`ValidationError` is returned as it is (its problems belong
    at the form's fields), any other refusal as a :class:`Refused`.
    """
    try:
        return call(current())
    except ValidationError as exc:
        return exc
    except (AuthenticationRequired, PermissionDenied):
        return Refused(text("no_access", lang))
    except NotFoundError:
        return Refused(text("not_found", lang))
    except AppError as exc:
        return Refused(exc.message)


def lks_choice(current: Current) -> tuple[list[dict[str, str]], str | None, bool]:
    """The LKS picker of a workspace page: ``(options, value, hidden)`` - an ``lks`` user's own LKS
    only (the picker hidden), every LKS for an admin (the first chosen); nothing when refused.
    """
    from dashboard import components

    areas = ask(current, lambda s: (s.areas(), s.principal.lks_id))
    if isinstance(areas, Refused):
        return [], None, True
    table, own = areas
    options = components.lks_options(table)
    if own:
        return [o for o in options if o["value"] == own], own, True
    return options, options[0]["value"] if options else None, False
