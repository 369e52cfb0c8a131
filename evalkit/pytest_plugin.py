"""pytest plugin: the regression gate as test items, one per corpus × segmenter.

Active only with ``--evalkit-baseline FILE``; then ``pytest`` re-runs the
baseline's segmenters once and reports ``evalkit[corpus:segmenter]`` items
that fail with the same message as ``evalkit check``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from evalkit.errors import EvalkitError

_RUN = pytest.StashKey[dict[tuple[str, str], Any]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("evalkit", "segmentation regression gate (evalkit)")
    group.addoption("--evalkit-baseline", metavar="FILE",
                    help="check segmenters against this evalkit baseline")
    group.addoption("--evalkit-max-drop", type=float, default=0.5, metavar="POINTS",
                    help="F1 drop (points) that counts as a regression (default: 0.5)")
    group.addoption("--evalkit-significance", type=float, default=None, metavar="P",
                    help="also require a paired bootstrap p-value below P")


class RegressionError(Exception):
    """A gate row that fails: its message is the whole report."""


class EvalkitItem(pytest.Item):
    """One corpus × segmenter of the baseline."""

    def __init__(self, *, key: tuple[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.key = key

    def runtest(self) -> None:
        verdict = _verdicts(self.config).get(self.key)
        if verdict is None:
            raise RegressionError(f"{self.key[0]} × {self.key[1]}: not judged")
        if verdict.failed:
            raise RegressionError(f"{verdict.corpus} × {verdict.segmenter}: "
                                    f"{verdict.verdict}: {verdict.message}")

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, RegressionError | EvalkitError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, self.name


def _verdicts(config: pytest.Config) -> dict[tuple[str, str], Any]:
    if _RUN not in config.stash:
        from evalkit.check import run_gate

        run = run_gate(Path(config.getoption("evalkit_baseline")),
                       max_drop=config.getoption("evalkit_max_drop"),
                       significance=config.getoption("evalkit_significance"))
        config.stash[_RUN] = {(v.corpus, v.segmenter): v for v in run.verdicts}
    return config.stash[_RUN]


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    path = config.getoption("evalkit_baseline")
    if not path:
        return
    from evalkit.check import read_baseline

    try:
        baseline = read_baseline(Path(path))
    except EvalkitError as error:
        raise pytest.UsageError(str(error)) from None
    for row in baseline.rows:
        items.append(EvalkitItem.from_parent(session, name=f"evalkit[{row.corpus}:"
                                             f"{row.segmenter}]",
                                             key=(row.corpus, row.segmenter)))
