"""The ``socinno-lit`` command line.

Each subcommand is a small function from parsed arguments to an exit status; the
library does the work. Errors a user can fix (a missing file, a binary file, a bad
option value) end with one line on stderr and status 1; usage errors with status 2.

Outputs are checked before any input is read: an unknown suffix is a usage error, and
a folder that cannot be written or a file that would be overwritten without ``--force``
ends the command at once. A reader that closes the pipe (``| head``) ends the command
quietly with status 141, as a Unix tool killed by SIGPIPE would.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ._version import __version__
from .errors import ConfigurationError, SocinnoLitError
from .files import atomic_write_text, check_output_file, check_output_folder
from .terminal import ellipsize, fit_table, terminal_width

# The stages are imported where a command needs them, so that ``--version`` and ``--help``
# start at once and ``inspect`` never loads scikit-learn, pandas or scipy.
if TYPE_CHECKING:
    from .corpus import Corpus

Command = Callable[[argparse.Namespace, TextIO], int]

REPORT_FILES = ("report.html", "report.md", "report.tex", "report.json", "gaps.csv", "gaps.json",
                "gaps-columns.csv", "subthemes.csv", "annotated-bibliography.html", "annotated-bibliography.md",
                "enriched.bib")
BROKEN_PIPE_STATUS = 141  # 128 + SIGPIPE, what a shell reports for a tool its reader left


def _load_inputs(args: argparse.Namespace) -> Corpus:
    """The corpus named on the command line, or the bundled one when none is named."""
    from .read.loading import load, load_corpus

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
        >>> from socinno_lit.corpus import Corpus
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
    table = [[Path(str(r["file"])).name, str(r["records"]), str(r["with_abstract"]), str(r["duplicates"]),
              ", ".join(f"{code} {n}" for code, n in r["problems"].items()) or "-"]  # type: ignore[attr-defined]
             for r in rows]
    lines = fit_table(["file", "records", "abstracts", "duplicates", "problems"], table, align="<>>><",
                      flexible=[4, 0], width=terminal_width(out), minimum=12)
    out.write("\n".join(lines) + "\n")


def cmd_inspect(args: argparse.Namespace, out: TextIO) -> int:
    """``socinno-lit inspect``: what was read from each file, and what was not."""
    from .context.classify import classify, context_counts
    from .read.loading import load

    with _Steps(_steps(args, "reading files", "merging duplicates", "classifying"), args.quiet) as step:
        step("reading files")
        corpus = load(*args.inputs, recursive=args.recursive, **_zotero_options(args)) if args.inputs else _bundled_raw()
        step("merging duplicates")
        deduplicated = _enrich_if_asked(corpus.deduplicate(), args, step)
        step("telling national from international research")
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
    width = terminal_width(out)
    out.write("\nEvidence per record:\n")
    for record in corpus:
        out.write(ellipsize(f"{record.key} [{record.context}] {record.title}", width) + "\n")
        for reason in record.evidence or ("no rule fired",):
            out.write(ellipsize(f"    {reason}", width) + "\n")


def _bundled_raw() -> Corpus:
    from .read.loading import load
    from .resources import packaged_folder

    return load(packaged_folder("corpus"))


def cmd_dedupe(args: argparse.Namespace, out: TextIO) -> int:
    """``socinno-lit dedupe``: merge duplicates and write the clean corpus (.bib, .ris, .json)."""
    from .render.formats import corpus_writer

    write = corpus_writer(args.output)
    with _Steps(3, args.quiet) as step:
        step("reading files")
        corpus = _load_inputs(args)
        step("merging duplicates")
        clean = corpus.deduplicate()
        step(f"writing {Path(args.output).name}")
        path = write(clean, args.output)
    merged = sum(len(keys) for keys in clean.merged.values())
    out.write(f"{len(corpus)} records, {merged} duplicates merged; wrote {len(clean)} records to {path}\n")
    return 0


def _add_context_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--context", default="denmark",
                        help="national context: a country name or a TOML/JSON context file (default: denmark)")
    parser.add_argument("--rule", choices=("any", "first", "majority"), default="any",
                        help="which affiliations must be in the country (default: any)")


class _Steps:
    """Progress on stderr: a tqdm bar over a command's steps, silent when quiet or piped.

    The total is the number of steps the command will take, counted before it starts;
    the elapsed time is redrawn every second, so that a long step shows it is alive.
    Call with each step's message as it starts; use as a context manager.
    """

    def __init__(self, total: int, quiet: bool) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, file=sys.stderr, disable=quiet or not sys.stderr.isatty(),
                        bar_format="{desc:<48} {bar} {n_fmt}/{total_fmt} [{elapsed}]", leave=False)
        self.started = False
        self.stopped = threading.Event()
        if not self.bar.disable:
            threading.Thread(target=self._tick, daemon=True).start()

    def _tick(self) -> None:
        while not self.stopped.wait(1.0):
            self.bar.refresh()

    def __call__(self, message: str) -> None:
        if self.started:
            self.bar.update(1)
        self.started = True
        self.bar.set_description_str(message)

    def __enter__(self) -> _Steps:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.stopped.set()
        self.bar.close()


def _steps(args: argparse.Namespace, *always: str, enrich: bool = True) -> int:
    """How many steps a command will show: ``always`` and the lookup in OpenAlex if asked."""
    return len(always) + bool(enrich and getattr(args, "enrich", None))


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


def _analysis_steps(args: argparse.Namespace) -> int:
    """The steps :func:`socinno_lit.pipeline.analyse` announces for these arguments."""
    optional = [bool(args.inputs), not getattr(args, "no_stability", True)]  # merging duplicates, refits
    return _steps(args, "reading files", "classifying", "fitting themes", "comparing") + sum(optional)


def _analyse(args: argparse.Namespace, steps: int) -> tuple[Any, _Steps]:
    from .pipeline import analyse

    progress = _Steps(_analysis_steps(args) + steps, args.quiet)
    try:
        result = analyse(*args.inputs, context=args.context, n_themes=args.themes, method=args.method,
                         seed=args.seed, abstracts=args.abstracts, rule=args.rule, recursive=args.recursive,
                         stability=not getattr(args, "no_stability", True), progress=progress,
                         fit_on=getattr(args, "fit_on", "all"), **_zotero_options(args), **_enrich_options(args))
    except BaseException:
        progress.close()
        raise
    _warn_enrichment(result.corpus, quiet=args.quiet)
    return result, progress


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """``socinno-lit report``: the whole gap report in one command."""
    from .render.bibliography import write_bibliographies
    from .render.report import (
        REPORT_FORMATS,
        column_definitions,
        gap_table,
        write_report,
    )

    result, progress = _analyse(args, len(REPORT_FORMATS) + 1)
    folder = Path(args.output)
    written = []
    with progress:
        for suffix in REPORT_FORMATS:
            progress(f"writing report.{suffix}")
            written.append(write_report(result.comparison, folder / f"report.{suffix}", template_dir=args.templates))
        frame = result.comparison.to_frame()
        written.append(atomic_write_text(folder / "gaps.csv", frame.to_csv(index=False)))
        written.append(atomic_write_text(folder / "gaps.json", frame.to_json(orient="records", indent=2) + "\n"))
        sub = result.comparison.subtheme_frame()
        if len(sub):  # the sub-themes' tests, with the same columns and their parent theme
            written.append(atomic_write_text(folder / "subthemes.csv", sub.to_csv(index=False)))
        # What each column of gaps.csv and gaps.json measures, and of subthemes.csv (the same and its parent).
        written.append(atomic_write_text(folder / "gaps-columns.csv",
                                         column_definitions(result.comparison, sub if len(sub) else frame)))
        progress("writing bibliographies")
        written += write_bibliographies(result.themes, [folder / name for name in REPORT_FILES[-3:]],
                                        style=args.style, template_dir=args.templates)
    if args.quiet:
        for warning in result.comparison.warnings:
            print(f"socinno-lit: warning: {warning}", file=sys.stderr)
    else:
        out.write(gap_table(result.comparison, width=terminal_width(out)) + "\n\n")
        gaps = result.comparison.gaps()
        within = [f"{g.label} (in '{result.comparison.rows[result.comparison.parent(g.theme)].label}')"
                  for g in result.comparison.subtheme_gaps()]
        out.write(f"{len(gaps)} under-researched theme(s)" + (": " + "; ".join(g.label for g in gaps) if gaps else "")
                  + (f"\n{len(within)} under-researched sub-theme(s): " + "; ".join(within) if within else "")
                  + f"\nWrote {len(written)} files to {folder}/\n")
    return 0


def cmd_themes(args: argparse.Namespace, out: TextIO) -> int:
    """``socinno-lit themes``: the themes with their sizes and top terms."""
    from .themes.model import ThemeModel, format_themes

    with _Steps(3, args.quiet) as step:
        step("reading files")
        corpus = _load_inputs(args)
        step("merging duplicates")
        corpus = corpus.deduplicate()
        step("fitting themes")
        themes = ThemeModel(n_themes=args.themes, method=args.method, random_state=args.seed).fit(corpus).themes_
    out.write(format_themes(themes, width=terminal_width(out)) + "\n")
    return 0


def cmd_bib(args: argparse.Namespace, out: TextIO) -> int:
    """``socinno-lit bib``: an annotated bibliography, grouped by theme, context or not at all."""
    from .context.classify import classify
    from .render.bibliography import write_bibliography
    from .themes.model import ThemeModel

    group = None if args.group == "none" else args.group
    names = ["reading files", "merging duplicates", "classifying", "writing"] + (["themes"] if group == "theme" else [])
    with _Steps(_steps(args, *names), args.quiet) as step:
        step("reading files")
        corpus = _load_inputs(args)
        step("merging duplicates")
        corpus = _enrich_if_asked(corpus.deduplicate(), args, step)
        step("telling national from international research")
        corpus = classify(corpus, args.context)
        source: Any = corpus
        if group == "theme":
            step("fitting themes")
            source = ThemeModel(n_themes=args.themes, random_state=args.seed).fit(corpus).themes_
        step(f"writing {Path(args.output).name}")
        path = write_csl_json_output(source, args.output) or write_bibliography(
            source, args.output, style=args.style, group_by=group, template_dir=args.templates)
    out.write(f"wrote {len(corpus)} annotated references to {path}\n")
    return 0


def _enrich_options(args: argparse.Namespace) -> dict[str, Any]:
    return {"enrich": getattr(args, "enrich", None), "email": getattr(args, "email", None) or "",
            "offline": getattr(args, "offline", False)}


def _enrich_if_asked(corpus: Corpus, args: argparse.Namespace, step: Callable[[str], None]) -> Corpus:
    """The corpus completed from OpenAlex when ``--enrich`` was given; warnings on stderr."""
    options = _enrich_options(args)
    if not options["enrich"]:
        return corpus
    from .enrich.works import enrich

    step("looking works up in OpenAlex")
    enriched = enrich(corpus, options["enrich"], email=options["email"], offline=options["offline"],
                      progress=not args.quiet)
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


def _add_quiet(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiet", action="store_true", help="no progress bar on stderr")


def _add_force(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("-f", "--force", action="store_true", help=f"overwrite {what} when present")


def _report_outputs(args: argparse.Namespace) -> None:
    check_output_folder(args.output, REPORT_FILES, force=args.force)


def _bib_outputs(args: argparse.Namespace) -> None:
    from .render.bibliography import BIBLIOGRAPHY_FORMATS
    from .render.templating import format_of

    if Path(args.output).suffix.lower() != ".json":  # .json: CSL-JSON (write_csl_json_output)
        format_of(args.output, BIBLIOGRAPHY_FORMATS)
    check_output_file(args.output, force=args.force)


def _dedupe_outputs(args: argparse.Namespace) -> None:
    from .render.formats import corpus_writer

    corpus_writer(args.output)
    check_output_file(args.output, force=args.force)


def _check_outputs(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Fail before any work: a suffix naming no format is a usage error (status 2)."""
    try:
        getattr(args, "outputs", lambda _: None)(args)
    except ConfigurationError as err:
        getattr(args, "usage", parser).error(str(err))


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
    _add_force(report, "the report files in DIR")
    _add_rendering_options(report)
    report.add_argument("--no-stability", action="store_true",
                        help="skip the refits behind refit agreement (bootstrap stability is still measured)")
    report.add_argument("--fit-on", choices=("all", "reference"), default="all",
                        help="find the themes in every record, or in the reference records only and place the "
                             "focus and unclassified records in them afterwards (default: all)")
    report.add_argument("--quiet", action="store_true", help="no progress and no table on the terminal")
    _add_context_options(report)
    _add_theme_options(report)
    _add_enrich_options(report)
    report.set_defaults(run=cmd_report, outputs=_report_outputs, usage=report)

    themes = commands.add_parser("themes", help="themes with sizes and top terms")
    _add_inputs(themes)
    _add_theme_options(themes)
    _add_quiet(themes)
    themes.set_defaults(run=cmd_themes, abstracts=None)

    bib = commands.add_parser("bib", help="an annotated bibliography (.html .md .tex .bib .json)")
    _add_inputs(bib)
    bib.add_argument("-o", "--output", required=True, metavar="FILE",
                     help="output file; the suffix picks the format (.html .md .tex .bib)")
    _add_force(bib, "FILE")
    bib.add_argument("--group", choices=("theme", "context", "none"), default="theme", help="how to group")
    _add_rendering_options(bib)
    _add_context_options(bib)
    _add_theme_options(bib)
    _add_enrich_options(bib)
    _add_quiet(bib)
    bib.set_defaults(run=cmd_bib, outputs=_bib_outputs, usage=bib)

    inspect = commands.add_parser("inspect", help="records, problems and duplicates per file")
    _add_inputs(inspect, optional=True)
    inspect.add_argument("--json", action="store_true", help="print JSON for scripts")
    inspect.add_argument("--evidence", action="store_true", help="show why each record got its context")
    _add_context_options(inspect)
    _add_enrich_options(inspect)
    _add_quiet(inspect)
    inspect.set_defaults(run=cmd_inspect)

    dedupe = commands.add_parser("dedupe", help="merge duplicate records and write clean BibTeX, RIS or CSL-JSON")
    _add_inputs(dedupe)
    dedupe.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="where to write; the suffix picks the format (.bib .ris .json)")
    _add_force(dedupe, "FILE")
    dedupe.add_argument("--abstracts", metavar="PATH", help="folder of <key>.txt files or key,abstract CSV")
    _add_quiet(dedupe)
    dedupe.set_defaults(run=cmd_dedupe, outputs=_dedupe_outputs, usage=dedupe)
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
        _check_outputs(parser, args)
        status = int(args.run(args, out))
        out.flush()
        return status
    except SocinnoLitError as err:
        print(f"socinno-lit: error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        _silence(out)
        return BROKEN_PIPE_STATUS
    except KeyboardInterrupt:
        print("socinno-lit: interrupted", file=sys.stderr)
        return 130


def _silence(out: TextIO) -> None:
    """Point a closed pipe at /dev/null, so that the flush at exit raises nothing more
    (the recipe of Python's documentation for SIGPIPE)."""
    try:
        fileno = out.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
