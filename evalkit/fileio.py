"""Writing result files atomically, so a failed run never leaves half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from evalkit.errors import OutputError


def ensure_writable_dir(directory: Path) -> None:
    """Create the directory if needed and check files can be written there.

    Called before any segmenter runs, so an unusable --out fails fast.
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, prefix=".evalkit-probe-"):
            pass
    except OSError as error:
        raise OutputError(f"{directory}: cannot write results there ({error.strerror}); "
                          "choose another --out or pass --no-save") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str) -> None:
    """Write text to a temporary file beside ``path``, then rename it into place."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would hide reports
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as error:
        raise OutputError(f"{path}: cannot be written ({error.strerror}); choose another "
                          "--out or pass --no-save") from None
