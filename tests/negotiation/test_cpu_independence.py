"""The expected-utility model gives the same bytes whatever vector units the CPU has.

numpy's float64 ``power`` runs vectorised (SVML) kernels on CPUs with AVX-512 and scalar
ones elsewhere; the two differ in the last bit, and the model's discrete choices turned
that into a different Monte Carlo spread (six-party-2011, 20 draws, seed 1: an influence
s.d. of 11.44 on an AVX-512 machine against 11.22 without; with 5 draws, as here, the
bytes already differ). ``NPY_DISABLE_CPU_FEATURES``
makes numpy ignore the AVX-512 kernels in a child process, so both paths can be compared
on one machine. On a CPU without AVX-512 both runs take the scalar path and the test
cannot tell the difference (it passes without proving anything there).
"""

from __future__ import annotations

import os
import subprocess
import sys

AVX512 = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL X86_V4"
COMMAND = [sys.executable, "-m", "corridor", "negotiate", "six-party-2011", "--model", "eu",
           "--json", "--draws", "5", "--seed", "1"]  # fmt: skip


def _run(**env: str) -> bytes:
    done = subprocess.run(
        COMMAND, env={**os.environ, **env}, capture_output=True, check=True, timeout=300
    )
    return done.stdout


def test_eu_forecasts_do_not_depend_on_avx512() -> None:
    assert _run() == _run(NPY_DISABLE_CPU_FEATURES=AVX512)
