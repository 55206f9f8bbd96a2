"""Tables for the terminal and for JSON: DataFrames as rich tables or JSON-safe records."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from corridor.cli.common import console

if TYPE_CHECKING:
    import pandas as pd


def frame_json(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as a list of JSON-safe records (NaN and inf become None)."""
    records = frame.to_dict(orient="records")
    for row in records:
        for key, value in row.items():
            if isinstance(value, float) and not math.isfinite(value):
                row[key] = None
            elif hasattr(value, "item"):
                row[key] = value.item()
    return records


def print_frame(frame: pd.DataFrame, title: str) -> None:
    """Print a DataFrame as a rich table with numbers to four significant digits."""
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in frame.columns:
        table.add_column(str(col), justify="right" if frame[col].dtype.kind in "if" else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*(cell(v) for v in row))
    console().print(table)


def cell(value: object) -> str:
    """Four significant digits, but whole numbers from 10,000 up (no 1.06e+04)."""
    if not isinstance(value, float):
        return str(value)
    return f"{value:,.0f}" if abs(value) >= 1e4 else f"{value:,.4g}"


__all__ = ["cell", "frame_json", "print_frame"]
