"""Running a segmenter over a corpus: loading, timing, and keeping stdout clean.

Segmenters print (thulac announces its model on stdout, jieba logs on
stderr); evalkit's stdout carries only results, so anything a segmenter
writes while it loads or runs is sent to stderr, at the file-descriptor level
so that C extensions are caught too.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from evalkit.corpus import Corpus
from evalkit.errors import SegmenterError
from evalkit.segmenters import load
from evalkit.segmenters.base import Segmenter


@contextlib.contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Send everything written to stdout, by Python or C code, to stderr."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # no usable fd 1 (embedded use): redirect Python's stream only
        with contextlib.redirect_stdout(sys.stderr):
            yield
        return
    try:
        os.dup2(2, 1)
        with contextlib.redirect_stdout(sys.stderr):
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


@dataclass(frozen=True)
class Loaded:
    """A constructed segmenter and the seconds its construction took."""

    segmenter: Segmenter
    seconds: float


@dataclass(frozen=True)
class Prediction:
    """A segmenter's tokens for every unit of a corpus, and the seconds it took."""

    units: list[list[str]]
    seconds: float


def load_timed(name: str, **options: Any) -> Loaded:
    """Load a segmenter with its chatter sent to stderr, timing the load."""
    start = time.perf_counter()
    with stdout_to_stderr():
        segmenter = load(name, **options)
    return Loaded(segmenter, time.perf_counter() - start)


def predict(segmenter: Segmenter, corpus: Corpus) -> Prediction:
    """Segment every unit's raw text; units with no text are not sent.

    The time covers the segmenter's own work only, not reading or scoring.
    """
    texts = [unit.text for unit in corpus.units]
    todo = [index for index, text in enumerate(texts) if text.strip()]
    start = time.perf_counter()
    with stdout_to_stderr():
        try:
            output = segmenter.segment([texts[index] for index in todo])
        except Exception as error:  # a third-party segmenter can raise anything
            raise SegmenterError(segmenter.name, f"failed on {corpus.name}: "
                                 f"{type(error).__name__}: {error}") from None
    seconds = time.perf_counter() - start
    if len(output) != len(todo):
        raise SegmenterError(segmenter.name, f"returned {len(output)} units for "
                             f"{len(todo)} on {corpus.name}")
    units: list[list[str]] = [[] for _ in texts]
    for index, tokens in zip(todo, output, strict=True):
        if not all(isinstance(token, str) for token in tokens):
            raise SegmenterError(segmenter.name, f"returned a non-string token on "
                                 f"{corpus.name}, unit {index + 1}")
        units[index] = list(tokens)
    return Prediction(units, seconds)
