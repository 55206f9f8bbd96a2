"""The ``corridor`` command. Each command group lives in its own module of this package.

Only the CLI (and the web app) compose stages and configure logging. Every module listed
in ``COMMAND_MODULES`` defines ``register(app: typer.Typer) -> None``.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Annotated

import typer

from corridor import __version__
from corridor.cli.common import run_guarded

COMMAND_MODULES: tuple[str, ...] = (
    "corridor.cli.run",
    "corridor.cli.engineer",
    "corridor.cli.freight",
    "corridor.cli.negotiate",
    "corridor.cli.power",
    "corridor.cli.compare",
    "corridor.cli.deal",
    "corridor.cli.risk",
    "corridor.cli.report",
    "corridor.cli.export",
    "corridor.cli.sweep",
    "corridor.cli.serve",
)

app = typer.Typer(
    name="corridor",
    help="Economics and geopolitics of cross-border energy and transport corridors.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # click's plain help: paragraphs flow, <placeholders> show as written, flags as flags,
    # and --help need not import rich (start-up)
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"corridor {__version__}\n")
        raise typer.Exit()


@app.callback()
def options(
    verbose: Annotated[
        bool,
        typer.Option("--verbose", help="Write the LP solver's (HiGHS) log to stderr."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Economics and geopolitics of cross-border energy and transport corridors."""
    if verbose:
        # an environment variable, so worker processes follow (corridor.market reads it)
        from corridor.lp import SOLVER_LOG_ENV

        os.environ[SOLVER_LOG_ENV] = "1"


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    """Entry point of the ``corridor`` console script."""
    # prog_name: messages say "corridor ..." also under `python -m corridor` or `python -c`
    sys.exit(run_guarded(lambda **options: app(prog_name="corridor", **options)))
