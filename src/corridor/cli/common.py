"""What every command shares: error handling, scenario resolution, output helpers."""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.atomic import write_atomic  # the one writer, re-exported for the commands
from corridor.errors import CorridorError, InputError, ScenarioError

if TYPE_CHECKING:
    from rich.console import Console

    from corridor.scenario import Scenario


@functools.cache
def console() -> Console:
    """The commands' rich console, made on first use (importing rich costs start-up time)."""
    from rich.console import Console

    return Console()


ScenarioArg = Annotated[
    str | None,
    typer.Argument(help="Bundled scenario name or path to a TOML file (default: korea-2011)."),
]
"""The scenario argument every analysis command takes."""

SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="PATH=VALUE",
        help="Change a value of the scenario file before it is built, written as in the "
        "file: links.subsea.pipeline.segments[1].cost_factor=2, 'deal.alternative_price=15 "
        "USD/MMBtu'. Repeatable.",
    ),
]
"""``--set PATH=VALUE`` (repeatable), for every command that loads a scenario."""

DropOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--drop",
        metavar="PATH",
        help="Remove a key or an item of the scenario file, e.g. links.subsea. Repeatable.",
    ),
]
"""``--drop PATH`` (repeatable), for every command that loads a scenario."""

OVERRIDE_ORIGIN = "override on the command line"
"""How an overridden number's assumption begins (``...: was 1.5``)."""


def load(scenario: str | Path | None, set_: list[str] | None = None,
         drop: list[str] | None = None) -> Scenario:  # fmt: skip
    """Load a scenario (bundled name or path) with the ``--set`` and ``--drop`` overrides."""
    from corridor.scenario import load_scenario

    return load_scenario(scenario, set_ or None, drop=drop or (), origin=OVERRIDE_ORIGIN)


@contextlib.contextmanager
def progress_bar(
    description: str, total: int, *, shown: bool = True
) -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback drawing a bar on stderr while the block runs.

    Drawn only when ``shown`` and stderr is a terminal (in a log rich would leave a blank
    line); the bar disappears when the block ends. ``total`` may be corrected by the
    callback's own ``total``.
    """
    if not shown:
        yield lambda done, total: None
        return
    from rich.console import Console

    err = Console(stderr=True)
    if not err.is_terminal:
        yield lambda done, total: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn(description), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn())  # fmt: skip
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(description, total=total)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


EXIT_INPUT = 2
EXIT_FAILURE = 1


def say_error(message: str) -> None:
    """Write an error line to stderr as is (no rich wrapping: one problem, one line)."""
    sys.stderr.write(message.rstrip("\n") + "\n")


# Recent typer releases carry their own copy of click; take click's exception classes from typer's
# public BadParameter so this works whichever click typer uses.
_UsageError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError"
)
_ClickException: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)


def run_guarded(app: Callable[..., Any]) -> int:
    """Run the typer app; map errors to one-line messages and exit codes, no traceback.

    Bad input exits 2: ``InputError`` and its subclasses, usage errors (unknown option,
    a value of the wrong type), and files or folders that cannot be written or read. Other
    corridor errors exit 1. The app runs with click's ``standalone_mode=False`` so that
    usage errors reach us as exceptions instead of typer's multi-line error box.
    """
    try:
        code = app(standalone_mode=False)
    except _UsageError as exc:
        usage: Any = exc
        if type(exc).__name__ == "NoArgsIsHelpError":
            sys.stdout.write(usage.format_message() + "\n")  # the help; click exits 2 too
            return EXIT_INPUT
        where = f" (see '{usage.ctx.command_path} --help')" if usage.ctx is not None else ""
        say_error(f"error: {usage.format_message()}{where}")
        return EXIT_INPUT
    except typer.Abort:
        say_error("interrupted")
        return 130
    except _ClickException as exc:
        failure: Any = exc
        say_error(f"error: {failure.format_message()}")
        return int(failure.exit_code)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except ScenarioError as exc:
        for problem in exc.problems:
            say_error(str(problem))
        return EXIT_INPUT
    except InputError as exc:
        if exc.parameter is not None:  # the library's parameter name, as this CLI's flag
            say_error(f"error: --{exc.parameter.replace('_', '-')}: {exc.problem}")
        else:
            say_error(f"error: {exc}")
        return EXIT_INPUT
    except CorridorError as exc:
        say_error(f"error: {exc}")
        return EXIT_FAILURE
    except OSError as exc:
        # an output or checkpoint folder that cannot be created or written, a full disk
        name = f"{exc.filename}: " if exc.filename else ""
        say_error(f"error: {name}{exc.strerror or exc}")
        return EXIT_INPUT
    except KeyboardInterrupt:
        say_error("interrupted")
        return 130
    # non-standalone click returns the code of ctx.exit()/typer.Exit, else the command's value
    return code if isinstance(code, int) and not isinstance(code, bool) else 0


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


__all__ = [
    "EXIT_FAILURE",
    "EXIT_INPUT",
    "OVERRIDE_ORIGIN",
    "DropOpt",
    "ScenarioArg",
    "SetOpt",
    "console",
    "load",
    "parse_id_list",
    "print_json",
    "progress_bar",
    "run_guarded",
    "say_error",
    "write_atomic",
]
