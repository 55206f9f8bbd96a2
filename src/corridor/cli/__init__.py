"""The ``corridor`` command. Each command group lives in its own module of this package.

Only the CLI (and the web app) compose stages and configure logging. Every module listed
in ``COMMAND_MODULES`` defines ``register(app: typer.Typer) -> None``.
"""

from __future__ import annotations

import importlib
import sys

import typer

from corridor.cli.common import run_guarded

COMMAND_MODULES: tuple[str, ...] = (
    "corridor.cli.run",
    "corridor.cli.engineer",
    "corridor.cli.freight",
    "corridor.cli.negotiate",
    "corridor.cli.power",
    "corridor.cli.deal",
    "corridor.cli.risk",
    "corridor.cli.report",
    "corridor.cli.serve",
)

app = typer.Typer(
    name="corridor",
    help="Economics and geopolitics of cross-border energy and transport corridors.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Markdown joins a docstring's wrapped lines into paragraphs (rich mode keeps the breaks).
    rich_markup_mode="markdown",
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    """Entry point of the ``corridor`` console script."""
    # prog_name: messages say "corridor ..." also under `python -m corridor` or `python -c`
    sys.exit(run_guarded(lambda **options: app(prog_name="corridor", **options)))
