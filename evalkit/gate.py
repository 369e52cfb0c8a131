"""``evalkit check`` as a library call: run the gate, then record what it decided.

``run_check`` refuses meaningless requests, loads the vocabulary and re-runs
the baseline (check.run_gate); ``conclude`` writes the JUnit file, rewrites the
baseline on ``--update`` when that is allowed, and says it all in summary lines.
The command line prints the verdict table between the two.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from evalkit.errors import UsageError

if TYPE_CHECKING:
    from evalkit.check import GateRun, Verdict
    from evalkit.datasets import FetchOptions
    from evalkit.pipeline import RunOptions


@dataclass(frozen=True)
class CheckRequest:
    """One ``evalkit check``: the baseline, what to run it with and how to judge."""

    baseline: Path
    segmenters: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    gold: tuple[str, ...] = ()
    lexicon: str | None = None
    train: str | None = None
    normalize: str | None = None
    encoding: str | None = None
    max_drop: float = 0.5
    significance: float | None = None
    junit_xml: Path | None = None
    update: bool = False
    run: RunOptions | None = None
    fetch: FetchOptions | None = None

    def __post_init__(self) -> None:
        from evalkit.check import RESAMPLES
        from evalkit.usage import check_gate_thresholds

        check_gate_thresholds(self.max_drop, self.significance, RESAMPLES)


@dataclass(frozen=True)
class Conclusion:
    """What the gate decided: the rows failing it, the summary lines, and why the
    baseline was not updated (None: it was, or no update was asked for)."""

    failing: list[Verdict]
    lines: list[str] = field(default_factory=list)
    refusal: str | None = None


def run_check(request: CheckRequest) -> GateRun:
    """Re-run the baseline's (or the given) segmenters on its corpora and judge each row."""
    from evalkit.check import run_gate
    from evalkit.fileio import ensure_writable_file
    from evalkit.lexicon import read_vocabulary
    from evalkit.segmenters.choice import choose_segmenters

    if request.update and request.only:
        raise UsageError("--update rewrites the whole baseline, so every row must be "
                         "checked: drop --only")
    if request.segmenters:
        choose_segmenters(request.segmenters)  # fail on bad specs before anything runs
    if request.junit_xml is not None:  # not found unwritable after the run (exit 4 over 5)
        ensure_writable_file(request.junit_xml, "--junit-xml")
    lexicon = read_vocabulary(request.lexicon, request.train, request.encoding)
    return run_gate(request.baseline, specs=list(request.segmenters) or None,
                    gold=list(request.gold) or None, lexicon=lexicon,
                    normalisation=request.normalize, encoding=request.encoding,
                    run_options=request.run, max_drop=request.max_drop,
                    significance=request.significance, fetch=request.fetch,
                    only=list(request.only) or None)


def rule(max_drop: float, significance: float | None) -> str:
    """The gate's rule in words, with the bootstrap's fixed resamples and seed."""
    from evalkit.check import RESAMPLES, SEED

    text = f"--max-drop {max_drop:g} F1 points"
    if significance is not None:
        text += (f" and --significance {significance:g} (paired bootstrap on the stored "
                 f"per-sentence counts, {RESAMPLES} resamples, seed {SEED})")
    return text


def conclude(request: CheckRequest, run: GateRun) -> Conclusion:
    """Write the JUnit file, update the baseline when asked and allowed, and sum up."""
    from evalkit.check import (
        changes,
        github_annotations,
        junit_xml,
        keep_stored_paths,
        update_refusal,
    )
    from evalkit.check import write_baseline as save
    from evalkit.fileio import write_atomic
    from evalkit.stored_paths import StoredPaths

    failing = [v for v in run.verdicts if v.failed]
    lines = [f"gate: {rule(request.max_drop, request.significance)}; "
             f"{len(run.verdicts) - len(failing)} rows pass, {len(failing)} fail"]
    if run.left_out:
        lines.append(f"left out (--only): {', '.join(run.left_out)}: their baseline rows "
                     "were not checked")
    lines += [f"failing: {v.corpus} × {v.segmenter}: {v.verdict}: {v.message}"
              for v in failing]
    lines.append(f"signature: {run.current.signature()}")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        lines += github_annotations(run.verdicts)
    if request.junit_xml is not None:
        write_atomic(request.junit_xml, junit_xml(run.verdicts), "--junit-xml")
    refusal = update_refusal(run) if request.update else None
    if request.update and refusal is None:
        save(keep_stored_paths(run.baseline, run.current, StoredPaths(request.baseline)),
             request.baseline, "--baseline")
        changed = changes(run.baseline, run.current)
        lines.append(f"updated {request.baseline}: " + (f"{len(changed)} rows changed"
                                                         if changed else "nothing changed"))
        lines += [f"  {line}" for line in changed]
    return Conclusion(failing, lines, refusal)

