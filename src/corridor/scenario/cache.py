"""A persistent cache of loaded scenarios, so that a command's second run skips the loader.

Loading korea-2011 validates ~100 kB of TOML through the pydantic schema and sizes four
designed pipelines: about half a second, most of what ``corridor validate`` costs and
more than the power analysis after it. The in-process memos (:mod:`.source`,
:mod:`.design_memo`) last one process only; this cache keeps the finished, validated
:class:`~corridor.scenario.model.Scenario` on disk, pickled, one file per entry under
``$XDG_CACHE_HOME/corridor/scenarios`` (default ``~/.cache/corridor/scenarios``).

An entry's key is the SHA-256 of everything the loaded scenario depends on:

- the format (:data:`FORMAT`), corridor's version and a hash of every source file of the
  package (``.py``, ``.pyi`` and the bundled ``.toml`` files: the loader, the schema, the
  engineering that sizes designs, the model classes pickled and the bundled scenarios a
  ``negotiation_from`` may name), so that any change of the code misses;
- the scenario file's bytes, its path as given and as an absolute path (the scenario
  records the one and resolves relative companions against the other);
- the overrides (``--set``, ``--drop``) and their origin, as given.

A file a scenario names (a ``negotiation_from`` path) is recorded in the entry with its
bytes' hash, and a hit whose named file changed or went is a miss. Only successful
loads are stored, so a file with problems reports them exactly as before, every time.
An entry that cannot be read, is not corridor's (another format, key or owner) or does
not unpickle to a Scenario is ignored and recomputed. Entries are written atomically
(:mod:`corridor.atomic`); the cache keeps at most :data:`MAX_ENTRIES` entries and
:data:`MAX_BYTES` bytes, dropping the least recently used first.

``CORRIDOR_NO_CACHE=1`` (or ``corridor --no-cache ...``) bypasses it, for reads and
writes; :func:`clear` (or deleting the folder) empties it.

Pickle runs code named by the file it reads, so only files owned by the current user in
a folder created for them are read: the cache is as trusted as the user's home.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import stat
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from corridor.atomic import write_atomic

if TYPE_CHECKING:
    from corridor.scenario.model import Scenario

__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "MAX_ENTRIES",
    "NO_CACHE_ENV",
    "cache_dir",
    "clear",
    "code_fingerprint",
    "enabled",
    "read",
    "scenario_key",
    "tree_digest",
    "tree_signature",
    "write",
]

NO_CACHE_ENV: Final = "CORRIDOR_NO_CACHE"
"""Set to ``1`` to neither read nor write the cache."""
FORMAT: Final = 1
"""The entry format; a change of it makes every older entry a miss."""
MAX_ENTRIES: Final = 64
"""Entries kept (the least recently used are dropped first)."""
MAX_BYTES: Final = 64 * 2**20
"""Total bytes of entries kept (korea-2011 takes ~70 kB)."""

_MAGIC: Final = b"corridor scenario cache\n"
_SUFFIX: Final = ".pickle"
_PACKAGE: Final = Path(__file__).resolve().parent.parent
_SOURCE_SUFFIXES: Final = (".py", ".pyi", ".toml")
_MAX_FILE_BYTES: Final = 4_000_000  # as corridor.scenario.source: larger files are refused


def enabled() -> bool:
    """False when ``CORRIDOR_NO_CACHE`` is set to anything but ``""`` or ``0``."""
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/corridor/scenarios`` (``~/.cache/corridor/scenarios`` by default).

    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG base directory spec says. When no
    home is found (``~`` stays as written) the path is relative, and :func:`scenario_key`
    turns the cache off rather than write into the working folder.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "corridor" / "scenarios"


@functools.cache
def code_fingerprint() -> str:
    """SHA-256 of the format, corridor's version and :func:`tree_digest` of the package.

    Computed once a process. The whole package (~1 MB) rather than a hand-kept list of the
    modules loading uses: a list would go stale the day the loader imports another.
    Reading and hashing it takes ~7 ms, a twentieth of ``power``'s own start-up work, so
    the digest is kept in the cache folder beside the files' sizes, modification times
    and inodes (:func:`tree_signature`), and read again only when one of those changed.
    """
    from corridor import __version__

    parts = (str(FORMAT), __version__, _package_digest())
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _package_digest() -> str:
    """:func:`tree_digest` of the package, through the memo of its last value."""
    memo = cache_dir().parent / "package-digest.json"
    signature = tree_signature(_PACKAGE)
    key = {"package": str(_PACKAGE), "signature": signature}
    try:
        found = json.loads(memo.read_text(encoding="utf-8"))
        if isinstance(found, dict) and {k: found.get(k) for k in key} == key:
            digest = found.get("digest")
            if isinstance(digest, str):
                return digest
    except (OSError, ValueError):
        pass  # missing or not ours: computed and written anew
    digest = tree_digest(_PACKAGE)
    if memo.is_absolute() and enabled():
        with contextlib.suppress(OSError):  # a read-only or full home: hashed next time
            write_atomic(memo, json.dumps({**key, "digest": digest}) + "\n")
    return digest


def _source_files(folder: Path) -> list[tuple[str, str]]:
    """(name under ``folder``, path) of every source file, ``__pycache__`` skipped, in order."""
    found = []
    for parent, subfolders, files in os.walk(folder):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        under = os.path.relpath(parent, folder)
        for name in sorted(files):
            if name.endswith(_SOURCE_SUFFIXES):
                relative = name if under == "." else os.path.join(under, name)
                found.append((relative, os.path.join(parent, name)))
    return found


def tree_digest(folder: Path) -> str:
    """SHA-256 over the names and bytes of every source file under ``folder``, in order.

    Source files: ``.py``, ``.pyi`` and ``.toml``; ``__pycache__`` folders are skipped.
    """
    digest = hashlib.sha256()
    for relative, path in _source_files(folder):
        digest.update(relative.encode() + b"\0")
        with open(path, "rb") as handle:
            digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def tree_signature(folder: Path) -> str:
    """SHA-256 over the names, sizes, modification times (ns) and inodes of its source files.

    What Python's byte-code cache checks, and the inode besides: an editor that saves by
    renaming a new file over the old one gives the file another inode.
    """
    digest = hashlib.sha256()
    for relative, path in _source_files(folder):
        info = os.stat(path)
        line = f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n"
        digest.update(line.encode())
    return digest.hexdigest()


def _file_digest(path: str) -> str | None:
    """SHA-256 of a regular file's bytes (None: missing, not regular, too large, unreadable)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_FILE_BYTES:
            return None  # never open a fifo or a device here: the loader reports them
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


def _plain(value: object) -> object:
    """An override value as JSON can key it (an enum such as DROP by its name)."""
    if isinstance(value, Enum):
        return f"<{type(value).__module__}.{type(value).__qualname__}.{value.name}>"
    raise TypeError(type(value).__name__)


def scenario_key(
    file: str,
    overrides: Mapping[str, Any] | Sequence[str] | None,
    drop: Sequence[str],
    origin: str,
) -> str | None:
    """The cache key of loading ``file`` with these overrides, or None if not cacheable.

    None when the cache is off, the file is not a readable regular file (the loader says
    what is wrong) or an override value is no TOML-like value (nothing to key it by).
    """
    if not enabled() or not cache_dir().is_absolute():
        return None
    content = _file_digest(file)
    if content is None:
        return None
    if isinstance(overrides, Mapping):
        given: object = {"mapping": sorted((str(k), v) for k, v in overrides.items())}
    else:
        given = {"list": [str(x) for x in overrides or ()]}
    try:
        changes = json.dumps([given, [str(x) for x in drop], origin], default=_plain)
    except (TypeError, ValueError):
        return None
    parts = (code_fingerprint(), content, file, os.path.abspath(file), changes)
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _entry(key: str) -> Path:
    return cache_dir() / f"{key}{_SUFFIX}"


def _named_files(scenario: Scenario) -> dict[str, str | None]:
    """Files the scenario names (a ``negotiation_from`` path), with their bytes' hash."""
    companion = scenario.negotiation_from
    if companion is None or not os.path.isabs(companion):
        return {}  # a bundled name: covered by the code fingerprint
    return {companion: _file_digest(companion)}


def read(key: str) -> Scenario | None:
    """The scenario stored under ``key``, or None (a miss: absent, foreign, corrupt, stale)."""
    from corridor.scenario.model import Scenario

    path = _entry(key)
    try:
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if hasattr(os, "getuid") and info.st_uid != os.getuid():
                return None  # not written by this user: never unpickle it
            data = handle.read()
    except OSError:
        return None
    header = _MAGIC + key.encode("ascii") + b"\n"
    if not data.startswith(header):
        return None
    try:
        named, scenario = pickle.loads(data[len(header) :])  # trusted: see the module docstring
    except Exception:  # a corrupt or foreign entry of any kind is a miss, recomputed
        return None
    if not isinstance(scenario, Scenario) or named != _named_files(scenario):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: pruned last
    return scenario


def write(key: str, scenario: Scenario) -> None:
    """Store ``scenario`` under ``key`` (atomically), then prune; a failure is no error."""
    folder = cache_dir()
    header = _MAGIC + key.encode("ascii") + b"\n"
    try:
        payload = pickle.dumps((_named_files(scenario), scenario), pickle.HIGHEST_PROTOCOL)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(_entry(key), header + payload)
        _prune(folder)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a read-only or full home, an unpicklable value: run without the cache


def _prune(folder: Path) -> None:
    """Drop the least recently used entries beyond MAX_ENTRIES or MAX_BYTES."""
    entries = []
    for path in folder.glob(f"*{_SUFFIX}"):
        try:
            info = path.stat()
        except OSError:
            continue  # removed by another process meanwhile
        entries.append((info.st_mtime_ns, info.st_size, path))
    entries.sort(reverse=True)  # newest first
    total = 0
    for kept, (_, size, path) in enumerate(entries):
        total += size
        if kept >= MAX_ENTRIES or total > MAX_BYTES:
            path.unlink(missing_ok=True)


def clear() -> int:
    """Remove every entry; returns how many were removed."""
    removed = 0
    for path in cache_dir().glob(f"*{_SUFFIX}"):
        try:
            path.unlink()
            removed += 1
        except OSError:
            pass
    return removed
