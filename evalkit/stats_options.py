"""The statistics options, light enough for a plain ``evalkit score`` (which builds
StatsOptions but computes nothing: evalkit.stats and its records cost ~10 ms to
import). Their choices live in stats_choices, which ``--help`` reads without
paying for dataclasses (~8 ms).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evalkit.errors import UsageError
from evalkit.stats_choices import CORRECTIONS, TESTS
from evalkit.usage import check_family, check_resampling, check_resampling_bounds


@dataclass(frozen=True)
class StatsOptions:
    """What to compute and how; every field is recorded in the signature."""

    level: float | None = None  # interval level, e.g. 0.95; None: no intervals
    paired: bool = False
    baseline: str | None = None
    test: str = "bootstrap"
    resamples: int = 1000
    seed: int = 12345
    correction: str = "holm"
    alpha: float = 0.05

    def __post_init__(self) -> None:
        if self.test not in TESTS:
            raise UsageError(f"unknown test {self.test!r}; choose one of {', '.join(TESTS)}")
        if self.correction not in CORRECTIONS:
            raise UsageError(f"unknown correction {self.correction!r}; choose one of "
                             f"{', '.join(CORRECTIONS)}")
        if self.level is not None and not 0 < self.level < 1:
            raise UsageError(f"confidence level {self.level} is not between 0 and 1 "
                             "(or 0 and 100 %)")
        if self.resamples < 1:
            raise UsageError("--resamples must be at least 1")
        check_resampling_bounds(self.resamples, self.seed)
        check_resampling(self.resamples, self.level, self.paired, self.alpha)

    @property
    def wanted(self) -> bool:
        return self.level is not None or self.paired

    def check_family(self, segmenters: int) -> None:
        """Paired tests among ``segmenters`` that the correction would keep from ever
        being significant are a UsageError (usage.check_family); checked once the
        segmenters are chosen, before any runs."""
        if self.paired:
            check_family(self.resamples, self.alpha, self.correction, segmenters)

    def check_baseline(self, segmenters: Sequence[str], also: Sequence[str] = ()) -> None:
        """``--baseline`` must name one of the segmenters (or of ``also``, the names the
        results carry besides those requested); a UsageError lists ``segmenters``."""
        if self.baseline is not None and self.baseline not in [*segmenters, *also]:
            raise UsageError(f"--baseline {self.baseline!r} is not among the segmenters "
                             f"({', '.join(segmenters)})")
