"""Reading a scenario file's TOML: parsed once per version of the file.

A sweep loads one scenario hundreds of times with different overrides; parsing its TOML
is most of a load's cost, so :func:`read_document` keeps the parsed document of the last
files read (keyed by path, modification time and size: a file changed on disk is read
again). Callers must not mutate what it returns; overrides apply to a deep copy.
"""

from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path
from typing import Any

from corridor.errors import Problem, ScenarioError

__all__ = ["parse_document", "read_document"]


def parse_document(text: str, file: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error is a ScenarioError located at its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        # tomllib reports "at end of document" without a line; that is the last line.
        line = int(match.group(1)) if match else max(1, len(text.splitlines()))
        raise ScenarioError([Problem(file, line, "", f"TOML syntax error: {exc}")]) from None


@functools.lru_cache(maxsize=16)
def _read(file: str, mtime_ns: int, size: int) -> tuple[str, dict[str, Any]]:
    del mtime_ns, size  # part of the cache key only
    text = Path(file).read_text(encoding="utf-8")
    return text, parse_document(text, file)


def read_document(file: str) -> tuple[str, dict[str, Any]]:
    """A scenario file's text and parsed TOML (shared between calls: never mutate it)."""
    try:
        stat = Path(file).stat()
        return _read(file, stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        raise ScenarioError([Problem(file, 0, "", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([Problem(file, 0, "", f"cannot read: {exc}")]) from None
