"""The exported names are a promise to users: they must not drift."""

from __future__ import annotations

import socinno_lit as sl

PROMISED = {"load", "load_corpus", "Corpus", "Record", "Problem", "Source", "SocinnoLitError", "InputError",
            "StrictModeError", "ConfigurationError", "write_bibtex", "deduplicate", "load_zotero", "write_csl_json"}


def test_every_promised_name_is_exported() -> None:
    assert PROMISED <= set(sl.__all__)
    for name in sl.__all__:
        assert hasattr(sl, name), name


def test_errors_share_one_root() -> None:
    for error in (sl.InputError, sl.StrictModeError, sl.ConfigurationError):
        assert issubclass(error, sl.SocinnoLitError)
