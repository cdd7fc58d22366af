"""The JSON API's administration routes (admin only, every call audited): uploads, the audit log and
a person's access report, erasure. On the ``/api/v1`` blueprint.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint

from lksmatch.access import SecureService
from lksmatch.service import Service


def admin_routes(api: Blueprint, service: Service, current: Callable[[], SecureService]) -> None:
    """Add the administration routes to ``api``."""
