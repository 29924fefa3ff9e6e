"""Loading benchmark: socinno_lit.load against bibtexparser v2 on the same large file.

Replicates the real domain exports in ../shared/data/domain (with fresh keys) to at
least 20,000 entries, then times, in one run on the same file:

- ``socinno_lit.load`` (parse, resolve macros, decode all LaTeX, map fields, keys);
- bibtexparser v2 with its default parse stack (no LaTeX decoding);
- bibtexparser v2 with ``LatexDecodingMiddleware`` appended.

Run from the project root: ``python benchmarks/bench_loading.py [--entries N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware

import socinno_lit as sl
from socinno_lit.read.bibtex import count_entries

DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "domain"
_KEY = re.compile(r"(@\s*\w+\s*\{)\s*([^,\s]*)\s*,")


def build_corpus(target: int, folder: Path) -> tuple[Path, int]:
    """A BibTeX file of at least ``target`` entries: the domain exports repeated, keys made fresh."""
    texts = [p.read_text(encoding="utf-8-sig") for p in sorted(DOMAIN.glob("*.bib"))]
    parts: list[str] = []
    count, copy = 0, 0
    while count < target:
        copy += 1
        for text in texts:
            parts.append(_KEY.sub(lambda m, c=copy: f"{m.group(1)}r{c}-{m.group(2)},", text))
            count += len(_KEY.findall(text))
    path = folder / "replicated.bib"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path, count


def timed(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    import os

    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, bibtexparser {bibtexparser.__version__}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-latex-middleware", action="store_true", help="skip the slow middleware run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path, _ = build_corpus(args.entries, Path(tmp))
        n = count_entries(path.read_text(encoding="utf-8"))
        print(f"machine: {machine()}")
        print(f"file: {n} entries, {path.stat().st_size / 1e6:.1f} MB")
        ours, corpus = timed(lambda: sl.load(path), args.repeat)
        plain, _ = timed(lambda: bibtexparser.parse_file(str(path)), args.repeat)
        rows = [("socinno_lit.load (full LaTeX decoding)", ours), ("bibtexparser v2, no decoding", plain)]
        if not args.skip_latex_middleware:
            latex, _ = timed(lambda: bibtexparser.parse_file(str(path), append_middleware=[LatexDecodingMiddleware()]), 1)
            rows.append(("bibtexparser v2 + LatexDecodingMiddleware", latex))
        print(f"records loaded by socinno_lit: {len(corpus)}")  # type: ignore[arg-type]
        print(f"{'loader':<45} {'seconds':>8} {'entries/s':>10} {'vs socinno_lit':>15}")
        for name, seconds in rows:
            print(f"{name:<45} {seconds:>8.2f} {n / seconds:>10,.0f} {seconds / ours:>14.1f}x")


if __name__ == "__main__":
    main()
