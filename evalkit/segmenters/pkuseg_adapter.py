"""pkuseg (https://github.com/lancopku/pkuseg-python) with its bundled model."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata


class PkusegSegmenter:
    """pkuseg's mixed-domain default model, which ships inside the package."""

    name = "pkuseg"
    package = "pkuseg"

    def __init__(self, model_name: str = "default", user_dict: str = "default") -> None:
        import pkuseg

        self._segmenter = pkuseg.pkuseg(model_name=model_name, user_dict=user_dict)
        self.version = metadata.version("pkuseg")  # the module has no __version__
        self.options = {"model": model_name, "user_dict": user_dict}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [self._segmenter.cut(text) for text in texts]
