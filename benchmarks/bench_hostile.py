"""Hostile-input benchmark: inputs whose cost grew with the square of their size.

Each case is timed against its baseline in the same run:

- a RIS record whose abstract is wrapped over many lines: rispy's own parser (which joins
  each continuation line to the value so far) against ``parse_tagged`` (which joins the
  lines once before handing the record to rispy);
- thousands of works of one author and year: deduplication with one block for all of
  them (``MAX_BLOCK`` lifted) against the default, which splits a block of more than
  ``MAX_BLOCK`` records by a longer start of the title.

Run from the project root: ``python benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from pathlib import Path

import rispy

import socinno_lit as sl
from socinno_lit import dedup
from socinno_lit.read.ris import parse_tagged

LINE = "continuation line of some eighty characters of abstract text here and there"


def seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{cpu}, nproc {os.cpu_count()}, Python {platform.python_version()}"


def wrapped_ris(lines: int) -> str:
    return "TY  - JOUR\nTI  - Wrapped\nAB  - start\n" + f"{LINE}\n" * lines + "ER  - \n"


def one_author(works: int) -> sl.Corpus:
    return sl.Corpus([sl.Record(key=f"k{i}", title=f"Co-creation in public services: municipal case {i}",
                                authors=("Smith, J",), year=2020) for i in range(works)])


def one_block(corpus: sl.Corpus) -> None:
    limit = dedup.MAX_BLOCK
    dedup.MAX_BLOCK = 10**9
    try:
        corpus.deduplicate()
    finally:
        dedup.MAX_BLOCK = limit


def main() -> None:
    print(f"machine: {machine()}")
    print(f"{'case':<44} {'baseline s':>10} {'socinno_lit s':>13}")
    for lines in (20_000, 80_000):
        text = wrapped_ris(lines)
        base = seconds(lambda t=text: rispy.RisParser(enforce_list_tags=False).parse(t))
        ours = seconds(lambda t=text: parse_tagged(t, "wrapped.ris"))
        print(f"{f'RIS abstract over {lines:,} lines':<44} {base:>10.2f} {ours:>13.2f}")
    for works in (4_000, 8_000):
        corpus = one_author(works)
        base = seconds(lambda c=corpus: one_block(c))
        ours = seconds(lambda c=corpus: c.deduplicate())
        print(f"{f'dedup, {works:,} works of one author and year':<44} {base:>10.2f} {ours:>13.2f}")


if __name__ == "__main__":
    main()
