"""An annotated bibliography per theme, in APA, Harvard or Chicago style.

Usage:
    python examples/bibliography_per_theme.py exports/*.bib [-o out] [--style harvard]

Writes one annotated bibliography grouped by theme (HTML, Markdown and LaTeX), one
grouped by context, and an enriched BibTeX file to import back into Zotero or JabRef.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import socinno_lit as sl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", help="exports (default: the bundled corpus)")
    parser.add_argument("-o", "--output", default="bibliographies", help="output folder")
    parser.add_argument("--style", default="apa", choices=("apa", "harvard", "chicago"))
    args = parser.parse_args()

    corpus = sl.load(*args.inputs).deduplicate() if args.inputs else sl.load_corpus()
    corpus = sl.classify(corpus, "denmark")
    themes = sl.ThemeModel(n_themes="auto", random_state=0).fit(corpus).themes_
    out = Path(args.output)
    for suffix in ("html", "md", "tex"):
        sl.write_bibliography(themes, out / f"by-theme.{suffix}", style=args.style, group_by="theme")
    sl.write_bibliography(themes, out / "by-context.md", style=args.style, group_by="context")
    sl.write_bibliography(themes, out / "enriched.bib")
    print(f"{len(corpus)} references in {themes.n_themes} themes written to {out}/")


if __name__ == "__main__":
    main()
