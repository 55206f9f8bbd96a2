"""Bundled scenarios (``library/*.toml``) and resolution of a name-or-path argument."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from corridor.errors import InputError

DEFAULT_SCENARIO = "korea-2011"


def _library() -> Path:
    return Path(str(resources.files("corridor.scenario") / "library"))


def bundled_names() -> list[str]:
    """Names of the bundled scenarios, sorted."""
    return sorted(p.stem for p in _library().glob("*.toml"))


def bundled_path(name: str) -> Path:
    """Path of a bundled scenario file; InputError if there is none of that name."""
    path = _library() / f"{name}.toml"
    if not path.is_file():
        raise InputError(
            f"scenario: no bundled scenario {name!r} (bundled: {', '.join(bundled_names())})"
        )
    return path


def resolve(name_or_path: str | Path | None) -> Path:
    """Turn a bundled name, a file path or None (the default scenario) into a path.

    A value that names an existing file is a path; otherwise it must be a bundled name.
    """
    if name_or_path is None:
        return bundled_path(DEFAULT_SCENARIO)
    candidate = Path(name_or_path)
    if candidate.is_dir():
        raise InputError(f"scenario: {str(name_or_path)!r} is a folder, not a scenario file")
    if candidate.exists():  # a fifo or a device too: reading it says what is wrong
        return candidate
    text = str(name_or_path)
    if text.endswith(".toml") or "/" in text or "\\" in text:
        raise InputError(f"scenario: no such file {text!r}")
    return bundled_path(text)


__all__ = [
    "DEFAULT_SCENARIO",
    "bundled_names",
    "bundled_path",
    "resolve",
]
