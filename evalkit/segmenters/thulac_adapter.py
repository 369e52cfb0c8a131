"""THULAC (https://github.com/thunlp/THULAC-Python) in segmentation-only mode."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from evalkit.segmenters.base import (
    OptionParser,
    boolean,
    distribution_version,
    file_path,
    onto_text,
)


class ThulacSegmenter:
    """THULAC with ``seg_only`` (no POS tags) by default and an optional user dictionary."""

    name = "thulac"
    package = "thulac"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"seg_only": boolean, "user_dict": file_path()}

    def __init__(self, seg_only: bool = True, user_dict: str | None = None) -> None:
        import thulac

        self._segmenter = thulac.thulac(seg_only=seg_only, user_dict=user_dict)
        self.version = distribution_version(self.package)
        self.options = {"seg_only": str(seg_only).lower(), "user_dict": user_dict or "none"}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [onto_text(text, [pair[0] for pair in self._segmenter.cut(text)])
                for text in texts]
