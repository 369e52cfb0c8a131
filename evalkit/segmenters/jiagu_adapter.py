"""Jiagu (https://github.com/ownthink/Jiagu): its default segmentation model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from evalkit.segmenters.base import OptionParser, distribution_version


class JiaguSegmenter:
    """``jiagu.seg`` with the model shipped in the package."""

    name = "jiagu"
    package = "jiagu"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {}

    def __init__(self) -> None:
        import jiagu

        self._seg = jiagu.seg
        self._seg("中文分词")  # jiagu loads its dictionary on first use: count it as loading
        self.version = distribution_version(self.package)
        self.options: dict[str, str] = {}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [list(self._seg(text)) for text in texts]
