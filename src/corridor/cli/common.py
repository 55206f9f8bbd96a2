"""What every command shares: error handling, scenario resolution, output helpers."""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from corridor.atomic import write_atomic  # the one writer, re-exported for the commands
from corridor.errors import CorridorError, InputError, ScenarioError, one_line

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


def set_option(help: str) -> Any:
    """The ``--set PATH=VALUE`` option (repeatable) with its ``help``: one flag, one metavar."""
    return typer.Option("--set", metavar="PATH=VALUE", help=help)


SetOpt = Annotated[
    list[str] | None,
    set_option(
        "Change a value of the scenario file before it is built, written as in the file: "
        "links.subsea.pipeline.segments[1].cost_factor=2, 'deal.alternative_price=15 "
        "USD/MMBtu'. Repeatable."
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

StageOpt = Annotated[
    str,
    typer.Option(
        help="Power games: ex-ante (links not built carry their capex), ex-post (the built "
        "links' capex is sunk) or both."
    ),
]
"""``--stage``, for every command that plays the power games."""

GamePlayersOpt = Annotated[
    str | None,
    typer.Option(
        "--players",
        help="Comma-separated actor ids (default: every actor that controls something; "
        "other actors are treated as always present).",
    ),
]
"""``--players``, for every command that plays the power games (:func:`parse_id_list`)."""

GameCommodityOpt = Annotated[
    str | None,
    typer.Option(
        "--commodity",
        help="Only this commodity's game (default: one game per traded commodity).",
    ),
]
"""``--commodity``, for every command that plays the power games."""

ConceptsOpt = Annotated[
    str | None,
    typer.Option(help="Comma-separated: shapley,banzhaf,nucleolus,least_core,myerson."),
]
"""``--concepts``, for every command that reports solution concepts."""

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON to stdout.")]
"""``--json``: print the command's versioned document instead of tables."""

WorkersOpt = Annotated[int, typer.Option(help="Local worker processes.")]
"""``--workers N``, for every command that runs chunks in parallel."""

SchedulerOpt = Annotated[
    str | None, typer.Option(help="Dask scheduler address, e.g. tcp://host:8786 (runs there).")
]
"""``--scheduler ADDRESS``, with ``--workers``; checked by :func:`check_scheduler`."""

CheckpointOpt = Annotated[
    Path | None,
    typer.Option(help="Folder for finished chunks (a sub-folder per game or job); see --resume."),
]
"""``--checkpoint DIR``: where a long run keeps its finished chunks."""

ResumeOpt = Annotated[
    bool,
    typer.Option(
        "--resume",
        help="Reuse the finished chunks found in --checkpoint (without it they are "
        "deleted and computed anew).",
    ),
]
"""``--resume``: the same rule for every command (:class:`corridor.execution.RunSettings`)."""

AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DAY",
        help="Build the scenario as known on DAY (2011-08-24): numbers marked as known later "
        "take the value the file gives for their time, or are left out.",
    ),
]
"""``--as-of DAY``, for every command that analyses a scenario (see scenario.vintage)."""

OVERRIDE_ORIGIN = "override on the command line"
"""How an overridden number's assumption begins (``...: was 1.5``)."""


def load(scenario: str | Path | None, set_: list[str] | None = None,
         drop: list[str] | None = None, as_of: str | None = None) -> Scenario:  # fmt: skip
    """Load a scenario (bundled name or path) with the ``--set`` and ``--drop`` overrides.

    ``as_of``: the scenario as known on that day (:func:`~corridor.scenario.vintage.
    as_known_on`'s overrides first, then the user's). Loading ends a command's start-up
    (:mod:`corridor.cli.collector`).
    """
    from corridor.cli.collector import start_up_done

    loaded = _built(scenario, set_, drop, as_of)
    start_up_done()
    return loaded


def _built(scenario: str | Path | None, set_: list[str] | None,
           drop: list[str] | None, as_of: str | None) -> Scenario:  # fmt: skip
    from corridor.scenario import load_scenario

    if as_of is None:
        return load_scenario(scenario, set_ or None, drop=drop or (), origin=OVERRIDE_ORIGIN)
    from corridor.errors import ScenarioError
    from corridor.scenario.vintage import as_of_overrides

    sets, drops = as_of_overrides(scenario, as_of, set_ or ())
    try:
        return load_scenario(scenario, sets or None, drop=[*drops, *(drop or ())],
                             origin=OVERRIDE_ORIGIN)  # fmt: skip
    except ScenarioError as exc:
        if not drops:
            raise
        # the file's own problems would each list every vintage drop: say once what is wrong
        shown = ", ".join(drops[:3]) + (f" and {len(drops) - 3} more" if len(drops) > 3 else "")
        raise InputError(
            f"{as_of}: the scenario cannot be built as known that day: {len(drops)} of its "
            f"numbers were not known then and the file gives no earlier value ({shown}), "
            f"and {len(exc.problems)} required value(s) are then missing; choose a later "
            "day (`corridor validate SCENARIO --as-of DAY` lists what each day lacks)",
            parameter="as_of",
        ) from None


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
    """Write an error line to stderr: no rich wrapping, control characters escaped."""
    sys.stderr.write(one_line(message.rstrip("\n")) + "\n")


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


# --- exports: --out DIR --format json,csv,xlsx on every analysis command ------------------
OutDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--out",
        metavar="DIR",
        help="Write the result to DIR/<scenario>/ in each --format (atomically).",
    ),
]
"""``--out DIR``: where :func:`write_out` puts the exports (a folder per scenario)."""

FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        metavar="FORMATS",
        help="With --out, comma-separated: json (the --json document), csv (a file per "
        "table), xlsx (a sheet per table).",
    ),
]
"""``--format json,csv,xlsx``: the export formats (:data:`corridor.exports.FORMATS`)."""


def write_out(
    out: Path | None,
    formats: str,
    command: str,
    scenario: str | None,
    analysis: Any,
    *,
    document: Mapping[str, Any] | None = None,
    json_output: bool = False,
    json_name: str | None = None,
    also: Sequence[Any] = (),
) -> None:
    """Export ``analysis`` (its ``document``, default ``to_dict()``) to ``out/<scenario>/``.

    ``command``: the command line after ``corridor`` (``deal``, ``engineer lng``), for the
    exports' ``about`` table; ``scenario`` None (a command on no scenario): into ``out``
    itself. ``analysis``: a result :func:`corridor.exports.tables` knows, or a
    :class:`~corridor.exports.NamedTables`; ``also``: more results whose tables join
    ``analysis``' (negotiate: the package bargain).
    One ``wrote PATH`` line per file: on the console, or on stderr when ``--json`` keeps
    stdout for the document. Call :func:`check_formats` before the work to refuse a bad
    ``--format`` early.
    """
    if out is None:
        return
    from corridor.exports import tables, write_exports

    paths = write_exports(
        analysis.to_dict() if document is None else document,
        {k: v for part in (analysis, *also) for k, v in tables(part).items()},
        out if scenario is None else out / scenario,
        check_formats(formats),
        scenario=scenario or "(none)",
        command=f"corridor {command}",
        json_name=json_name,
    )
    for path in paths:
        if json_output:
            sys.stderr.write(f"wrote {path}\n")
        else:
            console().print(f"wrote {path}", markup=False, highlight=False)


def check_formats(formats: str) -> tuple[str, ...]:
    """The ``--format`` list parsed; a one-line input error naming the allowed values."""
    from corridor.exports import parse_formats

    return parse_formats(formats)


__all__ = [
    "EXIT_FAILURE",
    "EXIT_INPUT",
    "OVERRIDE_ORIGIN",
    "AsOfOpt",
    "CheckpointOpt",
    "ConceptsOpt",
    "DropOpt",
    "FormatOpt",
    "GameCommodityOpt",
    "GamePlayersOpt",
    "JsonOpt",
    "OutDirOpt",
    "ResumeOpt",
    "ScenarioArg",
    "SchedulerOpt",
    "SetOpt",
    "StageOpt",
    "WorkersOpt",
    "check_formats",
    "console",
    "load",
    "parse_id_list",
    "print_json",
    "progress_bar",
    "run_guarded",
    "say_error",
    "set_option",
    "write_atomic",
    "write_out",
]
