"""Reading a scenario file's TOML: parsed once per version of the file.

A sweep loads one scenario hundreds of times with different overrides; parsing its TOML
is most of a load's cost, so :func:`read_document` keeps the parsed document of the last
files read (keyed by path, modification time and size: a file changed on disk is read
again). Callers must not mutate what it returns; overrides apply to a deep copy.
"""

from __future__ import annotations

import functools
import re
import stat
import tomllib
from pathlib import Path
from typing import Any, Final

from corridor.errors import Problem, ScenarioError

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "parse_document", "read_document"]

MAX_FILE_BYTES: Final = 4_000_000
"""Largest scenario file read, in bytes (the bundled korea-2011 is ~100 kB)."""
MAX_DEPTH: Final = 32
"""Deepest nesting of tables and arrays accepted (scenario files use at most 6 levels);
deeper documents would exhaust Python's recursion limit in the parser and the checks."""


def parse_document(text: str, file: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error is a ScenarioError located at its line.

    So are text longer than :data:`MAX_FILE_BYTES` and nesting deeper than
    :data:`MAX_DEPTH`.
    """
    if len(text) > MAX_FILE_BYTES:
        raise ScenarioError([Problem(file, 0, "", f"larger than {MAX_FILE_BYTES:,} bytes, the "
                                     "largest scenario file read")])  # fmt: skip
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        # tomllib reports "at end of document" without a line; that is the last line.
        line = int(match.group(1)) if match else max(1, len(text.splitlines()))
        raise ScenarioError([Problem(file, line, "", f"TOML syntax error: {exc}")]) from None
    except RecursionError:
        document = None
    if document is None or _too_deep(document):
        message = f"nested deeper than {MAX_DEPTH} levels of tables and arrays"
        raise ScenarioError([Problem(file, _deep_line(text), "", message)])
    return document


def _too_deep(document: dict[str, Any]) -> bool:
    """Whether any value lies more than MAX_DEPTH tables or arrays deep (no recursion)."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((v, depth + 1) for v in children if isinstance(v, dict | list))
    return False


def _deep_line(text: str) -> int:
    """The first line on which brackets (outside strings and comments) open too deep."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        quote = ""
        for ch in line:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number
            elif ch in "]}":
                depth = max(0, depth - 1)
    return 1


@functools.lru_cache(maxsize=16)
def _read(file: str, mtime_ns: int, size: int) -> tuple[str, dict[str, Any]]:
    del mtime_ns, size  # part of the cache key only
    text = Path(file).read_text(encoding="utf-8")
    return text, parse_document(text, file)


def read_document(file: str) -> tuple[str, dict[str, Any]]:
    """A scenario file's text and parsed TOML (shared between calls: never mutate it).

    Only regular files are read: a fifo or a device (``/dev/null``) is refused before it
    is opened, as is a file larger than :data:`MAX_FILE_BYTES`.
    """
    try:
        info = Path(file).stat()
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a fifo, device or socket"
            raise ScenarioError([Problem(file, 0, "", f"not a regular file ({kind})")])
        if info.st_size > MAX_FILE_BYTES:
            size = f"{info.st_size:,} bytes, above {MAX_FILE_BYTES:,}, the largest file read"
            raise ScenarioError([Problem(file, 0, "", size)])
        return _read(file, info.st_mtime_ns, info.st_size)
    except FileNotFoundError:
        raise ScenarioError([Problem(file, 0, "", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([Problem(file, 0, "", f"cannot read: {exc}")]) from None
