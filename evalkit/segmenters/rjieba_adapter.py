"""rjieba (https://github.com/messense/rjieba-py): jieba-rs, Rust, from Python."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from evalkit.segmenters.base import OptionParser, boolean, distribution_version


class RjiebaSegmenter:
    """rjieba's ``cut``, HMM on by default."""

    name = "rjieba"
    package = "rjieba"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"hmm": boolean}

    def __init__(self, hmm: bool = True) -> None:
        import rjieba

        self._cut = rjieba.cut
        self._hmm = hmm
        self.version = distribution_version(self.package)
        self.options = {"hmm": str(hmm).lower()}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [list(self._cut(text, hmm=self._hmm)) for text in texts]
