"""End-to-end benchmark: ``socinno-lit report`` on about 20,000 real records.

The real domain exports in ../shared/data/domain are repeated to 20,000 entries. Each
copy gets fresh keys, a DOI suffix and years moved by two per copy, so that duplicate
detection (which runs, as it does for a user) keeps the copies apart instead of merging
them back into the ~2,900 originals. Then the command runs as a user would run it, with
a fixed number of themes, and the time of each step is printed.

Run from the project root: ``python benchmarks/bench_report.py [--entries N] [--themes K]``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_loading import DOMAIN, machine

_KEY = re.compile(r"(@\s*\w+\s*\{)\s*([^,\s]*)\s*,")
_DOI = re.compile(r"(doi\s*=\s*\{)([^}]*)(\})", re.I)
_YEAR = re.compile(r"(year\s*=\s*\{?)(\d{4})", re.I)


def distinct_copy(text: str, copy: int) -> str:
    """A copy of an export whose records duplicate detection will not merge with the original."""
    text = _KEY.sub(lambda m: f"{m.group(1)}c{copy}-{m.group(2)},", text)
    text = _DOI.sub(lambda m: f"{m.group(1)}{m.group(2)}-c{copy}{m.group(3)}", text)
    return _YEAR.sub(lambda m: f"{m.group(1)}{int(m.group(2)) - 2 * copy}", text)


def build(target: int, folder: Path) -> Path:
    texts = [p.read_text(encoding="utf-8-sig") for p in sorted(DOMAIN.glob("*.bib"))]
    parts, count, copy = [], 0, 0
    while count < target:
        for text in texts:
            parts.append(distinct_copy(text, copy))
            count += len(_KEY.findall(text))
        copy += 1
    path = folder / "twenty-thousand.bib"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--themes", default="10")
    parser.add_argument("--stability", action="store_true", help="also refit for stability (4 more fits)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = build(args.entries, Path(tmp))
        print(f"machine: {machine()}")
        command = [sys.executable, "-m", "socinno_lit", "report", str(path), "-o", str(Path(tmp) / "out"),
                   "--themes", args.themes, "--quiet"] + ([] if args.stability else ["--no-stability"])
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        if result.returncode:
            print(result.stderr)
            raise SystemExit(result.returncode)
        report = json.loads((Path(tmp) / "out" / "report.json").read_text())
        print(f"socinno-lit report, {args.themes} themes, stability {'on' if args.stability else 'off'}: "
              f"{report['analysed']['n_records']} records in {seconds:.1f} s")
        steps = _step_times(path, args)
        for name, t in steps:
            print(f"  {name:<46} {t:6.1f} s")


def _step_times(path: Path, args: argparse.Namespace) -> list[tuple[str, float]]:
    """The same analysis in-process, timing each step through the progress callback."""
    import socinno_lit as sl

    marks: list[tuple[str, float]] = []
    result = sl.analyse(path, n_themes=int(args.themes) if args.themes != "auto" else "auto",
                        stability=args.stability, progress=lambda m: marks.append((m, time.perf_counter())))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        for suffix in ("html", "md", "tex", "json"):
            sl.write_report(result.comparison, Path(out) / f"report.{suffix}")
        for name in ("annotated-bibliography.html", "annotated-bibliography.md", "enriched.bib"):
            sl.write_bibliography(result.themes, Path(out) / name)
    marks.append(("writing reports and bibliographies", start))
    ends = [t for _, t in marks[1:]] + [time.perf_counter()]
    return [(name, end - begin) for (name, begin), end in zip(marks, ends, strict=True)]


if __name__ == "__main__":
    main()
