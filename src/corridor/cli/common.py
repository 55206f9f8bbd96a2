"""What every command shares: error handling, scenario resolution, output helpers."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import typer
from rich.console import Console

from corridor.errors import CorridorError, InputError, ScenarioError

console = Console()
err_console = Console(stderr=True)

EXIT_INPUT = 2
EXIT_FAILURE = 1


def fail_input(message: str) -> typer.Exit:
    """Print a one-line input error to stderr and return the exit to raise (code 2)."""
    err_console.print(f"error: {message}", markup=False, highlight=False)
    return typer.Exit(EXIT_INPUT)


def run_guarded(app: Callable[..., Any]) -> int:
    """Run the typer app; map our errors to one-line messages and exit codes, no traceback.

    Bad input (``InputError`` and its subclasses, click usage errors) exits 2; other
    corridor errors exit 1.
    """
    try:
        app(standalone_mode=False)
    except ScenarioError as exc:
        for problem in exc.problems:
            err_console.print(str(problem), markup=False, highlight=False)
        return EXIT_INPUT
    except InputError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False)
        return EXIT_INPUT
    except CorridorError as exc:
        err_console.print(f"error: {exc}", markup=False, highlight=False)
        return EXIT_FAILURE
    except click.exceptions.Exit as exc:
        return int(exc.exit_code or 0)
    except click.exceptions.Abort:
        err_console.print("aborted", markup=False)
        return 130
    except click.ClickException as exc:
        exc.show()
        return EXIT_INPUT
    return 0


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: a temporary file in the same folder, renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def print_json(payload: Any) -> None:
    """Print ``payload`` as JSON to stdout (no rich markup, so it pipes cleanly)."""
    sys.stdout.write(json.dumps(payload, indent=2, allow_nan=False) + "\n")


def parse_id_list(text: str | None, option: str) -> list[str] | None:
    """Parse ``"RU,KR"`` into ``["RU", "KR"]``; None stays None. Empty items are an error."""
    if text is None:
        return None
    items = [item.strip() for item in text.split(",")]
    if not all(items):
        raise InputError(f"{option}: empty item in {text!r}")
    return items
