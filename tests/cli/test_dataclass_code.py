"""corridor.cli.dataclass_code: dataclass methods compiled once, the same classes every run.

The table patches :mod:`dataclasses` process-wide, so every run that installs it is a
subprocess; this process only checks what :func:`install` refuses.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from corridor.cli import dataclass_code

# Classes of every shape the generator writes (defaults, factories, InitVar, kw_only,
# init=False, frozen with slots, eq and order, a return annotation), and a fingerprint of
# their generated methods and of what the methods do.
_PROBE = textwrap.dedent(
    """
    import dataclasses, hashlib, json, sys
    from dataclasses import InitVar, dataclass, field
    from types import CodeType
    from typing import ClassVar

    if sys.argv[1] == "table":
        from corridor.cli import dataclass_code
        assert dataclass_code.install()

    @dataclass(frozen=True, slots=True)
    class Point:
        x_km: float
        y_km: float = 0.0
        tags: tuple[str, ...] = ()

    @dataclass(order=True)
    class Ranked:
        rank: int
        names: list[str] = field(default_factory=list)
        scale: InitVar[float] = 1.0
        shown: str = field(default="", repr=False, compare=False)
        derived: float = field(init=False, default=0.0)
        LIMIT: ClassVar[int] = 3

        def __post_init__(self, scale: float) -> None:
            self.derived = self.rank * scale

    @dataclass(kw_only=True, unsafe_hash=True)
    class Keyword:
        a: int
        b: str = "b"

    def code_digest(code):
        parts = [code.co_code, repr(code.co_varnames).encode(), repr(code.co_names).encode()]
        parts += [code_digest(c) if isinstance(c, CodeType) else repr(c).encode()
                  for c in code.co_consts]
        return hashlib.sha256(b"|".join(parts)).hexdigest().encode()

    methods = {}
    for cls in (Point, Ranked, Keyword):
        for name, value in sorted(vars(cls).items()):
            if callable(value) and hasattr(value, "__code__"):
                methods[f"{cls.__name__}.{name}"] = [
                    code_digest(value.__code__).decode(),
                    sorted((k, repr(v)) for k, v in value.__annotations__.items()),
                    repr(value.__defaults__), repr(value.__kwdefaults__),
                ]
    try:
        Point(1.0).x_km = 2.0
        frozen = "no error"
    except dataclasses.FrozenInstanceError as exc:
        frozen = type(exc).__name__
    r = Ranked(2, ["a"], scale=1.5, shown="s")
    behaviour = [
        repr(Point(1.0, 2.0, ("t",))), Point(1.0) == Point(1.0),
        hash(Point(1.0)) == hash(Point(1.0)),
        frozen, repr(r), r.derived, Ranked(1) < Ranked(2), repr(Keyword(a=1)),
        hash(Keyword(a=1)) == hash(Keyword(a=1)), sorted(Point.__slots__),
    ]
    print(json.dumps({"methods": methods, "behaviour": behaviour}, sort_keys=True))
    """
)


def _probe(mode: str, cache: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "CORRIDOR_NO_CACHE"}
    env["XDG_CACHE_HOME"] = str(cache)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout)


needs_known = pytest.mark.skipif(
    dataclass_code.create_fn_digest(dataclasses._create_fn)  # type: ignore[attr-defined]
    not in dataclass_code.KNOWN_CREATE_FN
    if hasattr(dataclasses, "_create_fn")
    else True,
    reason="this interpreter's dataclasses._create_fn is not the one the table replaces",
)


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the table is written for 3.11")
def test_this_interpreter_is_one_the_table_knows() -> None:
    # the locked interpreter: if a 3.11 release changes _create_fn, its digest belongs in
    # KNOWN_CREATE_FN only after its body is the one dataclass_code copies
    digest = dataclass_code.create_fn_digest(dataclasses._create_fn)  # type: ignore[attr-defined]
    assert digest in dataclass_code.KNOWN_CREATE_FN


@needs_known
def test_classes_are_the_same_with_the_table_compiled_and_read(tmp_path: Path) -> None:
    plain = _probe("plain", tmp_path)
    table = dataclass_code.table_path().name
    first = _probe("table", tmp_path)  # compiles, writes the table
    written = next((tmp_path / "corridor").glob("dataclass-code-*.marshal"))
    assert written.name == table
    stamp = written.stat().st_mtime_ns
    second = _probe("table", tmp_path)  # every text found: nothing new, nothing written
    assert written.stat().st_mtime_ns == stamp
    assert first == plain
    assert second == plain


@needs_known
def test_a_damaged_table_is_ignored_and_written_anew(tmp_path: Path) -> None:
    plain = _probe("plain", tmp_path)
    _probe("table", tmp_path)
    written = next((tmp_path / "corridor").glob("dataclass-code-*.marshal"))
    written.write_bytes(written.read_bytes()[:1000])  # truncated
    assert _probe("table", tmp_path) == plain
    repaired = written.stat().st_size
    assert repaired > 1000
    written.write_bytes(b"not marshal data at all")
    assert _probe("table", tmp_path) == plain
    assert written.stat().st_size == repaired


def test_install_refuses_another_create_fn(monkeypatch: pytest.MonkeyPatch) -> None:
    def other(name, args, body, *, globals=None, locals=None, return_type=None):  # type: ignore[no-untyped-def]
        raise AssertionError("not called")

    monkeypatch.setattr(dataclasses, "_create_fn", other, raising=False)
    monkeypatch.setattr(dataclass_code, "_installed", False)
    assert dataclass_code.install() is False
    assert dataclasses._create_fn is other  # type: ignore[attr-defined]


def test_install_is_off_with_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORRIDOR_NO_CACHE", "1")
    monkeypatch.setattr(dataclass_code, "_installed", False)
    before = getattr(dataclasses, "_create_fn", None)
    assert dataclass_code.install() is False
    assert getattr(dataclasses, "_create_fn", None) is before
