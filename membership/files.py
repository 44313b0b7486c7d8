"""Files in and out, shared by every app: the one spreadsheet-cell neutraliser for CSV exports,
the one upload-type sniffer, and the problems of an imported file (a line, a field, a code).
Plain Python: ``membership.roster.texts`` words the problems."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

import filetype

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# How many bytes of a file the sniffer reads: enough for every signature it knows.
SNIFF_BYTES = 262


def csv_safe(value: object) -> str:
    """A cell a spreadsheet will not run as a formula: a value starting with = + - @ (or a tab
    or carriage return) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def sniff(head: bytes) -> tuple[str, str] | None:
    """The MIME type and usual extension of a file, from its first bytes (``SNIFF_BYTES``):
    never from its name or the type the browser declared. None when the type is unknown."""
    kind = filetype.guess(head)
    if kind is None:
        return None
    return str(kind.mime), str(kind.extension)


@dataclass(frozen=True)
class FileProblem:
    """A problem of an imported file: where (``line`` 0 for the whole file, ``field`` empty for
    the whole row) and what (a ``code`` and its ``params``)."""

    line: int
    field: str
    code: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)


class FileProblemsError(ValueError):
    """A file refused whole; ``problems`` lists each with its line and field."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"line {p.line} {p.field}: {p.code}" for p in problems))
