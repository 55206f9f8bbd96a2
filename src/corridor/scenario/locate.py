"""Map key paths of a TOML document to the lines they were written on.

Python's ``tomllib`` (and tomlkit) give no source positions for keys, and validation
messages must say ``file:line``. This scanner reads the text once and records the line of
every table header, array-of-tables entry, key, and element of an inline array of tables.
It understands the TOML that scenario files use (headers, dotted keys, inline tables and
arrays over several lines); for anything it cannot place, :meth:`KeyLines.line` falls back
to the nearest enclosing path it knows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from corridor.scenario.provenance import KeyPath, PathPart

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_INLINE_KEY = re.compile(r"""(?:^|[{,])\s*([A-Za-z0-9_-]+)\s*=""")


def _split_key(text: str) -> list[str]:
    return [
        part.strip().strip("\"'")
        for part in re.split(r"\.(?=(?:[^\"']*[\"'][^\"']*[\"'])*[^\"']*$)", text)
    ]


def _strip_strings(line: str) -> str:
    """The line with string contents and comments removed (brackets inside strings ignored)."""
    out, quote, i = [], "", 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = ""
                out.append(ch)
        elif ch in "\"'":
            quote = ch
            out.append(ch)
        elif ch == "#":
            break
        else:
            out.append(ch)
        i += 1
    return "".join(out)


class KeyLines:
    """Line numbers (1-based) of the key paths of one TOML text."""

    def __init__(self, text: str):
        self._lines: dict[KeyPath, int] = {}
        self._scan(text)

    def line(self, path: Sequence[PathPart]) -> int:
        """Line of ``path`` or of its longest known prefix; 0 when nothing matches."""
        key = tuple(path)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return 0

    def _record(self, path: KeyPath, line: int) -> None:
        self._lines.setdefault(path, line)

    def _scan(self, text: str) -> None:
        table: KeyPath = ()
        aot_index: dict[KeyPath, int] = {}
        array_path: KeyPath | None = None  # a multi-line array value being read
        depth = 0  # bracket depth inside that array
        element = -1
        for number, raw in enumerate(text.splitlines(), start=1):
            line = _strip_strings(raw)
            if array_path is None:
                header = _HEADER.match(line)
                if header and header.group(1):
                    parts = _split_key(header.group(2))
                    resolved: list[PathPart] = []
                    for part in parts[:-1]:
                        resolved.append(part)
                        if tuple(resolved) in aot_index:  # inside the latest entry
                            resolved.append(aot_index[tuple(resolved)])
                    base = (*resolved, parts[-1])
                    if header.group(1) == "[[":
                        aot_index[base] = aot_index.get(base, -1) + 1
                        table = (*base, aot_index[base])
                        self._record(base, number)
                    else:
                        table = base
                    for end in range(1, len(table)):  # [extra.sub] also places [extra]
                        self._record(table[:end], number)
                    self._record(table, number)
                    continue
                key = _KEY.match(line)
                if not key:
                    continue
                path = (*table, *_split_key(key.group(1)))
                self._record(path, number)
                value = line[key.end() :]
                if value.strip().startswith("["):
                    depth, element = 0, -1
                    array_path = path
                    value = value.strip()
                else:
                    for inner in _INLINE_KEY.finditer(value):
                        self._record((*path, inner.group(1)), number)
                    continue
            else:
                value = line
            assert array_path is not None
            for ch in value:
                if ch in "[{":
                    depth += 1
                    if ch == "{" and depth == 2:
                        element += 1
                        self._record((*array_path, element), number)
                elif ch in "]}":
                    depth -= 1
            if element >= 0:
                for inner in _INLINE_KEY.finditer(value):
                    self._record((*array_path, element, inner.group(1)), number)
            if depth <= 0:
                array_path = None


__all__ = [
    "KeyLines",
]
