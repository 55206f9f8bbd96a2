"""The one writer of every file corridor writes: whole files only, whatever kills the writer.

:func:`write_atomic` writes to a temporary file in the target's folder (so the rename
cannot cross file systems), flushes and fsyncs it, renames it over the target
(``os.replace``: atomic on POSIX and Windows) and fsyncs the folder, so that the rename
itself survives a power cut. A reader, or the next run, finds the previous file or the
new one, never a part: a ``kill -9`` at any moment leaves at most a hidden
``.<name>.<pid>.<thread>.tmp`` file beside the target, never a truncated target.
Results, ``power --save``, checkpoints and their ``meta.json``, reports, charts, exports
and ``corridor init`` all go through it (tests/test_atomic.py kills writers at random
moments and finds old-or-new every time).
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["fsync_dir", "write_atomic"]

_COUNTER = itertools.count()


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk; a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # platforms without directory handles (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:  # file systems that cannot fsync a directory
        pass
    finally:
        os.close(fd)


def write_atomic(
    path: str | Path, data: str | bytes | Callable[[BinaryIO], None], *, encoding: str = "utf-8"
) -> Path:
    """Write ``data`` to ``path`` atomically (see the module docstring); returns the path.

    ``data`` is text (encoded with ``encoding``), bytes, or a function writing to a binary
    handle (``np.save``, ``np.savez``). The folder is created if missing. The new file has
    the permissions of any new file (``0o666`` less the umask).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # pid, thread and a counter: concurrent writers of one target never share a temp file
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.{next(_COUNTER)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, str):
                handle.write(data.encode(encoding))
            elif isinstance(data, bytes):
                handle.write(data)
            else:
                data(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
    return path
