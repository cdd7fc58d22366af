"""The JSON API's user routes (admin only, every call audited), on the ``/api/v1`` blueprint."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint

from lksmatch.access import SecureService


def users_routes(api: Blueprint, current: Callable[[], SecureService]) -> None:
    """Add the users administration routes to ``api``."""
