"""Run every benchmark module in this folder (``python -m bench [NAME ...]``).

Each module defines ``main() -> dict``; it measures a baseline and corridor side by side in
one process, prints the ratio, and writes ``bench/results/<name>.json``.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))
    chosen = argv or names
    unknown = sorted(set(chosen) - set(names))
    if unknown:
        sys.stderr.write(
            f"error: unknown benchmark(s) {', '.join(unknown)}; have {', '.join(names)}\n"
        )
        return 2
    for name in chosen:
        print(f"== bench/{name}.py")
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
