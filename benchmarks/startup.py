"""How long `evalkit --help` takes in a fresh process (it must feel instant).

Usage: python benchmarks/startup.py [--runs 10]
Prints the median and best wall time of `python -m evalkit --help`, and of a
bare `python -c pass` for reference.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


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
    for label, command in (("python -c pass", [sys.executable, "-c", "pass"]),
                           ("evalkit --help", [sys.executable, "-m", "evalkit", "--help"])):
        measured = timings(command, args.runs)
        print(f"{label:16} median {statistics.median(measured) * 1000:6.1f} ms, "
              f"best {min(measured) * 1000:6.1f} ms ({args.runs} runs)")


if __name__ == "__main__":
    main()
