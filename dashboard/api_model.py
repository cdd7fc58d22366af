"""The JSON API's model routes (admin only, every call audited), on the ``/api/v1`` blueprint."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint

from lksmatch.access import SecureService


def model_routes(api: Blueprint, current: Callable[[], SecureService]) -> None:
    """Add the model administration routes to ``api``."""
