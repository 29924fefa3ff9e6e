"""Reading every result as a pandas DataFrame, for notebooks and your own plots.

Usage:
    python examples/results_as_dataframes.py exports/*.bib [-o out]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import socinno_lit as sl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", help="exports (default: the bundled corpus)")
    parser.add_argument("-o", "--output", default="frames", help="folder for CSV copies")
    args = parser.parse_args()

    corpus = sl.load(*args.inputs).deduplicate() if args.inputs else sl.load_corpus()
    corpus = sl.classify(corpus, "denmark")
    themes = sl.ThemeModel(n_themes="auto", random_state=0).fit(corpus).themes_
    comparison = sl.compare(themes, "denmark")

    frames = {
        "records": corpus.to_frame().drop(columns=["fields"]),
        "problems": corpus.problems_frame(),
        "evidence": sl.evidence_table(corpus),
        "themes": themes.to_frame(),
        "themes_by_year": themes.counts_by_year(),
        "gaps": comparison.to_frame(),
        "subthemes": comparison.subtheme_frame(),
        "term_gaps": sl.term_gaps(corpus, "denmark"),
    }
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.to_csv(out / f"{name}.csv")
        print(f"{name}: {frame.shape[0]} rows x {frame.shape[1]} columns")
    print(frames["gaps"][["label", "n_focus", "n_reference", "activity_index", "q_value", "verdict"]].to_string())


if __name__ == "__main__":
    main()
