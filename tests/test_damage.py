"""Property tests: damaged real exports load, fast, without losing what the damage missed.

Each case takes a real file from ../shared/data (small files most often, so that the CI
profile stays fast; every file can be drawn), applies one to three damages of the kinds
real exports suffer (a brace removed or added, a quote added or removed, the file cut off,
an entry cut off where the next one starts, bytes of another encoding or random bytes
spliced in, a field of hundreds of thousands of characters, braces nested thousands deep),
writes the damaged bytes to a temporary file under the same name and loads it. Then:

- ``load`` returns a Corpus (a damaged text file is still a text file: no exception at all);
- it takes a bounded time;
- every entry the damage did not touch (see tests/damage.py for what that means) loads
  exactly as it did from the undamaged file: same type, fields, values, key (up to the
  ``-2`` a damaged neighbour with the same key can add or take away) and, shifted by the
  lines the damage added or removed, the same line;
- in BibTeX files, records plus unreadable entries account for every entry that starts a
  line (one inside a line may, once damaged, be text in another entry's value), and there
  are no more of them than ``@`` signs (nothing is counted twice).

Profiles (registered in tests/conftest.py)::

    # "ci", the default: fixed (derandomized) cases, about a minute for the three modules
    python3 -m pytest -q tests/test_damage.py tests/test_fuzz.py tests/test_limits.py
    # "long", by hand: 50 times the cases (about an hour on two cores)
    python3 -m pytest -q tests/test_damage.py tests/test_fuzz.py tests/test_limits.py \\
        --hypothesis-profile=long --hypothesis-show-statistics
    SOCINNO_HYPOTHESIS_PROFILE=long python3 -m pytest -q tests/test_damage.py tests/test_fuzz.py
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import pytest
from conftest import SHARED_DATA
from damage import (
    Damage,
    Sample,
    apply,
    base_key,
    comparable,
    foreign,
    next_bound,
    sample,
    undamaged,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socinno_lit as sl
from socinno_lit.read.bibtex import MAX_FIELD_CHARS
from socinno_lit.read.encoding import decode_bytes, normalise_newlines
from socinno_lit.read.loading import SUFFIXES

SUPPORTED = set(SUFFIXES)
FILES = sorted((p for p in SHARED_DATA.rglob("*") if p.suffix in SUPPORTED), key=lambda p: (p.stat().st_size, p)) \
    if SHARED_DATA.is_dir() else []
SMALL = [p for p in FILES if p.stat().st_size <= 48_000]
FOREIGN_TEXT = "Sørensen – “Æblegrød” på Ærø; Straße, Œuvre, Dvořák, Łódź, Москва, 東京 ©"
FOREIGN_CODECS = ("cp1252", "latin-1", "iso8859-2", "utf-16-le", "utf-16-be", "gbk", "shift_jis",
                  "koi8-r", "mac_roman", "utf-8", "cp437")
LINE_START_ENTRY = re.compile(r"\n[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t]*[{(]")
HUGE_PIECES = ("lorem ipsum ", "{\\o}rsted \\'e ", "\\unknowncommand{x} ", "a" * 64, "{x} # ", "@misc ")


def line_start_entries(text: str) -> int:
    starts = LINE_START_ENTRY.finditer("\n" + normalise_newlines(text))
    return sum(1 for m in starts if m.group(1).lower() not in ("string", "preamble", "comment"))


def examples(factor: float) -> int:
    """This test's number of cases: the profile's ``max_examples`` scaled."""
    return max(1, int(settings.default.max_examples * factor))


pytestmark = pytest.mark.skipif(not FILES, reason="the shared real data folder is not beside the project")


@st.composite
def damages(draw: st.DrawFn, s: Sample) -> Damage:
    n = len(s.view)
    pos = draw(st.integers(0, n))
    kind = draw(st.sampled_from(["remove-brace", "add-brace", "remove-quote", "add-quote", "cut-off",
                                 "cut-entry", "foreign-bytes", "random-bytes", "huge-field",
                                 "deep-nesting", "deep-open"]))
    if kind == "remove-brace" and s.braces:
        at = s.braces[draw(st.integers(0, len(s.braces) - 1))]
        return Damage(at, at + 1, "", kind)
    if kind == "remove-quote" and s.quotes:
        at = s.quotes[draw(st.integers(0, len(s.quotes) - 1))]
        return Damage(at, at + 1, "", kind)
    if kind == "cut-off":
        return Damage(pos, n, "", kind)
    if kind == "cut-entry":
        return Damage(pos, max(pos, next_bound(s, pos)), "", kind)
    if kind == "foreign-bytes":
        text = foreign(FOREIGN_TEXT, draw(st.sampled_from(FOREIGN_CODECS)))
        return Damage(pos, pos, text, kind)
    if kind == "random-bytes":
        return Damage(pos, pos, draw(st.binary(min_size=1, max_size=64)).decode("latin-1"), kind)
    if kind == "huge-field":
        piece = draw(st.sampled_from(HUGE_PIECES))
        size = draw(st.integers(MAX_FIELD_CHARS + 1, MAX_FIELD_CHARS * 3 // 2))
        return Damage(pos, pos, (piece * (size // len(piece) + 1))[:size], kind)
    if kind in ("deep-nesting", "deep-open"):
        depth = draw(st.integers(65, 5000))
        text = "{" * depth + "x" + ("}" * depth if kind == "deep-nesting" else "")
        return Damage(pos, pos, text, kind)
    return Damage(pos, pos, draw(st.sampled_from("{}" if "brace" in kind else '"')), kind)


@st.composite
def damaged_files(draw: st.DrawFn) -> tuple[Sample, list[Damage]]:
    # Five small-file branches to one over every file: most cases stay fast.
    path = draw(st.one_of(*[st.sampled_from(SMALL)] * 5, st.sampled_from(FILES)))
    s = sample(path)
    return s, draw(st.lists(damages(s), min_size=1, max_size=3))


_BASELINE: dict[Path, tuple[sl.Corpus, float]] = {}


def baseline(path: Path) -> tuple[sl.Corpus, float]:
    """The undamaged file's corpus and load time (cached: each file is drawn many times)."""
    if path not in _BASELINE:
        start = time.perf_counter()
        corpus = sl.load(path)
        _BASELINE[path] = corpus, time.perf_counter() - start
    return _BASELINE[path]


def load_damaged(s: Sample, view: str) -> tuple[sl.Corpus, float, bytes]:
    data = s.encode(view)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / s.path.name
        target.write_bytes(data)
        start = time.perf_counter()
        corpus = sl.load(target)
        return corpus, time.perf_counter() - start, data


def time_allowed(base_seconds: float, damage: list[Damage]) -> float:
    """Generous: a shared CI core, plus LaTeX decoding of a huge inserted field."""
    inserted = sum(len(d.text) for d in damage)
    return 5.0 + 3 * base_seconds + inserted / 50_000


@settings(max_examples=examples(6), suppress_health_check=list(HealthCheck))
@given(damaged_files())
def test_damaged_real_files_load_and_keep_every_undamaged_entry(case: tuple[Sample, list[Damage]]) -> None:
    check_damaged(*case)


LARGE = [p for p in FILES if p.stat().st_size > 1_000_000]


@pytest.mark.parametrize("path", LARGE, ids=lambda p: p.name)
def test_large_real_files_survive_one_of_each_damage(path: Path) -> None:
    """The CI profile draws small files; here every large one meets each damage once, mid-file."""
    s = sample(path)
    middle = len(s.view) // 2
    brace = next(i for i in s.braces if i > middle) if s.braces and s.braces[-1] > middle else middle
    check_damaged(s, [
        Damage(brace, brace + 1, "", "remove-brace"),
        Damage(middle + 5_000, middle + 5_000, "\"" + foreign(FOREIGN_TEXT, "cp1252"), "foreign-bytes"),
        Damage(middle + 20_000, middle + 20_000, "{" * 3_000 + "x" + "}" * 3_000, "deep-nesting"),
        Damage(middle + 40_000, middle + 40_000, "huge " * 50_000, "huge-field"),
        Damage(middle + 60_000, len(s.view), "", "cut-off"),
    ])


def check_damaged(s: Sample, wanted: list[Damage]) -> None:
    """Load ``s`` with the damage done; check the properties listed in the module docstring."""
    before, base_seconds = baseline(s.path)
    view, done = apply(s, wanted)
    try:
        after, seconds, data = load_damaged(s, view)
    except sl.InputError as err:
        # Spliced control bytes can outweigh a small file whose every entry was damaged:
        # then nothing says it is text any more. With an entry intact it must load.
        assert "binary" in str(err) and not undamaged(s, before.records, done), err
        return
    assert seconds < time_allowed(base_seconds, done), f"{s.path.name}: {seconds:.1f} s"

    by_line: dict[tuple[int, str], list[sl.Record]] = {}
    for record in after:
        by_line.setdefault((record.source.line or 0, base_key(record.key)), []).append(record)
    for record, line in undamaged(s, before.records, done):
        found = by_line.get((line, base_key(record.key)), [])
        assert any(comparable(r) == comparable(record) for r in found), \
            f"{s.path.name}: undamaged entry {record.key!r} (line {record.source.line} -> {line}) changed or lost"

    if s.fmt == "bibtex":
        # Line-start entries are hard boundaries and must all be accounted for; an ``@type{``
        # inside a line may, once damaged, be text inside another entry's value, and a
        # damaged ``@{Comment{`` is reported although it no longer looks like an entry.
        text = decode_bytes(data).text
        accounted = len(after) + len(after.problems_with(code="unparsable-entry"))
        assert line_start_entries(text) <= accounted <= text.count("@"), s.path.name


def test_undamaged_files_compare_equal_to_themselves() -> None:
    """The damage machinery itself: no damage, every record found again on its own line."""
    for path in SMALL[::25]:
        s = sample(path)
        before, _ = baseline(path)
        after, _, _ = load_damaged(s, s.view)
        assert [(r.key, r.source.line) for r in after] == [(r.key, r.source.line) for r in before]
        assert len(undamaged(s, before.records, [])) == len(before)
