"""The ``socinno-lit`` command line.

Each subcommand is a small function from parsed arguments to an exit status; the
library does the work. Errors a user can fix (a missing file, a binary file, a bad
option value) end with one line on stderr and status 1; usage errors with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .classify import classify, context_counts
from .errors import SocinnoLitError
from .loading import load, load_corpus
from .records import Corpus

Command = Callable[[argparse.Namespace, TextIO], int]


def _load_inputs(args: argparse.Namespace) -> Corpus:
    """The corpus named on the command line, or the bundled one when none is named."""
    if not args.inputs:
        return load_corpus()
    return load(*args.inputs, abstracts=getattr(args, "abstracts", None))


def file_summary(corpus: Corpus, deduplicated: Corpus | None = None) -> list[dict[str, object]]:
    """Per input file: records, records with an abstract, problems by code, duplicates.

    Example:
        >>> from socinno_lit.records import Record, Source
        >>> c = Corpus((Record(key="a", abstract="x", source=Source("a.bib", 1)),), files=("a.bib",))
        >>> file_summary(c)[0]["records"], file_summary(c)[0]["with_abstract"]
        (1, 1)
    """
    merged_away = {k for keys in (deduplicated.merged.values() if deduplicated else ()) for k in keys}
    rows = []
    for file in corpus.files:
        records = [r for r in corpus.records if r.source.file == file]
        problems = Counter(p.code for p in corpus.problems if p.file == file)
        rows.append({
            "file": file,
            "records": len(records),
            "with_abstract": sum(1 for r in records if r.abstract),
            "duplicates": sum(1 for r in records if r.key in merged_away),
            "problems": dict(sorted(problems.items())),
        })
    return rows


def _print_table(rows: list[dict[str, object]], out: TextIO) -> None:
    width = max([len(Path(str(r["file"])).name) for r in rows] + [4])
    out.write(f"{'file':<{width}}  records  abstracts  duplicates  problems\n")
    for row in rows:
        problems = ", ".join(f"{code} {n}" for code, n in row["problems"].items()) or "-"  # type: ignore[attr-defined]
        out.write(f"{Path(str(row['file'])).name:<{width}}  {row['records']:>7}  {row['with_abstract']:>9}  "
                  f"{row['duplicates']:>10}  {problems}\n")


def cmd_inspect(args: argparse.Namespace, out: TextIO) -> int:
    """``socinno-lit inspect``: what was read from each file, and what was not."""
    corpus = load(*args.inputs) if args.inputs else _bundled_raw()
    deduplicated = corpus.deduplicate()
    classified = classify(deduplicated, args.context, rule=args.rule)
    rows = file_summary(corpus, deduplicated)
    for row in rows:
        row["contexts"] = context_counts(r for r in classified if r.source.file == row["file"])
    errors = [str(p) for p in corpus.problems if p.severity == "error"]
    if args.json:
        report = {"files": rows, "records": len(corpus), "after_deduplication": len(deduplicated),
                  "contexts": context_counts(classified), "errors": errors}
        if args.evidence:
            report["evidence"] = {r.key: {"context": r.context, "evidence": list(r.evidence)} for r in classified}
        json.dump(report, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return 0
    _print_table(rows, out)
    counts = ", ".join(f"{name} {n}" for name, n in context_counts(classified).items())
    out.write(f"\n{len(corpus)} records read, {len(deduplicated)} after merging duplicates; "
              f"{len(errors)} entries could not be read.\nContexts: {counts}\n")
    for line in errors:
        out.write(f"  {line}\n")
    if args.evidence:
        _print_evidence(classified, out)
    return 0


def _print_evidence(corpus: Corpus, out: TextIO) -> None:
    out.write("\nEvidence per record:\n")
    for record in corpus:
        out.write(f"{record.key} [{record.context}] {record.title[:70]}\n")
        for reason in record.evidence or ("no rule fired",):
            out.write(f"    {reason}\n")


def _bundled_raw() -> Corpus:
    from .resources import packaged_folder

    return load(packaged_folder("corpus"))


def cmd_dedupe(args: argparse.Namespace, out: TextIO) -> int:
    """``socinno-lit dedupe``: merge duplicates and write clean BibTeX."""
    from .bibwriter import write_bibtex

    corpus = _load_inputs(args)
    clean = corpus.deduplicate()
    path = write_bibtex(clean, args.output)
    merged = sum(len(keys) for keys in clean.merged.values())
    out.write(f"{len(corpus)} records, {merged} duplicates merged; wrote {len(clean)} records to {path}\n")
    return 0


def _add_context_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--context", default="denmark",
                        help="national context: a country name or a TOML/JSON context file (default: denmark)")
    parser.add_argument("--rule", choices=("any", "first", "majority"), default="any",
                        help="which affiliations must be in the country (default: any)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``socinno-lit`` with all its subcommands."""
    parser = argparse.ArgumentParser(
        prog="socinno-lit",
        description="Literature reviews that show where a national context is under-researched.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    inspect = commands.add_parser("inspect", help="records, problems and duplicates per file")
    inspect.add_argument("inputs", nargs="*", metavar="INPUT", help="files or folders (default: the bundled corpus)")
    inspect.add_argument("--json", action="store_true", help="print JSON for scripts")
    inspect.add_argument("--evidence", action="store_true", help="show why each record got its context")
    _add_context_options(inspect)
    inspect.set_defaults(run=cmd_inspect)

    dedupe = commands.add_parser("dedupe", help="merge duplicate records and write clean BibTeX")
    dedupe.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    dedupe.add_argument("-o", "--output", required=True, metavar="FILE.bib", help="where to write")
    dedupe.add_argument("--abstracts", metavar="PATH", help="folder of <key>.txt files or key,abstract CSV")
    dedupe.set_defaults(run=cmd_dedupe)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status.

    Example:
        >>> import io
        >>> main(["inspect", "no/such/file.bib"], out=io.StringIO())
        1
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    out = out or sys.stdout
    try:
        return int(args.run(args, out))
    except SocinnoLitError as err:
        print(f"socinno-lit: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("socinno-lit: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
