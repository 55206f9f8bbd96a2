"""Run the ``corridor`` command in this process (no interpreter start-up per call)."""

from __future__ import annotations

import contextlib
import io

from corridor.cli import app
from corridor.cli.common import run_guarded


def corridor_here(*args: str) -> tuple[int, str, str]:
    """``corridor ARGS`` through the CLI's own error handling: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_guarded(lambda **options: app(args=list(args), prog_name="corridor", **options))
    return code, out.getvalue(), err.getvalue()


__all__ = ["corridor_here"]
