"""How long evalkit takes to start, in a fresh process each time.

Usage: python benchmarks/startup.py [--runs 10]
Prints the median and best wall time of `evalkit --help` (must feel instant),
of `evalkit score` and `evalkit score --sighan` on a two-line pair (no
segmenter is imported on that path), and of a bare `python -c pass` for
reference.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import run_like_installed


def timings(command: list[str], runs: int) -> list[float]:
    measured = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        measured.append(time.perf_counter() - start)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    run_like_installed()
    evalkit = [sys.executable, "-m", "evalkit"]
    with tempfile.TemporaryDirectory() as folder:
        gold, pred = Path(folder, "gold.txt"), Path(folder, "pred.txt")
        gold.write_text("中国 人民 银行\n北京 大学\n", encoding="utf-8")
        pred.write_text("中国 人 民 银行\n北京大学\n", encoding="utf-8")
        for label, command in (
                ("python -c pass", [sys.executable, "-c", "pass"]),
                ("evalkit --help", [*evalkit, "--help"]),
                ("evalkit score", [*evalkit, "score", str(gold), str(pred)]),
                ("score --sighan", [*evalkit, "score", "--sighan", str(gold), str(pred)])):
            measured = timings(command, args.runs)
            print(f"{label:16} median {statistics.median(measured) * 1000:6.1f} ms, "
                  f"best {min(measured) * 1000:6.1f} ms ({args.runs} runs)")


if __name__ == "__main__":
    main()
