"""Writing result files atomically, so a failed run never leaves half a file.

A stop signal (see interrupt.py) that arrives during a write is acted on once
the file is in place, so no temporary file is left behind; a run's report
files are committed together, under a lock, so two runs sharing a directory
never leave a mixture.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from evalkit.errors import OutputError
from evalkit.interrupt import deferred


def remedy(option: str) -> str:
    """What to do when the file an option names cannot be written."""
    if option == "--out":
        return "choose another --out or pass --no-save"
    return f"choose another {option}"


def ensure_writable_dir(directory: Path, option: str = "--out") -> None:
    """Create the directory if needed and check files can be written there.

    Called before any segmenter runs, so an unusable --out (or the folder of
    --save-baseline, named by ``option``) fails fast.
    """
    try:
        _probe(directory)
    except OSError as error:
        raise OutputError(f"{directory}: cannot write results there ({error.strerror}); "
                          f"{remedy(option)}") from None


def _probe(directory: Path) -> None:
    """Create ``directory`` if needed and write (and drop) a file there: OSError if not."""
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=directory, prefix=".evalkit-probe-"):
        pass


def ensure_writable_file(path: Path, option: str) -> None:
    """Check before any work that ``path`` can be written atomically: its folder
    (created if needed) takes files, and the path is not a folder itself."""
    try:
        _probe(path.parent)
    except OSError as error:
        raise OutputError(f"{path}: cannot be written ({error.strerror}: "
                          f"{error.filename or path.parent}); {remedy(option)}") from None
    if path.is_dir():
        raise OutputError(f"{path}: is a folder, not a file; {remedy(option)}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, text: str, option: str = "--out") -> None:
    """Write text to a temporary file beside ``path``, then rename it into place;
    an error names ``option``, the one that chose the path."""
    with deferred():
        _write_atomic(path, text, option)


def _write_atomic(path: Path, text: str, option: str = "--out") -> None:
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
        raise OutputError(f"{path}: cannot be written ({error.strerror}); "
                          f"{remedy(option)}") from None


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """An exclusive lock on the directory itself (no lock file to leave behind)."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def write_together(directory: Path, files: dict[str, str], owned: Iterable[str] = ()) -> None:
    """Write one run's files into ``directory`` as a set: each atomically, all of them
    while holding the directory's lock and with stop signals deferred, and remove the
    ``owned`` names this run does not write (another run's report would not match).

    Two runs sharing the directory commit one after the other, so the last to
    finish wins whole.
    """
    try:
        with deferred(), _locked(directory):
            for name, text in files.items():
                _write_atomic(directory / name, text)
            for name in owned:
                if name not in files:
                    (directory / name).unlink(missing_ok=True)
    except OSError as error:
        raise OutputError(f"{directory}: cannot write results there ({error.strerror}); "
                          "choose another --out or pass --no-save") from None
