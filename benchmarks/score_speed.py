"""Reading and scoring speed on real corpora of growing size, exact and bakeoff mode.

Usage: python benchmarks/score_speed.py [--runs 5] [--segmenter jieba]

Corpora: the four SIGHAN 2005 gold test sets (AS, CityU, MSR, PKU) and the
UD GSDSimp test set, each against a real segmenter's output (jieba's by
default, made once with ``evalkit segment`` and the output cache), and then
growing concatenations of them (distinct text, no unit repeated), up to all
five together (about 400,000 words).

Timed per row, in process, both files on disk:

- ``exact``: ``read_corpus`` of gold and prediction, then ``score_files``
  (text check, per-unit and per-sentence counts, cuts): what
  ``evalkit score`` does between start-up and printing. A whitespace-format
  file is read lazily: its word ends and unit bounds are made as arrays when
  ``score_files`` first asks for them, and its words (strings) only for the
  gold's reports, so the row times reading and counting together;
- ``sighan``: ``read_lines`` of both, then ``score_sighan`` (GNU diff's
  alignment per line). Its cost per word grows with line length (diff is
  O(ND) per line) and with how much the two sides differ, so its rows are
  also shown per corpus with the mean words per line.

Printed: words, lines, words per line, then for each mode the median wall
time of --runs runs with its spread (min-max), words per second from the
median, and the median CPU time (process time: it moves far less than wall
time when the machine is shared). The cost per word of ``exact`` must not
grow with size.

``--no-gc`` measures with Python's cycle collector off, as the ``evalkit``
program runs (``evalkit.cli.entry``); by default it is on, as for a caller of the
library, where collections over the corpora already read (they hold no cycles)
make the cost per word grow with the number of words alive.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from evalkit.corpus import read_corpus
from evalkit.predictions import score_files
from evalkit.settings import Settings
from evalkit.sighan import read_lines, score_sighan

SHARED = Path(__file__).resolve().parents[2] / "shared"
BAKEOFF = SHARED / "mirror" / "yuikns" / "icwb2-data" / "873a51fa6234c644126d2f2c5c603a97809d2e49"
CORPORA = {
    "as": BAKEOFF / "gold" / "as_testing_gold.utf8",
    "cityu": BAKEOFF / "gold" / "cityu_test_gold.utf8",
    "msr": BAKEOFF / "gold" / "msr_test_gold.utf8",
    "pku": BAKEOFF / "gold" / "pku_test_gold.utf8",
}
UD = SHARED / "corpora" / "ud-chinese-gsdsimp" / "zh_gsdsimp-ud-test.conllu"


def measure(runs: int, job: Callable[[], object]) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        job()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def exact(gold: Path, predicted: Path) -> None:
    score_files(read_corpus(gold), read_corpus(predicted), Settings())


def bakeoff(gold: Path, predicted: Path) -> None:
    score_sighan(read_lines(str(gold), None, None), read_lines(str(predicted), None, None),
                 Settings())


def segmented(name: str, gold: Path, segmenter: str, folder: Path) -> tuple[Path, Path]:
    """The gold as plain words (one unit per line) and the segmenter's output of it."""
    corpus = read_corpus(gold)
    plain = folder / f"{name}.gold.txt"
    plain.write_text("".join(" ".join(u.words) + "\n" for u in corpus.units), encoding="utf-8")
    output = folder / f"{name}.{segmenter}.txt"
    subprocess.run([sys.executable, "-m", "evalkit", "segment", "-q", "-s", segmenter,
                    str(plain), "--format-in", "whitespace", "-o", str(output)], check=True)
    return plain, output


def concatenate(paths: list[Path], target: Path) -> Path:
    target.write_bytes(b"".join(p.read_bytes() for p in paths))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--segmenter", default="jieba")
    parser.add_argument("--no-gc", action="store_true",
                        help="cycle collector off, as the evalkit program runs")
    args = parser.parse_args()
    if args.no_gc:
        gc.disable()
    sources = {**CORPORA, "ud": UD}
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        pairs = {name: segmented(name, path, args.segmenter, folder)
                 for name, path in sources.items() if path.exists()}
        names = list(pairs)
        for size in range(2, len(names) + 1):
            label = "+".join(names[:size])
            pairs[label] = (concatenate([pairs[n][0] for n in names[:size]],
                                        folder / f"{label}.gold.txt"),
                            concatenate([pairs[n][1] for n in names[:size]],
                                        folder / f"{label}.pred.txt"))
        print(f"prediction: {args.segmenter}; cycle collector {'off' if args.no_gc else 'on'}; "
              f"median of {args.runs} runs (min-max), "
              "words/s from the median wall time")
        print(f"{'corpus':24} {'words':>8} {'lines':>6} {'w/line':>6}  "
              f"{'mode':6} {'wall s':>7} {'(min-max)':>15} {'words/s':>10} {'CPU s':>6}")
        for label, (gold, predicted) in pairs.items():
            corpus = read_corpus(gold)
            words, lines = corpus.word_count, len(corpus.units)
            for mode, job in (("exact", exact), ("sighan", bakeoff)):
                walls, cpus = measure(args.runs, partial(job, gold, predicted))
                wall = statistics.median(walls)
                print(f"{label:24} {words:>8,} {lines:>6,} {words / lines:>6.1f}  {mode:6} "
                      f"{wall:>7.3f} {f'({min(walls):.3f}-{max(walls):.3f})':>15} "
                      f"{words / wall:>10,.0f} {statistics.median(cpus):>6.3f}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
