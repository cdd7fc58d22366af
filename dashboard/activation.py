"""The one-time link page: a new user (or one whose password was reset) sets their own password."""

from __future__ import annotations

from flask import Flask

from lksmatch.config import Settings
from lksmatch.service import Service


def install_activation(server: Flask, settings: Settings, service: Service) -> None:
    """Add the one-time link's page to ``server``."""
