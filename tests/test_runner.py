"""The runner: stdout protection and the shape of what a segmenter returns."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pytest

from evalkit.corpus import Corpus, Unit
from evalkit.errors import SegmenterError
from evalkit.runner import predict, stdout_to_stderr


def test_stdout_to_stderr_catches_python_and_c_level_writes(
        capfd: pytest.CaptureFixture[str]) -> None:
    with stdout_to_stderr():
        print("from python")
        os.write(1, b"from C\n")
    print("after")
    captured = capfd.readouterr()
    assert captured.out == "after\n"
    assert captured.err == "from python\nfrom C\n"


class Fixed:
    """Returns a fixed output whatever it is given."""

    name = "fixed"
    package = "evalkit"
    version = "0"
    options: dict[str, str] = {}  # noqa: RUF012

    def __init__(self, output: list[list[str]]) -> None:
        self.output = output
        self.seen: list[str] = []

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        self.seen = list(texts)
        return self.output


CORPUS = Corpus("c", "c.txt", "pipe", (Unit(("中国",), 1), Unit((), 2), Unit(("人",), 3)),
                "0")


def test_units_without_text_are_not_sent() -> None:
    segmenter = Fixed([["中国"], ["人"]])
    prediction = predict(segmenter, CORPUS)
    assert segmenter.seen == ["中国", "人"]
    assert prediction.units == [["中国"], [], ["人"]]


def test_wrong_number_of_units_is_a_segmenter_error() -> None:
    with pytest.raises(SegmenterError, match="returned 1 units for 2"):
        predict(Fixed([["中国"]]), CORPUS)


def test_non_string_tokens_are_a_segmenter_error() -> None:
    with pytest.raises(SegmenterError, match="non-string token on c, unit 3"):
        predict(Fixed([["中国"], [("人", "n")]]), CORPUS)  # type: ignore[list-item]
