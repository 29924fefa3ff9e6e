"""A Norwegian comparison: the same analysis with Norway as the national context.

Usage:
    python examples/norwegian_comparison.py exports/*.bib [-o out]

Any country works by name ("sweden", "netherlands" ...), or give your own context file
(TOML or JSON with names, demonyms, cities, institutions and venues).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import socinno_lit as sl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", help="exports (default: the bundled corpus)")
    parser.add_argument("-o", "--output", default="norwegian-gaps", help="output folder")
    parser.add_argument("--context", default="norway", help="country name or context file")
    args = parser.parse_args()

    corpus = sl.load(*args.inputs).deduplicate() if args.inputs else sl.load_corpus()
    context = sl.get_context(args.context)
    corpus = sl.classify(corpus, context=context, rule="any")
    counts = sl.context_counts(corpus)
    print(f"{context.label}: {counts.get(context.name, 0)} records, international: {counts.get('international', 0)}")
    for record in corpus:
        if record.context == context.name:
            print(f"  {record.key}: {'; '.join(record.evidence)}")

    if counts.get(context.name, 0) == 0:
        print("no record in this context: nothing to compare")
        return
    themes = sl.ThemeModel(n_themes=5, random_state=0).fit(corpus).themes_
    comparison = sl.compare(themes, focus=context.name)
    path = sl.write_report(comparison, Path(args.output) / "report.html")
    print(comparison.to_frame()[["label", "n_focus", "n_reference", "verdict"]].to_string(index=False))
    print(f"report written to {path}")


if __name__ == "__main__":
    main()
