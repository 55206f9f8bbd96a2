"""Reference pages generated from the code at every `make docs` (mkdocs-gen-files).

- reference/cli.md: the ``--help`` of every command and sub-command, as ``corridor`` prints it
  (walked with :func:`corridor.cli.every_command`, invoked through typer's CliRunner);
- reference/scenario-schema.md and reference/scenario.schema.json: the pydantic models the
  loader validates a scenario file with, as JSON schema and one key table per table;
- reference/result-schemas.md: the keys of each analysis' versioned JSON document (its
  ``"schema"``), read from the documents the analyses produce: the stored reference results
  of the bundled scenarios (tests/data, written by the analyses themselves) and, for the
  commands without one, a run on the `corridor init` template (three players: fast).

Nothing here is written by hand: a key added to a model or a document shows up at the next
build, and a removed one disappears.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import mkdocs_gen_files
from pydantic import BaseModel
from typer.testing import CliRunner

from corridor.cli import app, every_command
from corridor.scenario.deal_schema import DealFile, RiskFile
from corridor.scenario.freight_schema import FreightRouteFile
from corridor.scenario.negotiation_schema import NegotiationFile
from corridor.scenario.package_schema import PackageFile, PatronsFile
from corridor.scenario.schema import SECTIONS, ScenarioHeader

ROOT = Path(__file__).resolve().parents[2]
STORED = ROOT / "tests" / "data"

# --- CLI -----------------------------------------------------------------------------------


def cli_page() -> str:
    """Every command's ``--help``, in the order of the command tree."""
    runner = CliRunner()
    env = {"COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    lines = [
        "# Command line",
        "",
        "Generated from the typer application (`corridor.cli.app`): each section is what",
        "`corridor COMMAND --help` prints. Every analysis command also takes `--set`/`--drop`",
        "([overrides](../how-to/overrides.md)) and `--out`/`--format`",
        "([exports](../how-to/exports.md)).",
        "",
    ]
    for path in sorted(every_command()):
        done = runner.invoke(app, [*path, "--help"], env=env, prog_name="corridor")
        if done.exit_code != 0:
            raise RuntimeError(f"corridor {' '.join(path)} --help failed: {done.output}")
        title = "corridor " + " ".join(path) if path else "corridor"
        level = "#" * min(2 + max(len(path) - 1, 0), 4)
        lines += [f"{level} `{title.strip()}`", "", "```text", done.output.rstrip(), "```", ""]
    return "\n".join(lines)


# --- scenario schema -------------------------------------------------------------------------

TABLES: list[tuple[str, type[BaseModel]]] = [
    ("[scenario]", ScenarioHeader),
    *[(f"[[{name}]]", model) for name, model in SECTIONS.items()],
    ("[[freight_routes]]", FreightRouteFile),
    ("[deal]", DealFile),
    ("[risk]", RiskFile),
    ("[negotiation]", NegotiationFile),
    ("[negotiation.package]", PackageFile),
    ("[negotiation.patrons]", PatronsFile),
]


def type_of(spec: dict[str, Any]) -> str:
    """A JSON-schema property's type in a few words (references by model name)."""
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in spec:
        kinds = [type_of(s) for s in spec["anyOf"] if s.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds)) or "null"
    if "enum" in spec:
        return " \\| ".join(f"`{v}`" for v in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {type_of(spec.get('items', {}))}"
    if kind == "object" and "additionalProperties" in spec:
        extra = spec["additionalProperties"]
        return "table" if extra is True else f"table of {type_of(extra)}"
    return str(kind)


def limits_of(spec: dict[str, Any]) -> str:
    """A property's numeric bounds, as `>= 0, <= 1`."""
    parts = []
    for key, word in (
        ("minimum", ">="),
        ("exclusiveMinimum", ">"),
        ("maximum", "<="),
        ("exclusiveMaximum", "<"),
    ):
        if key in spec:
            parts.append(f"{word} {spec[key]}")
    for option in spec.get("anyOf", []):
        parts.append(limits_of(option))
    return ", ".join(p for p in parts if p)


def cell(text: str) -> str:
    """Text for one table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def model_table(name: str, schema: dict[str, Any]) -> list[str]:
    """A model's section: its docstring and one row per key."""
    required = set(schema.get("required", []))
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [cell(schema["description"]).replace("``", "`"), ""]
    lines += ["| key | type | required | default | limits |", "| --- | --- | --- | --- | --- |"]
    for key, spec in schema.get("properties", {}).items():
        default = "" if key in required or "default" not in spec else f"`{spec['default']!r}`"
        lines.append(
            f"| `{key}` | {type_of(spec)} | {'yes' if key in required else ''} "
            f"| {cell(default)} | {limits_of(spec)} |"
        )
    return [*lines, ""]


def scenario_schema() -> tuple[str, dict[str, Any]]:
    """The schema page and one JSON schema document of every table."""
    document: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "corridor scenario file (TOML)",
        "type": "object",
        "properties": {},
        "$defs": {},
    }
    lines = [
        "# Scenario file schema",
        "",
        "Generated from the pydantic models the loader validates a scenario file with",
        "(`corridor.scenario.schema`, `deal_schema`, `freight_schema`, `negotiation_schema`,",
        "`package_schema`). The whole schema as one JSON document:",
        "[scenario.schema.json](scenario.schema.json). A *MeasureFile* is a number with its unit,",
        'written `"12 bcm/yr"` or `{ value = 12, unit = "bcm/yr", source = "..." }`; every',
        "number needs a `source` or an `assumption`, on itself or on a table around it (see",
        "[Concepts](../concepts.md) and the [tutorial](../tutorial.md)). Checks that span",
        "tables (ids that must exist, units of the right kind, ranges after conversion) are",
        "made by the loader after these models, and reported the same way",
        "(`file:line: key.path: message`).",
        "",
        "## Top-level tables",
        "",
        "| table | model |",
        "| --- | --- |",
    ]
    defs: dict[str, Any] = {}
    for table, model in TABLES:
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
        key = table.strip("[]").split(".")[-1]
        array = table.startswith("[[")
        document["properties"][key] = (
            {"type": "array", "items": {"$ref": f"#/$defs/{model.__name__}"}}
            if array
            else {"$ref": f"#/$defs/{model.__name__}"}
        )
        lines.append(f"| `{table}` | [{model.__name__}](#{model.__name__.lower()}) |")
    document["$defs"] = dict(sorted(defs.items()))
    lines += ["", "## Models", ""]
    for name, schema in document["$defs"].items():
        lines += model_table(name, schema)
    return "\n".join(lines), document


# --- result schemas --------------------------------------------------------------------------


def describe(value: Any) -> str:
    """The kind of a JSON value, in a word."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if value is None:
        return "null"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return "list of records"
        return "list"
    return "object"


def key_rows(document: Any, prefix: str = "", depth: int = 0) -> list[str]:
    """One row per key path: records list their columns, objects their keys (3 levels)."""
    rows: list[str] = []
    if not isinstance(document, dict):
        return rows
    for key, value in document.items():
        path = f"{prefix}{key}"
        kind = describe(value)
        if kind == "list of records":
            columns = list(dict.fromkeys(c for record in value for c in record))
            rows.append(f"| `{path}[]` | {kind} | {', '.join(f'`{c}`' for c in columns)} |")
        elif kind == "object" and depth < 2 and len(value) <= 40:
            rows.append(f"| `{path}` | object | {len(value)} keys |")
            rows += key_rows(value, f"{path}.", depth + 1)
        elif kind == "object":
            rows.append(f"| `{path}` | object | keys such as {', '.join(list(value)[:5])} |")
        else:
            rows.append(f"| `{path}` | {kind} | |")
    return rows


def documents_from_template() -> dict[str, tuple[str, Any]]:
    """The documents of compare, sweep, solve-for and tornado on the `corridor init` corridor."""
    from corridor.compare import compare
    from corridor.scenario import load_scenario
    from corridor.scenario.write import template
    from corridor.sweep import solve_for, sweep
    from corridor.tornado import tornado

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.toml"
        path.write_text(template("demo"), encoding="utf-8")
        base = load_scenario(path)
    variant = base.with_overrides({"links.pipeline.pipeline.segments[1].length": 700})
    length = "links.pipeline.pipeline.segments[1].length"
    return {
        "compare": ("corridor compare demo.toml --set ...", compare(base, variant).to_dict()),
        "sweep": (
            f"corridor sweep demo.toml --set '{length}=500,700' --metric power.gas.shapley.T",
            sweep(base, [f"{length}=500,700"], ["power.gas.shapley.T"]).to_dict(),
        ),
        "solve-for": (
            f"corridor solve-for demo.toml --vary '{length}=100:1500' "
            "--metric power.gas.shapley.T --target 700",
            solve_for(base, length, 100, 1500, "power.gas.shapley.T", 700.0).to_dict(),
        ),
        "tornado": (
            "corridor power demo.toml --tornado",
            tornado(base, stage="ex-ante", commodity="gas").to_dict(),
        ),
    }


def result_schemas() -> str:
    """The result-schemas page: one key table per document."""
    lines = [
        "# Result schemas",
        "",
        'Every analysis command prints, with `--json`, a document whose `"schema"` names it and',
        "its version (`corridor.power/2`); `corridor.analyses` returns results whose `to_dict()`",
        "is that document, and `--out DIR --format json` writes it. The keys below are read from",
        "real documents at build time: the stored reference results of the bundled scenarios",
        "(`tests/data/<scenario>/<analysis>.json`, compared with a fresh run by the test suite)",
        "and, for the other commands, a run on the `corridor init` template. A `[]` path is a",
        "list of records (a table; its columns are listed), the tables that",
        "`--format csv,xlsx` writes.",
        "",
    ]
    stored = {
        path.stem: (f"tests/data/{path.parent.name}/{path.name}", json.loads(path.read_text()))
        for path in sorted(STORED.glob("*/*.json"))
    }
    for analysis, (origin, document) in {**stored, **documents_from_template()}.items():
        lines += [
            f"## `{document['schema']}`",
            "",
            f"`corridor {analysis}`; keys read from `{origin}`.",
            "",
            "| key | kind | columns or keys |",
            "| --- | --- | --- |",
            *key_rows(document),
            "",
        ]
    return "\n".join(lines)


os.environ.setdefault("CORRIDOR_NO_CACHE", "1")
with mkdocs_gen_files.open("reference/cli.md", "w") as out:
    out.write(cli_page())
page, schema = scenario_schema()
with mkdocs_gen_files.open("reference/scenario-schema.md", "w") as out:
    out.write(page)
with mkdocs_gen_files.open("reference/scenario.schema.json", "w") as out:
    json.dump(schema, out, indent=2)
with mkdocs_gen_files.open("reference/result-schemas.md", "w") as out:
    out.write(result_schemas())
