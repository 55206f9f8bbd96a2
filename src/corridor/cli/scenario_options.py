"""The options every analysis command shares, declared once: SCENARIO, overrides, outputs, runs.

A command decorated with :func:`scenario_command` declares only its own options; its first
parameter receives one :class:`ScenarioOptions` with the shared ones (the SCENARIO
argument, ``--set``/``--drop``/``--as-of``, ``--json``/``--out``/``--format``; for the
commands that play the power games ``--players``/``--commodity``/``--stage``, and for a
long computation ``--workers``/``--scheduler``/``--checkpoint``/``--resume``). Typer reads a
command's parameters from :func:`inspect.signature`, so the decorator hands it a
``__signature__`` of the command's own parameters followed by the shared ones (typer's
documented way to share options is to repeat the ``Annotated`` aliases in every signature,
which is what the commands did before).
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from corridor.cli.checks import check_options, check_scheduler
from corridor.cli.common import (
    AsOfOpt,
    CheckpointOpt,
    DropOpt,
    FormatOpt,
    GameCommodityOpt,
    GamePlayersOpt,
    JsonOpt,
    OutDirOpt,
    ResumeOpt,
    ScenarioArg,
    SchedulerOpt,
    SetOpt,
    StageOpt,
    WorkersOpt,
    check_formats,
    load,
    parse_id_list,
    print_json,
    write_out,
)

if TYPE_CHECKING:
    from corridor.execution import RunSettings
    from corridor.scenario import Scenario

__all__ = ["ScenarioOptions", "run_settings", "scenario_command"]


@dataclass(frozen=True, slots=True)
class ScenarioOptions:
    """The shared options of one command line, as given (None or the default: not given)."""

    scenario: str | None = None
    set_: list[str] | None = None
    drop: list[str] | None = None
    as_of: str | None = None
    json_output: bool = False
    out: Path | None = None
    formats: str = "json"
    players: str | None = None
    commodity: str | None = None
    stage: str = "both"
    workers: int = 1
    scheduler: str | None = None
    checkpoint: Path | None = None
    resume: bool = False

    def game_players(self) -> list[str] | None:
        """``--players`` as a list of actor ids (None: not given)."""
        return parse_id_list(self.players, "--players")

    def run(self) -> RunSettings:
        """``--workers``, ``--scheduler``, ``--checkpoint`` and ``--resume``, checked (exit 2)."""
        return run_settings(self.workers, self.scheduler, self.checkpoint, self.resume)

    def load(self, scenario: str | None = None) -> Scenario:
        """``scenario`` (default: the SCENARIO argument) with ``--set``, ``--drop``, ``--as-of``."""
        chosen = self.scenario if scenario is None else scenario
        return load(chosen, self.set_, self.drop, self.as_of)

    def emit(
        self,
        command: str,
        scenario: str | None,
        analysis: Any,
        show: Callable[[], None],
        *,
        document: Mapping[str, Any] | None = None,
        **extra: Any,
    ) -> None:
        """A command's output: ``--out`` files first, then the ``--json`` document or ``show()``.

        ``document``: the JSON document, default ``analysis.to_dict()``; ``extra`` as in
        :meth:`write_out`. Files first, so a folder that cannot be written fails the
        command before anything reaches stdout.
        """
        self.write_out(command, scenario, analysis, document=document, **extra)
        if self.json_output:
            print_json(analysis.to_dict() if document is None else document)
        else:
            show()

    def write_out(self, command: str, scenario: str | None, analysis: Any, **extra: Any) -> None:
        """:func:`~corridor.cli.common.write_out` with this line's --out, --format and --json."""
        write_out(
            self.out, self.formats, command, scenario, analysis,
            json_output=self.json_output, **extra,
        )  # fmt: skip


def run_settings(
    workers: int, scheduler: str | None, checkpoint: Path | None, resume: bool
) -> RunSettings:
    """The run options as the analysis's :class:`~corridor.execution.RunSettings`.

    ``--workers``, ``--scheduler``, ``--checkpoint`` and ``--resume``, checked first (exit 2).
    """
    from corridor.execution import RunSettings

    check_options(workers=workers)
    check_scheduler(scheduler)
    return RunSettings(workers, scheduler, checkpoint, resume)


def _parameter(name: str, annotation: Any, default: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def scenario_command(
    *,
    scenario: Any = ScenarioArg,
    overrides: bool = True,
    as_of: bool = True,
    outputs: bool = True,
    out: Any = OutDirOpt,
    games: bool = False,
    runs: bool = False,
    checkpoint: Path | None = None,
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command the shared options; it receives them as a :class:`ScenarioOptions`.

    ``scenario``: the SCENARIO argument's annotation (None: the command takes none);
    ``overrides``: ``--set`` and ``--drop``; ``as_of``: ``--as-of``; ``outputs``:
    ``--json``, ``--out`` (annotated ``out``) and ``--format``, which is checked before
    the command runs; ``games``: ``--players``, ``--commodity`` and ``--stage`` of the power
    games, first among the shared options; ``runs``: ``--workers``, ``--scheduler``,
    ``--checkpoint`` (default ``checkpoint``) and ``--resume``, which
    :meth:`ScenarioOptions.run` turns into the analysis's
    :class:`~corridor.execution.RunSettings`. In ``--help`` the argument comes
    first, the shared options after the command's own.
    """
    first = [_parameter("scenario", scenario, None)] if scenario is not None else []
    shared: list[inspect.Parameter] = []
    if games:
        shared += [
            _parameter("players", GamePlayersOpt, None),
            _parameter("commodity", GameCommodityOpt, None),
            _parameter("stage", StageOpt, "both"),
        ]
    if outputs:
        shared += [
            _parameter("json_output", JsonOpt, False),
            _parameter("out", out, None),
            _parameter("formats", FormatOpt, "json"),
        ]
    if overrides:
        shared += [_parameter("set_", SetOpt, None), _parameter("drop", DropOpt, None)]
    if as_of:
        shared.append(_parameter("as_of", AsOfOpt, None))
    if runs:
        shared += [
            _parameter("workers", WorkersOpt, 1),
            _parameter("scheduler", SchedulerOpt, None),
            _parameter("checkpoint", CheckpointOpt, checkpoint),
            _parameter("resume", ResumeOpt, False),
        ]
    names = [parameter.name for parameter in (*first, *shared)]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        hints = typing.get_type_hints(command, include_extras=True)  # the module's aliases
        _, *own = inspect.signature(command).parameters.values()
        parameters = [p.replace(annotation=hints[p.name], kind=p.KEYWORD_ONLY) for p in own]

        @functools.wraps(command)
        def run(**given: Any) -> None:
            options = ScenarioOptions(**{name: given.pop(name) for name in names})
            if outputs:
                check_formats(options.formats)  # a bad --format before any work
            command(options, **given)

        signature = inspect.Signature([*first, *parameters, *shared])
        run.__signature__ = signature  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
        return run

    return decorate
