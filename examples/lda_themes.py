"""Swapping in LDA (or k-means, or any scikit-learn estimator) for the theme model.

Usage:
    python examples/lda_themes.py exports/*.bib [--themes 6]

NMF on TF-IDF is the default; LDA works on word counts. Both give the same interface.
"""

from __future__ import annotations

import argparse

from sklearn.decomposition import LatentDirichletAllocation

import socinno_lit as sl


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", help="exports (default: the bundled corpus)")
    parser.add_argument("--themes", type=int, default=6)
    args = parser.parse_args()

    corpus = sl.load(*args.inputs).deduplicate() if args.inputs else sl.load_corpus()
    corpus = sl.classify(corpus, "denmark")
    for method in ("nmf", "lda", LatentDirichletAllocation(n_components=args.themes, random_state=0)):
        themes = sl.ThemeModel(n_themes=args.themes, method=method, random_state=0).fit(corpus).themes_
        name = method if isinstance(method, str) else type(method).__name__
        print(f"\n== {name}: {themes.n_themes} themes")
        for t, label in enumerate(themes.labels):
            print(f"  {t}: {label:<40} {', '.join(themes.top_terms(t, 6))}")
        gaps = sl.compare(themes, "denmark").gaps()
        print("  under-researched:", ", ".join(g.label for g in gaps) or "none")


if __name__ == "__main__":
    main()
