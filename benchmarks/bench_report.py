"""End-to-end benchmark: ``socinno-lit report`` at 5,000, 20,000 and 100,000 real records.

The real domain exports in ../shared/data/domain are repeated to each size. Each copy
gets fresh keys, a DOI suffix and years moved by two per copy, so that duplicate
detection (which runs, as it does for a user) keeps the copies apart instead of merging
them back into the ~2,900 originals. Then, at each size, in the same run:

- a bare script as the baseline: parse with bibtexparser, TF-IDF and NMF with scikit-learn;
- the command as a user runs it, with its default settings (stability refits on) and a
  fixed number of themes,

each in its own process, with its wall time and peak resident memory. ``--steps`` adds
the time of each step, from a second, in-process run at the largest size.

Run from the project root:
``python benchmarks/bench_report.py [--sizes 5000,20000,100000] [--themes K] [--no-stability] [--steps]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_KEY = re.compile(r"(@\s*\w+\s*\{)\s*([^,\s]*)\s*,")
_DOI = re.compile(r"(doi\s*=\s*\{)([^}]*)(\})", re.I)
_YEAR = re.compile(r"(year\s*=\s*\{?)(\d{4})", re.I)


def distinct_copy(text: str, copy: int) -> str:
    """A copy of an export whose records duplicate detection will not merge with the original."""
    text = _KEY.sub(lambda m: f"{m.group(1)}c{copy}-{m.group(2)},", text)
    text = _DOI.sub(lambda m: f"{m.group(1)}{m.group(2)}-c{copy}{m.group(3)}", text)
    return _YEAR.sub(lambda m: f"{m.group(1)}{int(m.group(2)) - 2 * copy}", text)


def build(target: int, folder: Path) -> Path:
    from bench_loading import DOMAIN

    texts = [p.read_text(encoding="utf-8-sig") for p in sorted(DOMAIN.glob("*.bib"))]
    parts, count, copy = [], 0, 0
    while count < target:
        for text in texts:
            parts.append(distinct_copy(text, copy))
            count += len(_KEY.findall(text))
        copy += 1
    path = folder / f"records-{target}.bib"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def bare(path: str, themes: int) -> None:
    """The baseline: what a bare script does, parse the file and fit TF-IDF + NMF."""
    import bibtexparser
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    library = bibtexparser.parse_file(path)
    texts = [" ".join(e.fields_dict[f].value for f in ("title", "keywords", "abstract") if f in e.fields_dict)
             for e in library.entries]
    X = TfidfVectorizer(stop_words="english", min_df=2, max_df=0.95, sublinear_tf=True).fit_transform(texts)
    NMF(n_components=themes, random_state=0).fit_transform(X)
    print(len(texts))


def timed_process(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak resident memory (MB) and CPU seconds of a child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        if child.returncode:
            raise SystemExit(f"{' '.join(command[:4])} ... failed:\n{err.read()}")
        return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # ru_maxrss: KB on Linux


def measure(size: int, folder: Path, args: argparse.Namespace) -> dict[str, float]:
    """Baseline and report, alternated ``args.repeat`` times; the fastest of each counts
    (other jobs on a shared machine only ever add time)."""
    from socinno_lit.read.bibtex import count_entries

    path = build(size, folder)
    out = folder / f"out-{size}"
    command = [sys.executable, "-m", "socinno_lit", "report", str(path), "-o", str(out), "--themes", args.themes,
               "--quiet", "--force"] + (["--no-stability"] if args.no_stability else [])
    baselines, reports = [], []
    for _ in range(args.repeat):
        baselines.append(timed_process([sys.executable, __file__, "--bare", str(path), str(args.themes)]))
        reports.append(timed_process(command))
    report = json.loads((out / "report.json").read_text())
    (baseline, baseline_mb, baseline_cpu), (seconds, peak_mb, cpu) = min(baselines), min(reports)
    return {"entries": count_entries(path.read_text(encoding="utf-8")), "records": report["analysed"]["n_records"], "baseline": baseline,
            "baseline_mb": baseline_mb, "baseline_cpu": baseline_cpu, "report": seconds, "report_mb": peak_mb,
            "report_cpu": cpu, "stability": [(t["verdict"], t["stability"], t["refit_agreement"])
                                              for t in report["themes"]]}


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,20000", help="entries per file, comma-separated "
                        "(default 5000,20000; add 100000 for the long run)")
    parser.add_argument("--themes", default="10")
    parser.add_argument("--no-stability", action="store_true", help="turn the stability refits off")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, the fastest counts (default 1)")
    parser.add_argument("--steps", action="store_true", help="time each step at the largest size (in-process)")
    parser.add_argument("--bare", nargs=2, metavar=("FILE", "K"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        bare(args.bare[0], int(args.bare[1]))
        return
    from bench_loading import machine

    print(f"machine: {machine()}")
    print(f"socinno-lit report --themes {args.themes}, stability {'off' if args.no_stability else 'on'}; "
          "baseline: bibtexparser + TF-IDF + NMF, same run")
    print("| entries | records | baseline | report | report / baseline | CPU baseline / report | "
          "peak memory baseline / report |")
    print("|---|---|---|---|---|---|---|")
    sizes = [int(n) for n in args.sizes.split(",")]
    stability: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            m = measure(size, Path(tmp), args)
            print(f"| {m['entries']:,} | {m['records']:,} | {m['baseline']:.1f} s | {m['report']:.1f} s | "
                  f"{m['report'] / m['baseline']:.1f}x | {m['baseline_cpu']:.0f} s / {m['report_cpu']:.0f} s | "
                  f"{m['baseline_mb']:,.0f} MB / {m['report_mb']:,.0f} MB |", flush=True)
            stability.append(f"{m['entries']:,}: " + "; ".join(f"{v} {_share(s)} / {_share(r)}"
                                                               for v, s, r in m["stability"]))
        print("\nVerdict, bootstrap stability (share of 200 resamples of the records repeating it) / refit "
              "agreement (share of refits repeating it) of each theme:", *stability, sep="\n  ")
        if args.steps:
            for name, t in _step_times(build(sizes[-1], Path(tmp)), args):
                print(f"  {name:<46} {t:6.1f} s")


def _step_times(path: Path, args: argparse.Namespace) -> list[tuple[str, float]]:
    """The same analysis in-process, timing each step through the progress callback."""
    import socinno_lit as sl

    marks: list[tuple[str, float]] = []
    result = sl.analyse(path, n_themes=int(args.themes) if args.themes != "auto" else "auto",
                        stability=not args.no_stability, progress=lambda m: marks.append((m, time.perf_counter())))
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
