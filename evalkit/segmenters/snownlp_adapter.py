"""SnowNLP (https://github.com/isnowfy/snownlp): its character-based segmenter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from evalkit.segmenters.base import OptionParser, distribution_version, onto_text


class SnowNLPSegmenter:
    """``SnowNLP(text).words`` with the model shipped in the package."""

    name = "snownlp"
    package = "snownlp"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {}

    def __init__(self) -> None:
        from snownlp import SnowNLP

        self._snownlp = SnowNLP
        self.version = distribution_version(self.package)
        self.options: dict[str, str] = {}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [onto_text(text, self._snownlp(text).words) for text in texts]
