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
from typing import Any, TextIO

from ._version import __version__
from .context.classify import classify, context_counts
from .corpus import Corpus
from .errors import SocinnoLitError
from .files import atomic_write_text
from .read.loading import load, load_corpus

Command = Callable[[argparse.Namespace, TextIO], int]


def _load_inputs(args: argparse.Namespace) -> Corpus:
    """The corpus named on the command line, or the bundled one when none is named."""
    if not args.inputs:
        return load_corpus()
    return load(*args.inputs, abstracts=getattr(args, "abstracts", None), recursive=args.recursive,
                **_zotero_options(args))


def _zotero_options(args: argparse.Namespace) -> dict[str, str | None]:
    """``--collection`` and ``--library``: the part of a Zotero library to read."""
    return {"collection": getattr(args, "collection", None), "library": getattr(args, "library", None)}


def write_csl_json_output(source: Any, output: str) -> Path | None:
    """Write CSL-JSON when ``output`` ends in ``.json``; None for any other suffix.

    The annotated bibliography's summaries go into ``annote`` where a record has no
    annotation, and the theme and context into ``note`` lines.
    """
    if Path(output).suffix.lower() != ".json":
        return None
    from .render.csljson import write_csl_json

    return write_csl_json(source, output, summaries=True)


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
    corpus = load(*args.inputs, recursive=args.recursive, **_zotero_options(args)) if args.inputs else _bundled_raw()
    deduplicated = _enrich_if_asked(corpus.deduplicate(), args)
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
              f"{len(errors)} {'entry' if len(errors) == 1 else 'entries'} could not be read.\nContexts: {counts}\n")
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
    from .render.bibwriter import write_bibtex

    corpus = _load_inputs(args)
    clean = corpus.deduplicate()
    path = write_csl_json_output(clean, args.output) or write_bibtex(clean, args.output)
    merged = sum(len(keys) for keys in clean.merged.values())
    out.write(f"{len(corpus)} records, {merged} duplicates merged; wrote {len(clean)} records to {path}\n")
    return 0


def _add_context_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--context", default="denmark",
                        help="national context: a country name or a TOML/JSON context file (default: denmark)")
    parser.add_argument("--rule", choices=("any", "first", "majority"), default="any",
                        help="which affiliations must be in the country (default: any)")


class _Steps:
    """Progress on stderr: a tqdm bar over the pipeline's steps, silent when quiet or piped."""

    def __init__(self, total: int, quiet: bool) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, file=sys.stderr, disable=quiet or not sys.stderr.isatty(),
                        bar_format="{desc:<48} {bar} {n_fmt}/{total_fmt} [{elapsed}]", leave=False)
        self.started = False

    def __call__(self, message: str) -> None:
        if self.started:
            self.bar.update(1)
        self.started = True
        self.bar.set_description_str(message)

    def close(self) -> None:
        self.bar.close()


def _n_themes(value: str) -> int | str:
    if value == "auto":
        return value
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is neither 'auto' nor a whole number") from None
    if n < 2:
        raise argparse.ArgumentTypeError("at least 2 themes are needed for a comparison")
    return n


def _analyse(args: argparse.Namespace, steps: int) -> tuple[Any, _Steps]:
    from .pipeline import analyse

    progress = _Steps(steps, args.quiet)
    result = analyse(*args.inputs, context=args.context, n_themes=args.themes, method=args.method,
                     seed=args.seed, abstracts=args.abstracts, rule=args.rule, recursive=args.recursive,
                     stability=not getattr(args, "no_stability", True), progress=progress,
                     **_zotero_options(args), **_enrich_options(args))
    _warn_enrichment(result.corpus, quiet=args.quiet)
    return result, progress


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """``socinno-lit report``: the whole gap report in one command."""
    from .render.bibliography import write_bibliography
    from .render.report import gap_table, write_report

    result, progress = _analyse(args, 9)
    folder = Path(args.output)
    written = []
    for suffix in ("html", "md", "tex", "json"):
        progress(f"writing report.{suffix}")
        written.append(write_report(result.comparison, folder / f"report.{suffix}", template_dir=args.templates))
    frame = result.comparison.to_frame()
    written.append(atomic_write_text(folder / "gaps.csv", frame.to_csv(index=False)))
    written.append(atomic_write_text(folder / "gaps.json", frame.to_json(orient="records", indent=2) + "\n"))
    progress("writing bibliographies")
    for name in ("annotated-bibliography.html", "annotated-bibliography.md", "enriched.bib"):
        written.append(write_bibliography(result.themes, folder / name, style=args.style,
                                          template_dir=args.templates))
    progress.close()
    if args.quiet:
        for warning in result.comparison.warnings:
            print(f"socinno-lit: warning: {warning}", file=sys.stderr)
    else:
        out.write(gap_table(result.comparison) + "\n\n")
        gaps = result.comparison.gaps()
        out.write(f"{len(gaps)} under-researched theme(s)" + (": " + "; ".join(g.label for g in gaps) if gaps else "")
                  + f"\nWrote {len(written)} files to {folder}/\n")
    return 0


def cmd_themes(args: argparse.Namespace, out: TextIO) -> int:
    """``socinno-lit themes``: the themes with their sizes and top terms."""
    from .themes.model import ThemeModel, format_themes

    corpus = _load_inputs(args).deduplicate()
    themes = ThemeModel(n_themes=args.themes, method=args.method, random_state=args.seed).fit(corpus).themes_
    out.write(format_themes(themes) + "\n")
    return 0


def cmd_bib(args: argparse.Namespace, out: TextIO) -> int:
    """``socinno-lit bib``: an annotated bibliography, grouped by theme, context or not at all."""
    from .render.bibliography import write_bibliography
    from .themes.model import ThemeModel

    corpus = classify(_enrich_if_asked(_load_inputs(args).deduplicate(), args), args.context)
    group = None if args.group == "none" else args.group
    source: Any = corpus
    if group == "theme":
        source = ThemeModel(n_themes=args.themes, random_state=args.seed).fit(corpus).themes_
    path = write_csl_json_output(source, args.output) or write_bibliography(
        source, args.output, style=args.style, group_by=group, template_dir=args.templates)
    out.write(f"wrote {len(corpus)} annotated references to {path}\n")
    return 0


def _enrich_options(args: argparse.Namespace) -> dict[str, Any]:
    return {"enrich": getattr(args, "enrich", None), "email": getattr(args, "email", None) or "",
            "offline": getattr(args, "offline", False)}


def _enrich_if_asked(corpus: Corpus, args: argparse.Namespace) -> Corpus:
    """The corpus completed from OpenAlex when ``--enrich`` was given; warnings on stderr."""
    options = _enrich_options(args)
    if not options["enrich"]:
        return corpus
    from .enrich.works import enrich

    enriched = enrich(corpus, options["enrich"], email=options["email"], offline=options["offline"])
    _warn_enrichment(enriched)
    return enriched


_ENRICH_WARNINGS = ("enrich-failed", "not-in-cache")


def _warn_enrichment(corpus: Corpus, shown: int = 10, quiet: bool = False) -> None:
    """What enrichment did and could not do, on stderr: the analysis goes on without it."""
    from .enrich.works import enrichment_summary

    if not quiet and any("openalex_match" in r.fields for r in corpus):
        print(f"socinno-lit: {enrichment_summary(corpus)}", file=sys.stderr)
    problems = [p for p in corpus.problems if p.code in _ENRICH_WARNINGS]
    for problem in problems[:shown]:
        print(f"socinno-lit: warning: {problem.message}" + (f" ({problem.key})" if problem.key else ""),
              file=sys.stderr)
    if len(problems) > shown:
        print(f"socinno-lit: warning: and {len(problems) - shown} more records not enriched", file=sys.stderr)


def _add_enrich_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--enrich", choices=("openalex",), help="complete records from OpenAlex by DOI "
                        "(countries, abstracts, languages); answers are cached")
    parser.add_argument("--email", metavar="ADDRESS", help="email for OpenAlex's polite pool (default: $OPENALEX_EMAIL)")
    parser.add_argument("--offline", action="store_true", help="with --enrich: use cached answers only")


def cmd_fetch(args: argparse.Namespace, out: TextIO) -> int:
    """``socinno-lit fetch``: the OpenAlex works matching a query, as a JSON Lines file."""
    from .enrich.client import LookupFailed, OpenAlexClient
    from .enrich.fetch import fetch_works

    client = OpenAlexClient(email=args.email or "", offline=args.offline)
    try:
        result = fetch_works(args.query, args.output, since=args.since, until=args.until, max_works=args.max,
                             client=client, progress=not args.quiet)
    except LookupFailed as err:
        raise SocinnoLitError(f"{err}; run the same command again to resume") from None
    if not args.quiet:
        how = "resumed, " if result.resumed else ""
        out.write(f"wrote {result.written} works to {result.path} ({how}{result.matching} match the query)\n")
    return 0


def _add_fetch_command(commands: Any) -> None:
    fetch = commands.add_parser("fetch", help="fetch the OpenAlex works matching a query (.jsonl)")
    fetch.add_argument("query", help="words to search for in titles, abstracts and full texts")
    fetch.add_argument("-o", "--output", required=True, metavar="FILE.jsonl", help="where to write the works")
    fetch.add_argument("--since", type=int, metavar="YEAR", help="first publication year")
    fetch.add_argument("--until", type=int, metavar="YEAR", help="last publication year")
    fetch.add_argument("--max", type=int, metavar="N", help="stop after N works")
    fetch.add_argument("--email", metavar="ADDRESS", help="email for OpenAlex's polite pool (default: $OPENALEX_EMAIL)")
    fetch.add_argument("--offline", action="store_true", help="use cached answers only")
    fetch.add_argument("--quiet", action="store_true", help="no progress and no summary")
    fetch.set_defaults(run=cmd_fetch)


def _add_rendering_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--abstracts", metavar="PATH", help="folder of <key>.txt files or key,abstract CSV")
    parser.add_argument("--style", choices=("apa", "harvard", "chicago"), default="apa", help="reference style")
    parser.add_argument("--templates", metavar="DIR", help="folder of templates searched before the defaults")


def _add_theme_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--themes", type=_n_themes, default="auto", metavar="auto|N",
                        help="number of themes, or 'auto' to choose it from the data (default: auto)")
    parser.add_argument("--method", choices=("nmf", "lda", "kmeans"), default="nmf", help="theme model (default: nmf)")
    parser.add_argument("--seed", type=int, default=0, help="random state; the same seed gives the same result")


def _add_inputs(parser: argparse.ArgumentParser, *, optional: bool = False) -> None:
    parser.add_argument("inputs", nargs="*" if optional else "+", metavar="INPUT",
                        help="files or folders" + (" (default: the bundled corpus)" if optional else ""))
    parser.add_argument("-r", "--recursive", action="store_true", help="also read the sub-folders of folders")
    parser.add_argument("--collection", metavar="NAME",
                        help="in a Zotero library: only this collection and its sub-collections")
    parser.add_argument("--library", metavar="NAME",
                        help="in a Zotero library: only this library ('My Library', a group's name or id)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``socinno-lit`` with all its subcommands."""
    parser = argparse.ArgumentParser(
        prog="socinno-lit",
        description="Literature reviews that show where a national context is under-researched.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    report = commands.add_parser("report", help="the whole gap report in one command")
    _add_inputs(report, optional=True)
    report.add_argument("-o", "--output", default="socinno-report", metavar="DIR", help="output folder")
    _add_rendering_options(report)
    report.add_argument("--no-stability", action="store_true", help="skip the refits that measure stability")
    report.add_argument("--quiet", action="store_true", help="no progress and no table on the terminal")
    _add_context_options(report)
    _add_theme_options(report)
    _add_enrich_options(report)
    report.set_defaults(run=cmd_report)

    themes = commands.add_parser("themes", help="themes with sizes and top terms")
    _add_inputs(themes)
    _add_theme_options(themes)
    themes.set_defaults(run=cmd_themes, abstracts=None)

    bib = commands.add_parser("bib", help="an annotated bibliography (.html .md .tex .bib .json)")
    _add_inputs(bib)
    bib.add_argument("-o", "--output", required=True, metavar="FILE", help="output file; the suffix picks the format")
    bib.add_argument("--group", choices=("theme", "context", "none"), default="theme", help="how to group")
    _add_rendering_options(bib)
    _add_context_options(bib)
    _add_theme_options(bib)
    _add_enrich_options(bib)
    bib.set_defaults(run=cmd_bib)

    inspect = commands.add_parser("inspect", help="records, problems and duplicates per file")
    _add_inputs(inspect, optional=True)
    inspect.add_argument("--json", action="store_true", help="print JSON for scripts")
    inspect.add_argument("--evidence", action="store_true", help="show why each record got its context")
    _add_context_options(inspect)
    _add_enrich_options(inspect)
    inspect.set_defaults(run=cmd_inspect)

    dedupe = commands.add_parser("dedupe", help="merge duplicate records and write clean BibTeX or CSL-JSON")
    _add_inputs(dedupe)
    dedupe.add_argument("-o", "--output", required=True, metavar="FILE.bib",
                        help="where to write (.json: CSL-JSON, else BibTeX)")
    dedupe.add_argument("--abstracts", metavar="PATH", help="folder of <key>.txt files or key,abstract CSV")
    dedupe.set_defaults(run=cmd_dedupe)
    _add_fetch_command(commands)
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
