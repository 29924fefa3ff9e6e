"""The full Danish gap report from your own export (Zotero, JabRef, Scopus ...).

Usage:
    python examples/danish_gap_report.py my-library.bib [more files ...] [-o out]

With no file it runs on the bundled corpus. Writes report.html, report.md, report.tex
and report.json to the output folder and prints the under-researched themes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import socinno_lit as sl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", help="BibTeX / RIS / CSV exports (default: the bundled corpus)")
    parser.add_argument("-o", "--output", default="danish-gaps", help="output folder")
    parser.add_argument("--themes", default="auto", help="number of themes or 'auto'")
    args = parser.parse_args()

    corpus = sl.load(*args.inputs).deduplicate() if args.inputs else sl.load_corpus()
    print(f"{len(corpus)} records, {len(corpus.problems_with(severity='error'))} entries could not be read")
    corpus = sl.classify(corpus, context="denmark")
    print("contexts:", sl.context_counts(corpus))

    n_themes = args.themes if args.themes == "auto" else int(args.themes)
    model = sl.ThemeModel(n_themes=n_themes, method="nmf", random_state=0).fit(corpus)
    comparison = sl.compare(model.themes_, focus="denmark")

    out = Path(args.output)
    for suffix in ("html", "md", "tex", "json"):
        sl.write_report(comparison, out / f"report.{suffix}")
    for gap in comparison.gaps():
        print(f"under-researched: {gap.label} ({gap.n_focus:.0f} Danish records, {gap.expected_focus:.1f} expected)")
    for gap in comparison.subtheme_gaps():  # a field that shares its theme with another
        parent = comparison.rows[comparison.parent(gap.theme)].label
        print(f"under-researched within '{parent}': {gap.label} ({gap.n_focus:.0f} Danish records, "
              f"{gap.expected_focus:.1f} expected)")
    print(f"report written to {out}/report.html")


if __name__ == "__main__":
    main()
