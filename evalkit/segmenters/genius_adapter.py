"""genius (https://github.com/duanhongyi/genius): a Wapiti CRF with its bundled model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from evalkit.segmenters.base import OptionParser, boolean, distribution_version


class GeniusSegmenter:
    """``genius.seg_text`` with the library's own switches: ``use_break`` (its
    rule-based splitting of CRF words, on by default) and ``use_combine``
    (merging by its dictionary and number patterns, off by default)."""

    name = "genius"
    package = "genius"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"use_break": boolean, "use_combine": boolean}

    def __init__(self, use_break: bool = True, use_combine: bool = False) -> None:
        import genius

        self._switches = {"use_break": use_break, "use_combine": use_combine}
        self._seg_text = genius.seg_text
        self._seg_text("中文分词", **self._switches)  # loads its model and tables on first use
        self.version = distribution_version(self.package)
        self.options = {key: str(value).lower() for key, value in self._switches.items()}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [[word.text for word in self._seg_text(text, **self._switches)]
                for text in texts]
