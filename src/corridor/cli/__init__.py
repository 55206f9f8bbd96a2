"""The ``corridor`` command. Each command group lives in its own module of this package.

Only the CLI (and the web app) compose stages and configure logging. Every module listed
in :data:`COMMANDS` defines each command as a function of the command's name (``solve-for``:
``solve_for``), or, for a command group, ``register(app: typer.Typer) -> None``.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from typing import Annotated

import typer
import typer._click as click  # typer 0.28 carries its own click; its commands are of this one
from typer.core import TyperGroup

from corridor import __version__
from corridor.cli import collector, dataclass_code

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (the module that defines it, the line `corridor --help` shows for it)
    "run": (
        "corridor.cli.run",
        "Solve the welfare-maximising flow model and print welfare, flows and the split.",
    ),
    "validate": (
        "corridor.cli.run",
        "Check scenario files and report every problem as file:line: key.path: message.",
    ),
    "scenarios": (
        "corridor.cli.run",
        "List the bundled scenarios.",
    ),
    "negotiate": (
        "corridor.cli.negotiate",
        "Forecast each negotiation issue per model; print round histories and sensitivity.",
    ),
    "power": (
        "corridor.cli.power",
        "Coalition values and solution concepts per player, with transit-fee benchmarks.",
    ),
    "compare": (
        "corridor.cli.compare",
        "Welfare, power, fee bounds and NPVs of A and B side by side, and the inputs that differ.",
    ),
    "deal": (
        "corridor.cli.deal",
        "Appraise the scenario's deal: cash flows, NPV, IRR and payback per actor.",
    ),
    "timeline": (
        "corridor.cli.timeline",
        "Each actor's value, leverage and deal NPV regime by regime ([[regimes]], with sources).",
    ),
    "staged": (
        "corridor.cli.staged",
        "When to build each option link over the regimes: a MILP of dated, lumpy builds.",
    ),
    "risk": (
        "corridor.cli.risk",
        "Simulate the scenario's deal under its risk table (Monte Carlo with disruption).",
    ),
    "report": (
        "corridor.cli.report",
        "Write one self-contained HTML report of a scenario.",
    ),
    "export": (
        "corridor.cli.export",
        "Write a scenario (after --set and --drop) as a TOML file that loads back the same.",
    ),
    "init": (
        "corridor.cli.export",
        "Write a small commented template corridor to start a new case from.",
    ),
    "synthetic": (
        "corridor.cli.export",
        "Write a seeded synthetic transit network (corridor.games.synthetic) as a scenario.",
    ),
    "sweep": (
        "corridor.cli.sweep",
        "Evaluate metrics at every point of a grid of --set axes; table, CSV/JSON, chart.",
    ),
    "solve-for": (
        "corridor.cli.sweep",
        "The value of one input at which a metric reaches a target (bracketing root finder).",
    ),
    "serve": (
        "corridor.cli.serve",
        "Serve the dashboard at http://HOST:PORT/ and the API under /api (schema: /openapi.json).",
    ),
    "engineer": (
        "corridor.cli.engineer",
        "Pipeline hydraulics and cost, LNG chain cost, and the unit costs behind them.",
    ),
    "freight": (
        "corridor.cli.freight",
        "Rail and sea container routes: days, tariff and generalised cost per TEU.",
    ),
}
"""Every command, by the module that defines it, and its one-line help."""


@functools.cache
def command_module(module: str) -> dict[str, click.Command]:
    """The click commands of ``module`` (imported once), by name.

    A module's command ``solve-for`` is its function ``solve_for``; a module that adds
    more than functions (a command group) defines ``register(app)`` and adds them itself.
    """
    sub = typer.Typer(rich_markup_mode=None, add_completion=False)
    loaded = importlib.import_module(module)
    if hasattr(loaded, "register"):
        loaded.register(sub)
    else:
        for name, (owner, _) in COMMANDS.items():
            if owner == module:
                sub.command(name)(getattr(loaded, name.replace("-", "_")))
    return dict(typer.main.get_group(sub).commands)


def every_command() -> dict[tuple[str, ...], click.Command]:
    """Every command and sub-command by its path (``("engineer", "lng")``), all imported.

    For tests and docs that walk the whole tree; ``corridor`` itself is the empty path.
    """
    found: dict[tuple[str, ...], click.Command] = {}

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        found[path] = command
        # typer may bring its own copy of click: groups are told by their commands
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, (*path, name))

    found[()] = typer.main.get_command(app)
    for name, (module, _) in COMMANDS.items():
        walk(command_module(module)[name], (name,))
    return found


class LazyCommands(TyperGroup):
    """The ``corridor`` group: a command's module is imported only when the command runs.

    Importing every command module costs more start-up than ``--help`` or a single
    command needs (issue "install", start-up), so ``--help`` lists :data:`COMMANDS` and a
    command is loaded by name; a test checks the table against the commands' own help.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command's name, in the order of :data:`COMMANDS`."""
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name`` (its module imported on first use), or None."""
        if cmd_name not in COMMANDS:
            return None
        return command_module(COMMANDS[cmd_name][0]).get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """The command named first in ``args``; an unknown name fails with the closest ones."""
        if args and args[0] not in COMMANDS and not args[0].startswith("-"):
            import difflib  # only for a mistyped command (start-up)

            close = difflib.get_close_matches(args[0], list(COMMANDS))
            hint = f" Did you mean {', '.join(repr(m) for m in close)}?" if close else ""
            ctx.fail(f"No such command {args[0]!r}.{hint}")
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``corridor --help``, written without importing the commands."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, line) for name, (_, line) in COMMANDS.items()])


app = typer.Typer(
    name="corridor",
    cls=LazyCommands,
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
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Load scenarios afresh: neither read nor write the cache of loaded "
            "scenarios (~/.cache/corridor; same as CORRIDOR_NO_CACHE=1).",
        ),
    ] = False,
) -> None:
    """Economics and geopolitics of cross-border energy and transport corridors."""
    if no_cache:
        # an environment variable, so worker processes follow too
        from corridor.scenario.cache import NO_CACHE_ENV

        os.environ[NO_CACHE_ENV] = "1"
    if verbose:
        # an environment variable, so worker processes follow (corridor.market reads it)
        from corridor.lp import SOLVER_LOG_ENV

        os.environ[SOLVER_LOG_ENV] = "1"


def main() -> None:
    """Entry point of the ``corridor`` console script."""
    collector.pause()  # until the scenario is loaded (corridor.cli.collector says why)
    dataclass_code.install()  # compiled dataclass methods from earlier runs (its module says why)
    from corridor.cli.common import run_guarded  # after install: its classes use the table

    # prog_name: messages say "corridor ..." also under `python -m corridor` or `python -c`
    sys.exit(run_guarded(lambda **options: app(prog_name="corridor", **options)))


__all__ = ["COMMANDS", "LazyCommands", "app", "command_module", "every_command", "main"]
