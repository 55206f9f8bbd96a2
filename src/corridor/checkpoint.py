"""Checkpoints: the finished chunks of a job kept in a folder, and when they are trusted.

A job's checkpoint (:class:`Checkpoint`) is a folder that holds a ``meta.json`` naming
the job and one file per finished chunk, ``chunk-<start>-<stop>.npy`` (an array) or
``.npz`` (columns). Every file is written by :func:`corridor.atomic.write_atomic`, so a
run killed at any moment (even by ``kill -9``) leaves whole files only. A folder whose
``meta.json`` names another job is refused with one :class:`~corridor.errors.InputError`
line; one whose ``meta.json`` is not a job's (empty, truncated, not JSON: from a foreign
tool or a writer older than the atomic one) is refused the same way, naming the file; a
folder without one is new, and chunk files there are not trusted. With ``resume=True`` a
chunk whose file is found and reads back with one row per work unit is not computed
again; a missing, truncated or corrupt file is computed and written anew. With
``resume=False`` the job's chunk files are deleted first and everything is computed.

:class:`corridor.execution.RunSettings` makes a job's :class:`Checkpoint` from the user's
``checkpoint`` folder and ``resume`` flag; :class:`ChunkStore` is what the runner
(:class:`corridor.execution.ChunkRunner`) reads and writes through.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from corridor.atomic import write_atomic
from corridor.errors import InputError

if TYPE_CHECKING:
    from corridor.execution import Chunk

__all__ = ["Checkpoint", "ChunkStore"]


@dataclass(frozen=True)
class Checkpoint:
    """A folder keeping a job's finished chunks; ``meta`` (JSON data) names the job."""

    folder: Path
    meta: Mapping[str, Any] = field(default_factory=dict)
    resume: bool = True


class ChunkStore:
    """The checkpoint folder of one job: checks or writes its meta, reads and writes chunks."""

    def __init__(self, checkpoint: Checkpoint):
        self.folder = Path(checkpoint.folder)
        meta = json.loads(json.dumps(dict(checkpoint.meta)))
        meta_file = self.folder / "meta.json"
        self.trusted = checkpoint.resume
        # the folder, or the nearest of its parents that exists (a job's sub-folder of a
        # --checkpoint that is a file), must be a folder
        found = next((p for p in (self.folder, *self.folder.parents) if p.exists()), None)
        if found is not None and not found.is_dir():
            raise InputError(f"{found}: not a folder", parameter="checkpoint")
        if meta_file.exists():
            try:
                found = json.loads(meta_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
                found = None
            if found != meta:
                why = (
                    "differs in " + ", ".join(sorted(k for k in meta if found.get(k) != meta[k]))
                    if isinstance(found, dict)
                    else "unreadable meta.json"
                )
                raise InputError(
                    f"{self.folder}: belongs to another run ({why}); use a new folder",
                    parameter="checkpoint",
                )
        else:
            self.trusted = False  # chunk files without a meta are of unknown origin
            write_atomic(meta_file, json.dumps(meta, indent=2) + "\n")

    def _paths(self, chunk: Chunk) -> tuple[Path, Path]:
        stem = f"chunk-{chunk.start:09d}-{chunk.stop:09d}"
        return self.folder / f"{stem}.npy", self.folder / f"{stem}.npz"

    def load(self, chunk: Chunk) -> Any:
        """The chunk's saved result, or None (missing, corrupt, or not to be trusted)."""
        array_file, columns_file = self._paths(chunk)
        if not self.trusted:
            array_file.unlink(missing_ok=True)
            columns_file.unlink(missing_ok=True)
            return None
        try:
            if array_file.exists():
                result: Any = np.load(array_file, allow_pickle=False)
                arrays = [result]
            elif columns_file.exists():
                with np.load(columns_file, allow_pickle=False) as data:
                    result = {k: np.array(data[k]) for k in data.files}
                arrays = list(result.values())
            else:
                return None
        except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile):
            return None  # a damaged or foreign file: compute the chunk again
        if not arrays or any(np.ndim(a) == 0 or len(a) != chunk.units for a in arrays):
            return None
        return result

    def save(self, chunk: Chunk, result: Any) -> None:
        """Write the chunk's result atomically: ``.npy`` for an array, ``.npz`` for columns."""
        array_file, columns_file = self._paths(chunk)
        if isinstance(result, dict):
            write_atomic(columns_file, lambda handle: np.savez(handle, **result))
        else:
            write_atomic(array_file, lambda handle: np.save(handle, np.asarray(result)))
