"""The machine manifest stored with every result: speeds mean nothing without it."""

from __future__ import annotations

import os
import platform
from pathlib import Path

from evalkit.records import MachineRecord


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def manifest() -> MachineRecord:
    """CPU model, core count, operating system and Python version."""
    return MachineRecord(cpu_model(), os.cpu_count(), platform.platform(),
                         platform.python_version(), platform.python_implementation())
