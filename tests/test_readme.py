"""Every Python example in the README and the docs pages runs as written (a fresh interpreter).

The long reference sections moved from the README into docs/ (issue 23); their examples are
checked here as they were when they lived in the README. Examples fenced ```py instead of
```python need what no test machine has (a SLURM or Kubernetes cluster) and are not run.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def examples_of(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), re.S)


EXAMPLES = [
    (f"{page.relative_to(ROOT)}-{i}", example)
    for page in PAGES
    for i, example in enumerate(examples_of(page))
]


def test_the_readme_and_the_docs_have_python_examples() -> None:
    assert len(examples_of(ROOT / "README.md")) >= 2
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize("example", [e for _, e in EXAMPLES], ids=[n for n, _ in EXAMPLES])
def test_readme_example_runs(example: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", example], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 0, done.stderr
