"""The one file writer: killed at random moments, it leaves the old file or the new one,
never a part; a write that fails leaves the old file and no temporary file."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import BinaryIO

import pytest

from corridor.atomic import write_atomic

OLD = b"o" * 1_000_000
NEW = b"n" * 700_000
# Rewrites the target in a loop, alternating two contents of different sizes, so that a
# kill lands before, during or after any step (write, fsync, rename) of some write.
WRITER = """
import sys
from corridor.atomic import write_atomic
contents = (b"n" * 700_000, b"o" * 1_000_000)
sys.stdout.write("ready\\n")
sys.stdout.flush()
i = 0
while True:
    write_atomic(sys.argv[1], contents[i % 2])
    i += 1
"""
KILLS = 60


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_writer_killed_at_random_moments_leaves_old_or_new(tmp_path: Path) -> None:
    target = tmp_path / "result.bin"
    target.write_bytes(OLD)
    delays = random.Random(20).choices(range(0, 25), k=KILLS)  # ms after the writer is up
    seen = set()
    for delay in delays:
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(target)],
                                 stdout=subprocess.PIPE)  # fmt: skip
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
        time.sleep(delay / 1000)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        content = target.read_bytes()
        assert content in (OLD, NEW), f"a partial file of {len(content)} bytes"
        seen.add(content)
    # both contents were found in place: the kills landed between writes of each kind
    assert seen == {OLD, NEW}
    # what a kill leaves besides the target is hidden temporary files, never another name
    assert {p.name for p in tmp_path.iterdir() if not p.name.startswith(".")} == {"result.bin"}


class Failed(Exception):
    """Stands for a writer that fails half-way (a full disk, a bug in a serialiser)."""


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "v.npz"
    target.write_bytes(OLD)

    def half_then_fail(handle: BinaryIO) -> None:
        handle.write(NEW[:1000])
        raise Failed

    with pytest.raises(Failed):
        write_atomic(target, half_then_fail)
    assert target.read_bytes() == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["v.npz"]


def test_text_bytes_and_writers_land_whole_with_ordinary_permissions(tmp_path: Path) -> None:
    assert write_atomic(tmp_path / "new" / "a.txt", "grüß\n").read_bytes() == "grüß\n".encode()
    assert write_atomic(tmp_path / "b.bin", b"\x00\x01").read_bytes() == b"\x00\x01"
    assert write_atomic(tmp_path / "c.bin", lambda h: h.write(b"xyz")).read_bytes() == b"xyz"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "b.bin").stat().st_mode) == 0o666 & ~umask
