"""Typed exceptions shared by every stage; the CLI maps them to exit codes."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with control characters and line separators escaped (as ``repr`` does).

    Messages quote what users wrote; escaping keeps one problem on one line, so that an id
    holding a newline cannot forge a second ``file:line:`` line.
    """
    return _BREAKING.sub(lambda m: _escape(m.group()), text)


def _escape(ch: str) -> str:
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if ch in named:
        return named[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class CorridorError(Exception):
    """Base class of every error corridor raises on purpose."""


class InputError(CorridorError):
    """Bad input from a user: a file, an argument or a request. CLI exit code 2.

    ``parameter`` names the argument at fault in the library's words (``draws``); the
    message then reads ``draws: problem``, and each front end names it its own way (the
    CLI as ``--draws``, the API as the request field).
    """

    def __init__(self, message: str, parameter: str | None = None):
        self.parameter = parameter
        self.problem = message
        super().__init__(f"{parameter}: {message}" if parameter else message)


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem, located in a file.

    ``path`` is the dotted key path inside the file (``links[3].capacity``), ``line`` the
    1-based line it was found on (0 when unknown).
    """

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return one_line(text)


class Unavailable(InputError):
    """An analysis cannot run on this scenario (no market, no deal, no talks); says why."""


class TooManyPlayers(InputError):
    """Exact enumeration of ``players`` players (2^n coalitions) is above ``limit``."""

    def __init__(self, players: int, limit: int):
        self.players, self.limit = players, limit
        self.reason = (
            f"exact enumeration of {players} players means {2**players:,} coalitions, above "
            f"the limit of {limit} players"
        )
        super().__init__(f"{self.reason}; use the sampled method (or raise max_exact_players)")


class ScenarioError(InputError):
    """A scenario file failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class SolverError(CorridorError):
    """The LP solver failed or returned a status we cannot use."""


class Infeasible(SolverError):
    """The model has no feasible solution."""


class Unbounded(SolverError):
    """The model's objective is unbounded."""


__all__ = [
    "CorridorError",
    "Infeasible",
    "InputError",
    "Problem",
    "ScenarioError",
    "SolverError",
    "TooManyPlayers",
    "Unavailable",
    "Unbounded",
    "one_line",
]
