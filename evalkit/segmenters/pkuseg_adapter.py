"""pkuseg (https://github.com/lancopku/pkuseg-python) with its bundled model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from evalkit.segmenters.base import OptionParser, distribution_version, onto_text, text


class PkusegSegmenter:
    """pkuseg; ``model_name`` is ``default`` (shipped in the package) or a local model
    folder (the domain models are downloads, which this machine cannot make)."""

    name = "pkuseg"
    package = "pkuseg"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"model_name": text, "user_dict": text}

    def __init__(self, model_name: str = "default", user_dict: str = "default") -> None:
        import pkuseg

        self._segmenter = pkuseg.pkuseg(model_name=model_name, user_dict=user_dict)
        self.version = distribution_version(self.package)
        self.options = {"model_name": model_name, "user_dict": user_dict}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [onto_text(text, self._segmenter.cut(text)) for text in texts]
