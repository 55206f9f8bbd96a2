"""Every notebook in notebooks/ runs top to bottom without an error (nbclient, a fresh kernel).

The notebooks are committed without outputs; each checks its own numbers with ``assert``
cells (a hand formula, the CLI's JSON, a second run with the same seed), so a notebook that
drifts from the code fails here rather than in a reader's hands.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_at_least_three_notebooks() -> None:
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    with_outputs = [i for i, c in enumerate(book.cells) if c.get("outputs")]
    assert not with_outputs, f"{path.name}: cells {with_outputs} carry outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_NO_CACHE", "1")
    book = nbformat.read(path, as_version=4)
    client = NotebookClient(
        book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError, with the cell and its traceback, on an error
    assert all(c.get("execution_count") for c in book.cells if c.cell_type == "code")
