"""The web dashboard and JSON API: ``create_app()`` (FastAPI), served by ``corridor serve``."""

from __future__ import annotations

from corridor.web.app import Settings, create_app

__all__ = ["Settings", "create_app"]
