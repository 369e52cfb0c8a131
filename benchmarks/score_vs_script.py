"""Whole-process `evalkit score` against the official SIGHAN `score` script, side by side.

Usage: python benchmarks/score_vs_script.py [--runs 5] [--script-runs 1] [--pred-dir DIR]

Rows (issue 13's table):

1. ``evalkit score --lexicon pku_training_words.utf8 pku_test_gold.utf8 PRED``
   against ``perl scripts/score pku_training_words.utf8 pku_test_gold.utf8 PRED``;
2. ``evalkit score --sighan --lexicon as_training_words.utf8 as_testing_gold.utf8
   PRED`` against the script on the same three files (the script always takes
   a word list, so evalkit is given it too: both do the same work).

Timed alongside, as the floor: ``python -c "import numpy, tabulate"`` (``python -c
pass`` for --sighan, which imports neither), the interpreter's start-up and exit
with the libraries the command imports, and nothing else; its ratio to the script
bounds what any such command can reach.

PRED is jieba's segmentation of the test text (``evalkit segment -s jieba``),
made once before timing (or read from --pred-dir, files ``pku_jieba.txt`` and
``as_jieba.txt``). Each command runs in a fresh process with its output sent
to /dev/null; measured are the wall time from spawn to exit and the CPU time
(user + system, children included: the script runs diff once per line), which
a busy machine inflates far less than the wall time. The script and evalkit are timed
in the same run, alternated, so a busy machine slows both and the ratio holds
better than the times: the script runs --script-runs times (AS takes ~36 s),
evalkit --runs times; printed are the median, the spread (min-max) and the
ratio of the medians. Where perl is missing, only evalkit is timed.
--baseline-code DIR also times the evalkit found in DIR (another checkout,
e.g. the code before a change) in the same runs, alternated. For the
PKU row, the time of each phase of ``evalkit score`` (imports, reading,
counting, output) is then measured inside fresh processes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import run_like_installed

SHARED = Path(__file__).resolve().parents[2] / "shared"
BAKEOFF = SHARED / "mirror" / "yuikns" / "icwb2-data" / "873a51fa6234c644126d2f2c5c603a97809d2e49"


def floor(imports: str) -> list[str]:
    """What a command pays before reading a byte: the interpreter's start-up and exit
    with the libraries it needs imported (exact scoring: numpy to count, tabulate for
    the table; --sighan needs neither: the bare interpreter)."""
    return [sys.executable, "-c", f"import {imports}" if imports else "pass"]


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds, and CPU seconds (user + system) of the process and its children
    (the script runs diff once per line): CPU time barely moves when other work
    shares the machine, wall time does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # run from a neutral folder: ``python -m`` puts the working directory first on
    # the path, which would shadow the checkout PYTHONPATH names
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env, cwd=tempfile.gettempdir())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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
            f"(min {min(values):.3f}, max {max(values):.3f})")


def report(label: str, runs: list[tuple[float, float]]) -> None:
    print(f"   {label} wall {spread([w for w, _ in runs])}, "
          f"CPU {spread([c for _, c in runs])}, n={len(runs)}")


def ratio(theirs: list[tuple[float, float]], ours: list[tuple[float, float]]) -> str:
    wall = statistics.median(w for w, _ in theirs) / statistics.median(w for w, _ in ours)
    cpu = statistics.median(c for _, c in theirs) / statistics.median(c for _, c in ours)
    return f"{wall:.1f}x by wall time, {cpu:.1f}x by CPU time"


PHASES = """
import gc, json, sys, time
gc.disable()  # as the evalkit program runs (evalkit.cli.entry)
marks = [("start", time.perf_counter(), time.process_time())]
def mark(label):
    marks.append((label, time.perf_counter(), time.process_time()))
import evalkit.cli
mark("import evalkit.cli")
import numpy
mark("import numpy")
import tabulate
mark("import tabulate")
from evalkit.corpus import read_corpus
from evalkit.lexicon import read_word_list
from evalkit.report.table import render_terminal
from evalkit.predictions import score_files
from evalkit.settings import Settings
mark("import the rest of evalkit")
settings = Settings(read_word_list(sys.argv[1]))
mark("read the word list")
gold = read_corpus(sys.argv[2])
mark("read the gold (bytes, text, digest)")
predicted = read_corpus(sys.argv[3])
mark("read the prediction (the same)")
results = score_files(gold, predicted, settings)
mark("words as arrays, check, count")
render_terminal(results, "simple", 3)
mark("table")
print(json.dumps([(b[0], b[1] - a[1], b[2] - a[2]) for a, b in zip(marks, marks[1:])]))
"""


def phases(words: Path, gold: Path, pred: Path, runs: int, whole: float) -> None:
    """Where the time of `evalkit score --lexicon` goes, phase by phase, in a fresh
    process (median of ``runs``); what the phases leave of ``whole`` (the command's
    median wall time) is the interpreter's start-up and exit, and argument parsing."""
    measured: list[list[tuple[str, float, float]]] = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", PHASES, str(words), str(gold), str(pred)],
                              check=True, capture_output=True, text=True)
        measured.append(json.loads(done.stdout))
    print(f"   where the time goes (median of {runs} fresh processes, wall / CPU ms):")
    for index, (label, _, _) in enumerate(measured[0]):
        wall = statistics.median(m[index][1] for m in measured) * 1000
        cpu = statistics.median(m[index][2] for m in measured) * 1000
        print(f"     {label:36} {wall:7.1f} {cpu:7.1f}")
    inside = sum(statistics.median(m[i][1] for m in measured) for i in range(len(measured[0])))
    print(f"     {'start-up, parsing, exit':36} {(whole - inside) * 1000:7.1f}       -   "
          "(the command's median wall time less the phases)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--script-runs", type=int, default=1)
    parser.add_argument("--pred-dir", type=Path)
    parser.add_argument("--baseline-code", type=Path,
                        help="another evalkit checkout, timed alongside (before/after)")
    args = parser.parse_args()
    run_like_installed()
    perl = shutil.which("perl")
    script = BAKEOFF / "scripts" / "score"
    evalkit = [sys.executable, "-m", "evalkit", "score"]
    with tempfile.TemporaryDirectory() as temp:
        rows = [("score --lexicon, PKU", "pku", "pku_test_gold.utf8", [], "numpy, tabulate"),
                ("score --sighan --lexicon, AS", "as", "as_testing_gold.utf8", ["--sighan"],
                 "")]
        for label, name, gold_name, flags, imports in rows:
            gold = BAKEOFF / "gold" / gold_name
            words = BAKEOFF / "gold" / f"{name}_training_words.utf8"
            pred = prediction(name, args.pred_dir, Path(temp))
            ours = [*evalkit, *flags, "--lexicon", str(words), str(gold), str(pred)]
            theirs = ["perl", str(script), str(words), str(gold), str(pred)]
            ours_runs: list[tuple[float, float]] = []
            floor_runs: list[tuple[float, float]] = []
            script_runs: list[tuple[float, float]] = []
            base_runs: list[tuple[float, float]] = []
            base_env = None if args.baseline_code is None else \
                {**os.environ, "PYTHONPATH": str(args.baseline_code)}
            every = max(1, args.runs // max(1, args.script_runs))
            timed(ours)  # untimed: the first run reads the files into the page cache
            for run in range(args.runs):
                ours_runs.append(timed(ours))
                floor_runs.append(timed(floor(imports)))
                if base_env is not None:
                    base_runs.append(timed(ours, base_env))
                if perl and len(script_runs) < args.script_runs and run % every == 0:
                    script_runs.append(timed(theirs))
            print(f"{label} ({pred.name}):")
            report("evalkit", ours_runs)
            report("floor  ", floor_runs)
            if base_runs:
                report("baseline", base_runs)
            if script_runs:
                report("script ", script_runs)
                print(f"   evalkit is {ratio(script_runs, ours_runs)} faster (ratio of medians)")
                what = f"import {imports}" if imports else "the bare interpreter"
                print(f"   the floor ({what}) is {ratio(script_runs, floor_runs)} faster: "
                      "no command that needs it can beat it")
                if base_runs:
                    print(f"   baseline is {ratio(script_runs, base_runs)} faster")
            else:
                print("   script  not timed" + ("" if perl else " (no perl on PATH)"))
            if not flags:
                phases(words, gold, pred, args.runs, statistics.median(w for w, _ in ours_runs))
            sys.stdout.flush()

if __name__ == "__main__":
    main()
