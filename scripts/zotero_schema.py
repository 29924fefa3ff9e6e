"""Derive the compact Zotero mapping shipped in ``socinno_lit/read/data/zotero_schema.json``.

Its source is Zotero's global schema, ``schema.json`` of the zotero/zotero-schema repository
(the file Zotero itself mounts as ``resource/schema/global``). That file is large (locales for
every language) and is not shipped with this package, so this script keeps the part the
Zotero reader needs:

- ``types``: each Zotero item type and its CSL type (``csl.types``), and ``skip``: the types
  that are not works (attachments, notes, annotations);
- ``base``: type-specific fields and the base field they stand for (``bookTitle`` ->
  ``publicationTitle``, ``university`` -> ``publisher``), from ``itemTypes[].fields[].baseField``;
- ``fields`` and ``dates``: base fields and their CSL variables (``csl.fields``);
- ``creators``: creator types and their CSL name variables (``csl.names``), and ``primary``:
  each item type's primary creator type, which CSL calls ``author``.

Run it again when Zotero's schema changes::

    python scripts/zotero_schema.py path/to/zotero-schema/schema.json

The test ``tests/test_zotero.py`` regenerates the mapping from the same file, when it is
available, and checks that the shipped copy is what this script writes.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

TARGET = Path(__file__).resolve().parents[1] / "socinno_lit" / "read" / "data" / "zotero_schema.json"
NOT_WORKS = ("annotation", "attachment", "note")


def _csl_variable(names: list[str]) -> str:
    """The CSL spelling among several names of one variable (``title-short`` over ``shortTitle``)."""
    return next((n for n in names if n == n.lower()), names[0])


def derive(schema: dict[str, Any]) -> dict[str, Any]:
    """The compact mapping from the parsed global schema."""
    csl = schema["csl"]
    types = {zotero: kind for kind, zoteros in csl["types"].items() for zotero in zoteros}
    base = {f["field"]: f["baseField"] for t in schema["itemTypes"] for f in t["fields"] if "baseField" in f}
    by_field: dict[str, list[str]] = {}
    for variable, zotero_fields in csl["fields"]["text"].items():
        for name in zotero_fields:
            by_field.setdefault(name, []).append(variable)
    primary = {t["itemType"]: c["creatorType"] for t in schema["itemTypes"] for c in t["creatorTypes"]
               if c.get("primary")}
    return {
        "source": "zotero/zotero-schema schema.json",
        "schema_version": schema["version"],
        "skip": list(NOT_WORKS),
        "types": dict(sorted((t["itemType"], types.get(t["itemType"], "document")) for t in schema["itemTypes"]
                             if t["itemType"] not in NOT_WORKS)),
        "base": dict(sorted(base.items())),
        "fields": {name: _csl_variable(variables) for name, variables in sorted(by_field.items())},
        "dates": {zotero: variable for variable, zotero in sorted(csl["fields"]["date"].items())},
        "creators": dict(sorted(csl["names"].items())),
        "primary": dict(sorted(primary.items())),
    }


def render(schema_path: Path) -> str:
    """The JSON text written to the package data file."""
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return json.dumps(derive(schema), indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("schema", type=Path, help="Zotero's global schema.json")
    parser.add_argument("-o", "--output", type=Path, default=TARGET, help=f"where to write (default: {TARGET.name})")
    args = parser.parse_args()
    args.output.write_text(render(args.schema), encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
