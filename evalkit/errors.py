"""The one exception family evalkit raises.

Library code raises these; only ``evalkit.cli`` turns them into a one-line message
and an exit status, so the library never calls ``sys.exit``.
"""

from __future__ import annotations

from collections.abc import Iterator


class EvalkitError(Exception):
    """Base of every error evalkit reports to a user as one line."""


class UsageError(EvalkitError):
    """The request itself is wrong: an unknown name, option or flag value."""


class InputError(EvalkitError):
    """A file cannot be read as gold or prediction.

    The message starts with ``path:line:column:`` when a position is known,
    the way compilers report, so editors can jump to it.
    """

    def __init__(self, path: str, message: str, line: int | None = None,
                 column: int | None = None) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.reason = message
        where = path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {message}")


class PredictionError(InputError):
    """A prediction file (``evalkit score``) is unusable: unreadable, malformed, or
    not a segmentation of its gold (other units or characters). The prediction is
    at fault, not the gold, so it has the exit status of a failed segmenter."""


class SegmenterError(EvalkitError):
    """A segmenter could not be loaded or did not produce a usable output."""

    def __init__(self, segmenter: str, message: str) -> None:
        self.segmenter = segmenter
        self.reason = message
        super().__init__(f"segmenter {segmenter!r}: {message}")


class TextMismatchError(SegmenterError):
    """A prediction does not cover the same characters as the gold unit."""

    def __init__(self, segmenter: str, unit: int, line: int, detail: str) -> None:
        self.unit = unit
        self.line = line
        self.detail = detail
        super().__init__(segmenter, f"unit {unit} (line {line}): {detail}")


class OutputError(EvalkitError):
    """A result file cannot be written."""


class BaselineMismatchError(EvalkitError):
    """A baseline was recorded with other settings than the check would use."""


class BaselineRefusedError(EvalkitError):
    """``--save-baseline`` was asked of a run in which a segmenter failed: a baseline
    must hold every row. Raised after the run's other result files are written."""


def causes(error: BaseException, *also: str) -> Iterator[BaseException]:
    """``error`` and every exception behind it (``__cause__``, ``__context__`` and the
    attributes named in ``also``, such as urllib's ``reason``), each once: a library
    failure's real reason is often wrapped several levels down."""
    todo: list[object] = [error]
    seen: set[int] = set()
    while todo:
        current = todo.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [current.__cause__, current.__context__,
                 *(getattr(current, name, None) for name in also)]
