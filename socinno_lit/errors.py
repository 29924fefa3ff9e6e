"""The error hierarchy of socinno_lit.

Every error the library raises on purpose derives from :class:`SocinnoLitError`, so a
script can catch one class; problems inside a file that loading can survive are not
raised but recorded as :class:`~socinno_lit.records.Problem` values.
"""

from __future__ import annotations


class SocinnoLitError(Exception):
    """Base class of every error raised by socinno_lit on purpose.

    Example:
        >>> try:
        ...     raise InputError("no such file: x.bib")
        ... except SocinnoLitError as err:
        ...     print(err)
        no such file: x.bib
    """


class InputError(SocinnoLitError):
    """A path or file that cannot be read as a bibliography at all."""


class StrictModeError(SocinnoLitError):
    """Raised by ``load(..., strict=True)`` at the first error-level problem.

    Attributes:
        problem: the :class:`~socinno_lit.records.Problem` that stopped loading.
    """

    def __init__(self, problem: object) -> None:
        super().__init__(str(problem))
        self.problem = problem


class ConfigurationError(SocinnoLitError, ValueError):
    """A parameter or configuration file with a value the library cannot use."""


class OutputError(SocinnoLitError):
    """An output file or folder that cannot be written, or that would be overwritten unasked."""
