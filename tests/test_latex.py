"""LaTeX decoding: the accents and symbols of real exports become Unicode."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinno_lit.read.latex import decode_latex, decode_verbatim
from socinno_lit.render.bibwriter import escape_bibtex


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"S{\o}rensen", "Sørensen"),
        (r"{\aa}", "å"),
        (r"\AA{}rhus", "Århus"),
        (r"\AE ble", "Æble"),
        (r"\ae", "æ"),
        (r"{\O}stergaard", "Østergaard"),
        (r'M\"uller', "Müller"),
        (r'M{\"u}ller', "Müller"),
        (r'M\"{u}ller', "Müller"),
        (r"\'{e}cole", "école"),
        (r"\c{c}a", "ça"),
        (r"\v{S}koda", "Škoda"),
        (r"\~{n}", "ñ"),
        (r"\H{o}", "ő"),
        (r"{\L}ukasz", "Łukasz"),
        (r"\ss{}", "ß"),
        (r'na\"{\i}ve', "naïve"),
        (r"1990--2000", "1990–2000"),
        (r"a---b", "a—b"),
        (r"{\&}", "&"),
        (r"R\&D", "R&D"),
        (r"50\% of \emph{all}", "50% of all"),
        (r"\textbf{\emph{nested}}", "nested"),
        (r"{{The Danish Model}}", "The Danish Model"),
        (r"``quoted''", "“quoted”"),
        ("public\n   sector  innovation", "public sector innovation"),
        (r"Suite \# 3", "Suite # 3"),
        (r"$\alpha$-level", "α-level"),
    ],
)
def test_decodes_the_latex_of_real_exports(latex: str, text: str) -> None:
    assert decode_latex(latex) == text


def test_unknown_commands_fall_back_without_leaving_the_command() -> None:
    assert "\\" not in decode_latex(r"\unknowncommand{Kept} text")
    assert "Kept" in decode_latex(r"\unknowncommand{Kept} text")


def test_verbatim_fields_keep_tildes_and_double_hyphens() -> None:
    assert decode_verbatim(r"https://x.org/~me/a\_b--c") == "https://x.org/~me/a_b--c"


def test_accents_are_never_stripped() -> None:
    assert decode_latex("Økonomi & Politik, København, Århus") == "Økonomi & Politik, København, Århus"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80))
def test_escaping_then_decoding_gives_back_the_text(text: str) -> None:
    folded = " ".join(text.split())
    assert decode_latex(escape_bibtex(folded)) == folded
