"""``corridor serve``: the web dashboard and JSON API (FastAPI on uvicorn)."""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated

import typer

from corridor.cli.checks import check_options
from corridor.cli.collector import start_up_done
from corridor.cli.common import console
from corridor.errors import InputError

_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
"""One label of a host name (RFC 1123: letters, digits and inner hyphens, 1-63 of them)."""


def serve(
    host: Annotated[
        str, typer.Option(help="Interface to bind; the default serves this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    max_upload_kb: Annotated[int, typer.Option(help="Largest scenario upload, kB.")] = 256,
    workers: Annotated[int, typer.Option(help="Jobs run at the same time.")] = 2,
) -> None:
    """Serve the dashboard at http://HOST:PORT/ and the API under /api (schema: /openapi.json)."""
    check_options(port=port, max_upload_kb=max_upload_kb, workers=workers)
    check_host(host)
    try:
        import uvicorn

        from corridor.web import Settings, create_app
    except ImportError as exc:
        raise InputError(
            f"serve needs the web extra ({exc.name} is missing): pip install 'corridor[web]'"
        ) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        console().print(f"[yellow]serving on {host}: other machines can reach the dashboard[/]")
    app = create_app(Settings(max_upload_bytes=max_upload_kb * 1000, workers=workers))
    console().print(f"corridor dashboard on http://{host}:{port}/  (Ctrl+C stops)")
    start_up_done()  # a server runs long: collect as usual from here (cli.collector)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def check_host(host: str) -> None:
    """Refuse a ``--host`` that is neither an IP address nor a host name (exit 2).

    Checked before the server starts: uvicorn, given a malformed name, fails with a
    resolver traceback once the app is built.
    """
    try:
        ipaddress.ip_address(host)
        return
    except ValueError:
        pass
    labels = host.removesuffix(".").split(".")
    if len(host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise InputError(f"{host!r} is neither an IP address nor a host name", parameter="host")


__all__ = [
    "check_host",
    "serve",
]
