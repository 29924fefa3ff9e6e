"""Reading files of hundreds of megabytes in bounded memory: decode and parse piece by piece.

A small file is read whole (bytes, then text, then records). For a large one that would
mean several copies of the text at once, so its bytes are read in chunks, decoded by one
:class:`~socinno_lit.read.encoding.TextDecoder` (the encoding chosen once, from the first
chunk), and the text is cut into pieces at places where no entry can be open:

- BibTeX: before a line-start ``@type{``, which ends any entry left open before it in
  both the fast scanner and bibtexparser;
- RIS and Web of Science: after an ``ER`` line, the only thing that ends a record;
- CSV: after a line end (the csv reader itself carries a quoted cell over lines).

Each piece is parsed with the same key registry, ``@string`` macros and running line
number, so the records are those of reading the file whole; what stays in memory is the
records plus about three chunks of text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..keys import KeyRegistry
from ..records import Problem, Record
from .bibtex import BibtexReader, crossref_targets
from .encoding import TextDecoder
from .medline import parse_medline
from .ris import end_tag, parse_tagged
from .tabular import parse_csv

#: Files larger than this (bytes) are read chunk by chunk.
CHUNK_THRESHOLD = 64 * 2**20
#: The size of one chunk of bytes.
CHUNK_BYTES = 8 * 2**20
#: The encoding is chosen from this many first bytes (BOM, UTF-16 zeros, declaration, binary).
HEAD_BYTES = 2**16

Result = tuple[list[Record], list[Problem]]

_BIB_BOUNDARY = re.compile(r"[\r\n](?=[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(])")
# An ER line, blank lines and the line start of the next record's start tag.
_RIS_ER_THEN_START = re.compile(r"(?<=[\r\n])(ER[^\r\n]*)(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*(?=TY {1,2}-)")
_WOS_ER_THEN_START = re.compile(r"(?<=[\r\n])(ER[^\r\n]*)(?:\r\n|\r|\n)(?:[ \t]*(?:\r\n|\r|\n))*(?=PT )")
_PMID_LINE = re.compile(r"(?<=[\r\n])PMID-")
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_MEDLINE_WITHOUT_GAPS = 4 * 2**20
# A line end; a CR only when what follows is known not to be the LF of a CRLF.
_LINE_END = re.compile(r"\n|\r(?=[^\n])")


class ChunkedText:
    """The decoded text of a large file, as pieces cut where the parser may start afresh.

    Args:
        stream: the file, opened in binary mode.
        file: the name used in problems and errors.
        chunk_bytes: how many bytes to read at a time.

    Raises:
        InputError: the file is binary.

    Example:
        >>> text = "".join(f"@misc{{k{i}, title={{T}}}}\\n" for i in range(4))
        >>> chunks = ChunkedText(io.BytesIO(text.encode()), "big.bib", chunk_bytes=40)
        >>> [(line, piece.count("@")) for piece, line in chunks.pieces(bibtex_cut)]
        [(1, 1), (2, 2), (4, 1)]
    """

    def __init__(self, stream: BinaryIO, file: str, chunk_bytes: int = CHUNK_BYTES) -> None:
        self.stream = stream
        self.file = file
        self.chunk_bytes = chunk_bytes
        # The encoding is chosen from the same first bytes, whatever the chunk size.
        self._first = stream.read(HEAD_BYTES)
        final = len(self._first) < HEAD_BYTES
        self.decoder = TextDecoder(self._first, file, final=final)
        head = TextDecoder(self._first, file, final=final)
        self.head = head.decode(self._first, final=final)
        #: What decoding the head met: all there is to say of a file read no further.
        self.head_problems = head.problems
        stream.seek(0)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What decoding met so far (fallback bytes, NUL bytes)."""
        return self.decoder.problems

    def pieces(self, cut: Callable[[str], int]) -> Iterator[tuple[str, int]]:
        """Consecutive pieces of the whole text, each with the number of its first line.

        ``cut(text)`` says where the text read so far may be cut (0: not yet).
        """
        pending, line = "", 1
        while True:
            data = self.stream.read(self.chunk_bytes)
            pending += self.decoder.decode(data, final=not data)
            end = cut(pending) if data else len(pending)
            if end > 0:
                piece, pending = pending[:end], pending[end:]
                yield piece, line
                line += _count_lines(piece)
            if not data:
                return

    def texts(self) -> Iterator[str]:
        """The text again, from a separate pass over the file, in pieces of whole lines."""
        position = self.stream.tell()
        self.stream.seek(0)
        decoder = TextDecoder(self._first, self.file, final=len(self._first) < HEAD_BYTES)
        pending = ""
        try:
            while data := self.stream.read(self.chunk_bytes):
                pending += decoder.decode(data)
                end = csv_cut(pending)
                yield pending[:end]
                pending = pending[end:]
            yield pending + decoder.decode(b"", final=True)
        finally:
            self.stream.seek(position)


def _count_lines(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text``, looking at its end first."""
    window = 1 << 16
    while True:
        start = max(0, len(text) - window)
        last = None
        for last in pattern.finditer(text, start):
            pass
        if last is not None or start == 0:
            return last
        window *= 8


def bibtex_cut(text: str) -> int:
    """Where BibTeX text may be cut: at the start of its last line-start ``@type{`` line.

    Example:
        >>> bibtex_cut("@misc{a, title={open\\n  @book{b,}")
        21
    """
    match = _last(_BIB_BOUNDARY, text)
    return match.start() + 1 if match else 0


def tagged_cut(text: str, wos: bool = False) -> int:
    """Where RIS (or Web of Science) text may be cut: after its last ``ER`` line that the
    next record's start tag follows (tags between the two belong to the record before).

    Example:
        >>> tagged_cut("TY  - JOUR\\nER  - \\nTY  - BOOK\\nER  - \\nNL  - x\\n")
        18
    """
    end = end_tag(wos)
    ends = _WOS_ER_THEN_START if wos else _RIS_ER_THEN_START
    window = 1 << 16
    while True:
        start = max(0, len(text) - window)
        found = [m for m in ends.finditer(text, start) if end.match(m.group(1))]
        if found or start == 0:
            return found[-1].end() if found else 0
        window *= 8


def csv_cut(text: str) -> int:
    """Where CSV text may be cut: after its last complete line end.

    Example:
        >>> csv_cut('Title,Year\\r\\n"a\\r\\nb",1\\r')
        16
    """
    match = _last(_LINE_END, text)
    return match.end() if match else 0


def medline_cut(text: str) -> int:
    """Where PubMed MEDLINE text may be cut: after its last blank line.

    A record may open with lines before its ``PMID`` (PubMed Central writes ``PMC``), so
    a ``PMID-`` line is a place to cut only in text of several megabytes without a blank
    line (a file that never separates its records), which would otherwise be held whole.

    Example:
        >>> medline_cut("PMC - PMC1\\nPMID- 1\\nTI  - A\\n\\nPMC - PMC2\\nPMID- 2\\nTI  - B")
        28
        >>> medline_cut("PMC - PMC1\\nPMID- 1\\nTI  - A\\n")
        0
    """
    blank = _last(_BLANK_LINE, text)
    if blank is not None:
        return blank.end()
    pmid = _last(_PMID_LINE, text) if len(text) > _MEDLINE_WITHOUT_GAPS else None
    return pmid.start() if pmid else 0


def read_bibtex(chunks: ChunkedText, registry: KeyRegistry | None) -> Result:
    """Records and problems of a large BibTeX file.

    A first quick pass finds the keys that ``crossref`` fields name, so that only those
    entries' fields are held until the end of the file.
    """
    keep: set[str] = set()
    for text in chunks.texts():
        keep |= crossref_targets(text)
    reader = BibtexReader(chunks.file, registry=registry, keep=keep)
    for piece, line in chunks.pieces(bibtex_cut):
        reader.feed(piece, line)
    return reader.finish()


def read_tagged(chunks: ChunkedText, registry: KeyRegistry | None, wos: bool = False) -> Result:
    """Records and problems of a large RIS or Web of Science file."""
    return _read_pieces(chunks, registry, lambda text: tagged_cut(text, wos),
                        lambda piece, file, **options: parse_tagged(piece, file, wos=wos, **options))


def read_medline(chunks: ChunkedText, registry: KeyRegistry | None) -> Result:
    """Records and problems of a large PubMed MEDLINE file."""
    return _read_pieces(chunks, registry, medline_cut, parse_medline)


def _read_pieces(chunks: ChunkedText, registry: KeyRegistry | None, cut: Callable[[str], int],
                 parse: Callable[..., Result]) -> Result:
    """Parse piece by piece, with one key registry and the running line number."""
    registry = registry if registry is not None else KeyRegistry()  # one for every piece
    records: list[Record] = []
    problems: list[Problem] = []
    for piece, line in chunks.pieces(cut):
        more, found = parse(piece, chunks.file, registry=registry, first_line=line)
        records.extend(more)
        problems.extend(found)
    return records, problems


def read_csv(chunks: ChunkedText, registry: KeyRegistry | None) -> Result:
    """Records and problems of a large CSV file: its lines are streamed to the csv reader."""
    lines = (line for piece, _ in chunks.pieces(csv_cut) for line in io.StringIO(piece, newline=""))
    return parse_csv(lines, chunks.file, registry=registry)


READERS: dict[str, Callable[[ChunkedText, KeyRegistry | None], Result]] = {
    "bibtex": read_bibtex,
    "ris": read_tagged,
    "wos": lambda chunks, registry: read_tagged(chunks, registry, wos=True),
    "csv": read_csv,
    "medline": read_medline,
}


def is_large(path: Path, threshold: int = CHUNK_THRESHOLD) -> bool:
    """Whether ``path`` is large enough to be read chunk by chunk."""
    try:
        return path.stat().st_size > threshold
    except OSError:
        return False  # the ordinary path reports the error
