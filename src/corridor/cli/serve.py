"""``corridor serve``: the web dashboard and JSON API (FastAPI on uvicorn)."""

from __future__ import annotations

from typing import Annotated

import typer

from corridor.cli.common import console
from corridor.errors import InputError


def register(app: typer.Typer) -> None:
    """Add the commands of this module to ``app``."""
    app.command("serve")(serve)


def serve(
    host: Annotated[
        str, typer.Option(help="Interface to bind; the default serves this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    max_upload_kb: Annotated[int, typer.Option(help="Largest scenario upload, kB.")] = 256,
    workers: Annotated[int, typer.Option(help="Jobs run at the same time.")] = 2,
) -> None:
    """Serve the dashboard at http://HOST:PORT/ and the API under /api (schema: /openapi.json)."""
    try:
        import uvicorn

        from corridor.web import Settings, create_app
    except ImportError as exc:
        raise InputError(
            f"serve needs the web extra ({exc.name} is missing): pip install 'corridor[web]'"
        ) from None
    if not 0 < port < 65536:
        raise InputError(f"--port: must be between 1 and 65535, got {port}")
    if max_upload_kb < 1 or workers < 1:
        raise InputError("--max-upload-kb and --workers must be at least 1")
    if host not in ("127.0.0.1", "localhost", "::1"):
        console().print(f"[yellow]serving on {host}: other machines can reach the dashboard[/]")
    app = create_app(Settings(max_upload_bytes=max_upload_kb * 1000, workers=workers))
    console().print(f"corridor dashboard on http://{host}:{port}/  (Ctrl+C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


__all__ = [
    "register",
    "serve",
]
