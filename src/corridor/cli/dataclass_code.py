"""Compiled dataclass methods kept between runs of the ``corridor`` command.

On Python 3.11, :func:`dataclasses.dataclass` writes each method it generates
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, and a frozen class's
``__setattr__`` and ``__delattr__``) as source text and compiles it with ``exec``
(``dataclasses._create_fn``). Compiling costs about 1 ms a class, running the compiled
code next to nothing, and ``corridor power korea-2011`` creates ~75 classes (the scenario
model it unpickles, the analyses' results): ~50 ms of a command whose own work beyond
importing pandas and highspy is ~160 ms (``python -m bench startup``). The interpreter keeps
a module's byte-code in ``__pycache__`` for the same reason; nothing keeps these, and no
library does (Python 3.13 compiles a class's methods in one ``exec`` instead).

:func:`install` (called by :func:`corridor.cli.main` only, like :mod:`.collector`, so
notebooks, tests and other library users are untouched) puts in ``_create_fn``'s place the
same function that looks its text up in a table of code objects before compiling it.
The table lives in ``$XDG_CACHE_HOME/corridor/dataclass-code-<tag>.marshal``
(:func:`table_path`) and is written atomically at exit, only when this run compiled a text
it did not hold.

Why this cannot change a class:

- The replacement builds the same text, compiles it with the same file name and flags
  (``dont_inherit``: not this module's ``from __future__``), and runs it in the same
  globals and locals; only whether the compile happens in this run changes.
- A code object is found by its whole source text, and the file's name carries the
  interpreter's cache tag and byte-code magic number, so no other interpreter reads it.
- It is installed only where ``dataclasses._create_fn`` is the function it replaces: its
  code's digest is one of :data:`KNOWN_CREATE_FN`. Anywhere else (3.12, 3.13, a patched
  3.11) :func:`install` changes nothing and the command is only slower.
- ``CORRIDOR_NO_CACHE=1`` (or ``corridor --no-cache``) turns it off with the scenario cache.
- A table that cannot be read (missing, truncated, foreign) is ignored and rebuilt; one
  that cannot be written is not written. Beyond :data:`MAX_ENTRIES` texts (old versions'
  classes) only this run's are written again.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import hashlib
import importlib.util
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

__all__ = ["KNOWN_CREATE_FN", "MAX_ENTRIES", "create_fn_digest", "install", "table_path"]

KNOWN_CREATE_FN = frozenset(
    {"d3de955f6fbe19e8dc0445462764cd90912f652e39a7c5dd4e77c593198ed35b"}  # CPython 3.11.7
)
"""Digests (:func:`create_fn_digest`) of the ``dataclasses._create_fn`` this module replaces."""
MAX_ENTRIES = 5_000
"""Texts a table holds at most (a command compiles ~450, pandas' included)."""

_MISSING = dataclasses.MISSING
_installed = False


def create_fn_digest(function: Any) -> str:
    """SHA-256 of a function's byte-code, constants and names (what it does, not where)."""
    return _code_digest(function.__code__).hex()


def _code_digest(code: CodeType) -> bytes:
    # nested code objects (a generator expression) by their own digest: their repr holds
    # an address and a file path
    consts = [
        _code_digest(c) if isinstance(c, CodeType) else repr(c).encode() for c in code.co_consts
    ]
    parts = (code.co_code, *consts, repr(code.co_names).encode())
    return hashlib.sha256(b"\0".join(parts)).digest()


def table_path() -> Path:
    """The table's file, under ``$XDG_CACHE_HOME/corridor`` beside the scenario cache's folder."""
    from corridor.scenario.cache import cache_dir

    tag = f"{sys.implementation.cache_tag}-{importlib.util.MAGIC_NUMBER.hex()}"
    return cache_dir().parent / f"dataclass-code-{tag}.marshal"


class _Table:
    """Marshalled code objects by source text: those read from the file, and this run's.

    Kept marshalled until a class asks for one: bytes and strings are not tracked by the
    garbage collector, so loading the table adds one object for it to scan, not the
    thousands of the code objects' constants (a young generation that large made
    start-up's one collection scan 100,000 objects, ~35 ms).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.blobs: dict[str, bytes] = {}
        self.used: set[str] = set()
        self.new = False
        try:
            with open(path, "rb") as handle:
                data = handle.read()  # marshal.load on the handle reads in small steps: 10x slower
            found = marshal.loads(data)
        except (OSError, EOFError, ValueError, TypeError):
            return  # missing, truncated or not marshal data: rebuilt
        if isinstance(found, dict):
            self.blobs = {k: v for k, v in found.items() if type(k) is str and type(v) is bytes}

    def code(self, text: str) -> CodeType:
        self.used.add(text)
        blob = self.blobs.get(text)
        if blob is not None:
            try:
                found = marshal.loads(blob)
            except (EOFError, ValueError, TypeError):
                found = None  # a damaged entry: compiled again
            if type(found) is CodeType:
                return found
        code = compile(text, "<string>", "exec", dont_inherit=True)
        self.blobs[text] = marshal.dumps(code)
        self.new = True
        return code

    def save(self) -> None:
        if not self.new or not self.path.is_absolute():
            return  # nothing new, or no home to write into
        from corridor.atomic import write_atomic

        kept = self.blobs
        if len(kept) > MAX_ENTRIES:
            kept = {text: blob for text, blob in kept.items() if text in self.used}
        with contextlib.suppress(OSError, ValueError):  # a read-only or full home
            write_atomic(self.path, marshal.dumps(kept))


def install() -> bool:
    """Use the table for every dataclass created from now on; True if it is in use."""
    global _installed
    from corridor.scenario import cache  # stdlib only (start-up)

    if _installed:
        return True
    if not cache.enabled():
        return False  # CORRIDOR_NO_CACHE: no cache of any kind is read or written
    create_fn = getattr(dataclasses, "_create_fn", None)
    if create_fn is None or create_fn_digest(create_fn) not in KNOWN_CREATE_FN:
        return False
    table = _Table(table_path())

    # the body of CPython 3.11's dataclasses._create_fn, but for where the code comes from
    def _create_fn(name, args, body, *, globals=None, locals=None, return_type=_MISSING):
        if locals is None:
            locals = {}
        return_annotation = ""
        if return_type is not _MISSING:
            locals["_return_type"] = return_type
            return_annotation = "->_return_type"
        args = ",".join(args)
        body = "\n".join(f"  {b}" for b in body)
        txt = f" def {name}({args}){return_annotation}:\n{body}"
        local_vars = ", ".join(locals.keys())
        txt = f"def __create_fn__({local_vars}):\n{txt}\n return {name}"
        ns: dict[str, Any] = {}
        exec(table.code(txt), globals, ns)
        return ns["__create_fn__"](**locals)

    dataclasses._create_fn = _create_fn  # type: ignore[attr-defined]
    atexit.register(table.save)
    _installed = True
    return True
