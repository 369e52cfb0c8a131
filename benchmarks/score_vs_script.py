"""Whole-process `evalkit score` against the official SIGHAN `score` script, side by side.

Usage: python benchmarks/score_vs_script.py [--runs 5] [--script-runs 1] [--pred-dir DIR]

Rows (issue 13's table):

1. ``evalkit score --lexicon pku_training_words.utf8 pku_test_gold.utf8 PRED``
   against ``perl scripts/score pku_training_words.utf8 pku_test_gold.utf8 PRED``;
2. ``evalkit score --sighan --lexicon as_training_words.utf8 as_testing_gold.utf8
   PRED`` against the script on the same three files (the script always takes
   a word list, so evalkit is given it too: both do the same work).

PRED is jieba's segmentation of the test text (``evalkit segment -s jieba``),
made once before timing (or read from --pred-dir, files ``pku_jieba.txt`` and
``as_jieba.txt``). Each command runs in a fresh process with its output sent
to /dev/null, wall time from spawn to exit. The script and evalkit are timed
in the same run, alternated, so a busy machine slows both and the ratio holds
better than the times: the script runs --script-runs times (AS takes ~36 s),
evalkit --runs times; printed are the median, the spread (min-max) and the
ratio of the medians. Where perl is missing, only evalkit is timed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
BAKEOFF = SHARED / "mirror" / "yuikns" / "icwb2-data" / "873a51fa6234c644126d2f2c5c603a97809d2e49"


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def prediction(name: str, pred_dir: Path | None, folder: Path) -> Path:
    """jieba's segmentation of a test set, made with evalkit segment unless given."""
    if pred_dir is not None and (pred_dir / f"{name}_jieba.txt").exists():
        return pred_dir / f"{name}_jieba.txt"
    out = folder / f"{name}_jieba.txt"
    subprocess.run([sys.executable, "-m", "evalkit", "segment", "-q", "-s", "jieba",
                    str(BAKEOFF / "testing" / f"{name}_test.utf8"), "-o", str(out)],
                   check=True)
    return out


def spread(values: list[float]) -> str:
    return (f"median {statistics.median(values):7.3f} s "
            f"(min {min(values):.3f}, max {max(values):.3f}, n={len(values)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--script-runs", type=int, default=1)
    parser.add_argument("--pred-dir", type=Path)
    args = parser.parse_args()
    perl = shutil.which("perl")
    script = BAKEOFF / "scripts" / "score"
    evalkit = [sys.executable, "-m", "evalkit", "score"]
    with tempfile.TemporaryDirectory() as temp:
        rows = [("score --lexicon, PKU", "pku", "pku_test_gold.utf8", []),
                ("score --sighan --lexicon, AS", "as", "as_testing_gold.utf8", ["--sighan"])]
        for label, name, gold_name, flags in rows:
            gold = BAKEOFF / "gold" / gold_name
            words = BAKEOFF / "gold" / f"{name}_training_words.utf8"
            pred = prediction(name, args.pred_dir, Path(temp))
            ours = [*evalkit, *flags, "--lexicon", str(words), str(gold), str(pred)]
            theirs = ["perl", str(script), str(words), str(gold), str(pred)]
            timed: list[float] = []
            scripted: list[float] = []
            every = max(1, args.runs // max(1, args.script_runs))
            for run in range(args.runs):
                timed.append(wall(ours))
                if perl and len(scripted) < args.script_runs and run % every == 0:
                    scripted.append(wall(theirs))
            print(f"{label} ({pred.name}):")
            print(f"   evalkit {spread(timed)}")
            if scripted:
                ratio = statistics.median(scripted) / statistics.median(timed)
                print(f"   script  {spread(scripted)}")
                print(f"   evalkit is {ratio:.1f}x faster than the script (ratio of medians)")
            else:
                print("   script  not timed (no perl on PATH)")


if __name__ == "__main__":
    main()
