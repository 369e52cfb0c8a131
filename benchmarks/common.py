"""What every benchmark that starts evalkit processes shares: run them as users do.

An installed (or editable) evalkit imports its modules from bytecode caches
(__pycache__); a process started with PYTHONDONTWRITEBYTECODE=1 in its
environment writes none, so every run would compile evalkit's ~40 modules
again (about 45 ms of a 0.4 s `evalkit score`) and time something no user
sees. The timed processes run without that variable, after the caches are
written once.
"""

from __future__ import annotations

import compileall
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_like_installed() -> None:
    """Drop PYTHONDONTWRITEBYTECODE for the processes this benchmark starts, and write
    the bytecode caches of evalkit's modules now (a note on stderr says so)."""
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        print("note: PYTHONDONTWRITEBYTECODE is unset for the timed processes: users' "
              "evalkit imports from bytecode caches", file=sys.stderr)
    sys.dont_write_bytecode = False
    compileall.compile_dir(REPO / "evalkit", quiet=1)
