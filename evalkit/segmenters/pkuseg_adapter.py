"""pkuseg (https://github.com/lancopku/pkuseg-python) with its bundled model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from evalkit.errors import SegmenterError
from evalkit.segmenters.base import (
    OptionParser,
    distribution_version,
    file_path,
    folder_path,
    onto_text,
)

MODELS = ("default", "medicine", "tourism", "web", "news")
"""The model names pkuseg 0.0.25 knows (its config.available_models); any other
model_name is a local model folder, which the signature and the cache key then
identify by its files' content, not by its path."""


def _require_local_model(model_name: str) -> None:
    """Refuse a named domain model (news, web, ...) that pkuseg would download now: a
    download inside a timed load is not a measurement, and offline it fails with a DNS
    error that says nothing about the model."""
    import os

    from pkuseg.config import config

    if model_name == "default" or model_name not in config.available_models:
        return  # the bundled model, or a folder given by path
    url = config.model_urls[model_name]
    archive = os.path.join(config.pkuseg_home, os.path.basename(url))
    if os.path.exists(archive):
        return
    folder = os.path.join(config.pkuseg_home, model_name)
    raise SegmenterError("pkuseg", f"model {model_name!r} is not installed locally "
                         f"({archive} is missing) and evalkit does not let a segmenter "
                         f"download while it is measured: download {url} to {archive} and "
                         f"unzip it into {folder} (PKUSEG_HOME moves {config.pkuseg_home}), "
                         "or pass model_name=DIR, a local model folder")


class PkusegSegmenter:
    """pkuseg; ``model_name`` is ``default`` (shipped in the package) or a local model
    folder (the domain models are downloads, which this machine cannot make)."""

    name = "pkuseg"
    package = "pkuseg"
    OPTIONS: ClassVar[dict[str, OptionParser]] = {"model_name": folder_path(*MODELS),
                                                  "user_dict": file_path("default")}

    def __init__(self, model_name: str = "default", user_dict: str = "default") -> None:
        import pkuseg

        _require_local_model(model_name)
        self._segmenter = pkuseg.pkuseg(model_name=model_name, user_dict=user_dict)
        self.version = distribution_version(self.package)
        self.options = {"model_name": model_name, "user_dict": user_dict}

    def segment(self, texts: Sequence[str]) -> list[list[str]]:
        return [onto_text(text, self._segmenter.cut(text)) for text in texts]
