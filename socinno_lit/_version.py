"""The version of socinno_lit, in one place."""

__version__ = "0.1.0"
