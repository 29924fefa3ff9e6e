"""Large-file benchmark: peak memory and time of loading a BibTeX file of hundreds of megabytes.

Builds a BibTeX file of about ``--megabytes`` MB by replicating the real domain exports in
../shared/data/domain with fresh keys, then loads it in a fresh subprocess per mode:

- ``whole``: the file read whole (bytes, then text, then records), as every file was read
  before chunked loading existed (``chunk_threshold`` set above the file size);
- ``chunked``: the default for a file this large, read in chunks of ``CHUNK_BYTES``.

Each mode runs twice in a fresh subprocess: once plainly, for the time and the peak
resident memory of the process (``ru_maxrss``, which includes the interpreter and the
libraries), and once under ``tracemalloc``, for the peak of memory allocated while loading
and the memory still held once loading is over (the records, which the corpus must keep).
Their difference is the working set of the loader.

Run from the project root: ``python benchmarks/bench_large_file.py [--megabytes 300]``.
``--check`` also verifies that both modes give the same records (slow: loads twice more).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from socinno_lit.read.bibtex import count_entries

DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "domain"
# The key is everything up to the first comma: Scopus writes keys with spaces ("El Masri2021").
_KEY = re.compile(r"(@\s*\w+\s*\{)([^,\n]*),")

_CHILD = r"""
import gc, json, resource, sys, time, tracemalloc
from pathlib import Path
from socinno_lit.read.loading import load_file
path, mode, traced = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "traced"
if traced:
    tracemalloc.start()
start = time.perf_counter()
threshold = path.stat().st_size + 1 if mode == "whole" else 0
records, problems = load_file(path, chunk_threshold=threshold)
seconds = time.perf_counter() - start
gc.collect()
out = {"records": len(records), "problems": len(problems), "seconds": seconds,
       "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
if traced:
    held, peak = tracemalloc.get_traced_memory()
    out.update(held_mb=held / 2**20, peak_mb=peak / 2**20)
print(json.dumps(out))
"""

_SAME = r"""
import sys
from pathlib import Path
from socinno_lit.read.loading import load_file
path = Path(sys.argv[1])
whole = load_file(path, chunk_threshold=path.stat().st_size + 1)
chunked = load_file(path, chunk_threshold=0)
key = lambda r: (r.key, r.entry_type, dict(r.fields), r.source)
same = [key(r) for r in whole[0]] == [key(r) for r in chunked[0]]
same = same and sorted(map(str, whole[1])) == sorted(map(str, chunked[1]))
print("same records and problems" if same else "DIFFERENT")
"""


def build(megabytes: float, folder: Path) -> tuple[Path, int]:
    """A BibTeX file of about ``megabytes`` MB: the domain exports repeated, keys made fresh."""
    texts = [p.read_text(encoding="utf-8-sig") for p in sorted(DOMAIN.glob("*.bib"))]
    path = folder / "large.bib"
    entries, copy = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < megabytes * 1e6:
            copy += 1
            for text in texts:
                out.write(_KEY.sub(lambda m, c=copy: f"{m.group(1)}r{c}-{m.group(2).strip()},", text))
                out.write("\n")
                entries += count_entries(text)
    return path, entries


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return f"{cpu}, nproc {os.cpu_count()}, Python {platform.python_version()}"


def run(path: Path, mode: str, traced: bool) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), mode, "traced" if traced else "plain"],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=300)
    parser.add_argument("--check", action="store_true", help="also check that both modes give the same records")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path, entries = build(args.megabytes, Path(tmp))
        print(f"machine: {machine()}")
        print(f"file: {path.stat().st_size / 1e6:.0f} MB, {entries:,} entries")
        print(f"{'mode':<8} {'records':>8} {'seconds':>8} {'ru_maxrss MB':>12} {'traced peak MB':>14} "
              f"{'records MB':>10} {'working set MB':>14}")
        for mode in ("whole", "chunked"):
            plain, traced = run(path, mode, traced=False), run(path, mode, traced=True)
            print(f"{mode:<8} {plain['records']:>8,} {plain['seconds']:>8.1f} {plain['maxrss_mb']:>12.0f} "
                  f"{traced['peak_mb']:>14.0f} {traced['held_mb']:>10.0f} "
                  f"{traced['peak_mb'] - traced['held_mb']:>14.0f}")
        if args.check:
            out = subprocess.run([sys.executable, "-c", _SAME, str(path)], check=True, capture_output=True, text=True)
            print(out.stdout.strip())


if __name__ == "__main__":
    main()
