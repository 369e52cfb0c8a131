"""Fetching registered files into the store: download, verify, then rename into place.

A file enters the store only whole and verified: it is downloaded to a
temporary file beside its place, its size and SHA-256 are checked, and only
then is it renamed (atomic on one file system). An interrupted, truncated or
corrupt download never stays. A lock file per store file lets two processes
fetch at once: the second waits and then finds the first one's good copy.

Where files come from: the canonical URL, or ``EVALKIT_MIRROR=BASE`` plus the
URL's path (``http://``, ``https://`` or ``file://`` bases). The store is laid
out by the same rule, so a store can serve as another machine's mirror.
``EVALKIT_OFFLINE=1`` never touches the network.

urllib rather than pooch: pooch has no ``file://`` downloader and no lock
(two processes download the same file twice), checks a hash but not the size
before accepting bytes, and would add requests as a dependency; the job here
is about a hundred lines of standard library.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from evalkit import __version__
from evalkit.datasets.registry import DataFile, Dataset
from evalkit.errors import InputError, UsageError

CHUNK = 1 << 16
TIMEOUT = 30.0
"""Seconds a connection may stay silent before the download is given up."""

MIRROR_SCHEMES = ("http://", "https://", "file://")


def _silent(message: str) -> None:
    """Say nothing (the default for notes)."""


def _to_stderr(message: str) -> None:
    print(f"evalkit: {message}", file=sys.stderr)


def default_store() -> Path:
    """``$EVALKIT_DATA``, else ``$XDG_CACHE_HOME/evalkit/datasets`` (``~/.cache/...``)."""
    chosen = os.environ.get("EVALKIT_DATA")
    if chosen:
        return Path(chosen).expanduser()
    from evalkit.cache import default_directory

    return default_directory() / "datasets"


def environment_mirror() -> str | None:
    """``EVALKIT_MIRROR``, checked: a base URL with a scheme evalkit can fetch from."""
    mirror = os.environ.get("EVALKIT_MIRROR") or None
    if mirror is not None and not mirror.startswith(MIRROR_SCHEMES):
        raise UsageError(f"EVALKIT_MIRROR={mirror!r} is not a base URL; give one starting "
                         f"with {', '.join(MIRROR_SCHEMES)} (e.g. file:///srv/mirror)")
    return mirror


def environment_offline() -> bool:
    """``EVALKIT_OFFLINE``: 1 (true, yes, on) or 0 (false, no, off, unset)."""
    value = os.environ.get("EVALKIT_OFFLINE", "").strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("", "0", "false", "no", "off"):
        return False
    raise UsageError(f"EVALKIT_OFFLINE={value!r}: use 1 (never use the network) or 0")


@dataclass(frozen=True)
class FetchOptions:
    """Where the store is, where files come from, and what to say while fetching.

    ``note`` hears about downloads and re-fetches; ``terms`` hears a corpus's
    terms before its first download; ``progress`` draws a byte bar on stderr.
    """

    store: Path
    mirror: str | None = None
    offline: bool = False
    progress: bool = False
    note: Callable[[str], None] = field(default=_silent)
    terms: Callable[[str], None] = field(default=_to_stderr)

    @classmethod
    def from_environment(cls, progress: bool = False,
                         note: Callable[[str], None] = _silent) -> FetchOptions:
        return cls(default_store(), environment_mirror(), environment_offline(), progress,
                   note)


def source_url(file: DataFile, mirror: str | None) -> str:
    """The canonical URL, or the mirror base plus the canonical URL's path."""
    if mirror is None:
        return file.url
    return mirror.rstrip("/") + file.url_path


def store_path(file: DataFile, store: Path) -> Path:
    return store.joinpath(*file.relative_path.parts)


def _mismatch(size: int, digest: str, file: DataFile) -> str | None:
    """What is wrong with bytes of this size and digest, or None when they are the file."""
    if size != file.size:
        return f"{size} bytes where {file.size} were expected"
    if digest != file.sha256:
        return f"SHA-256 {digest} where {file.sha256} was expected"
    return None


def check_stored(path: Path, file: DataFile) -> str | None:
    """None when the store file is present and intact; else what is wrong with it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return "missing"
    if size != file.size:
        return _mismatch(size, "", file)
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(CHUNK), b""):
            digest.update(block)
    return _mismatch(size, digest.hexdigest(), file)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (released by the OS if the process dies)."""
    with path.open("a+b") as handle:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield


def _copy(url: str, out: BinaryIO, file: DataFile, options: FetchOptions,
          label: str) -> tuple[int, str]:
    """Stream ``url`` into ``out``; return the byte count and SHA-256 of what came."""
    from urllib.request import Request, urlopen

    digest = hashlib.sha256()
    size = 0
    bar = None
    if options.progress:
        from tqdm import tqdm

        bar = tqdm(total=file.size, unit="B", unit_scale=True, unit_divisor=1024,
                   desc=label, file=sys.stderr, leave=False)
    try:
        request = Request(url, headers={"User-Agent": f"evalkit/{__version__}"})
        with urlopen(request, timeout=TIMEOUT) as response:
            for block in iter(lambda: response.read(CHUNK), b""):
                size += len(block)
                if size > file.size:
                    return size, ""  # larger than registered: refused by the caller
                digest.update(block)
                out.write(block)
                if bar is not None:
                    bar.update(len(block))
    finally:
        if bar is not None:
            bar.close()
    return size, digest.hexdigest()


def _network_problem(error: BaseException) -> str:
    from urllib.error import HTTPError, URLError

    if isinstance(error, HTTPError):
        return f"HTTP {error.code} {error.reason}"
    if isinstance(error, URLError):
        reason = error.reason
        return reason.strerror or str(reason) if isinstance(reason, OSError) else str(reason)
    return str(error) or type(error).__name__


def _download(dataset: Dataset, file: DataFile, target: Path, options: FetchOptions) -> None:
    """Fetch one file into ``target`` via a verified temporary file (caller holds the lock)."""
    import http.client

    url = source_url(file, options.mirror)
    retry = f"run 'evalkit datasets download {dataset.name}' again"
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            try:
                size, digest = _copy(url, out, file, options, f"{dataset.name} {file.role}")
            except (OSError, http.client.HTTPException) as error:
                raise InputError(url, f"cannot download the {file.role} file of "
                                 f"{dataset.name} ({_network_problem(error)}); check the "
                                 f"network or EVALKIT_MIRROR, then {retry}") from None
        problem = _mismatch(size, digest, file)
        if problem is not None:
            truncated = " (truncated)" if size < file.size else ""
            raise InputError(url, f"the {file.role} file of {dataset.name} is not the "
                             f"registered one{truncated}: {problem}; nothing was kept. If a "
                             f"mirror serves it, check the mirror's copy; then {retry}")
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def terms_line(dataset: Dataset) -> str:
    return f"terms of {dataset.name} ({dataset.licence}): {dataset.terms}"


def fetch_file(dataset: Dataset, file: DataFile, options: FetchOptions,
               before_download: Callable[[], None] | None = None) -> Path:
    """The verified store copy of ``file``, downloading it first when needed.

    A store file that no longer matches its checksum is reported and fetched
    again (offline, that is an error). ``before_download`` runs just before
    bytes are fetched; by default it shows the corpus's terms.
    """
    target = store_path(file, options.store)
    problem = check_stored(target, file)
    if problem is None:
        return target
    command = f"evalkit datasets download {dataset.name}"
    if options.offline:
        if problem == "missing":
            raise InputError(str(target), f"the {file.role} file of {dataset.name} is not "
                             f"downloaded and EVALKIT_OFFLINE=1 forbids fetching it; run "
                             f"'{command}' where the network (or EVALKIT_MIRROR) is reachable")
        raise InputError(str(target), f"the {file.role} file of {dataset.name} no longer "
                         f"matches its checksum ({problem}) and EVALKIT_OFFLINE=1 forbids "
                         f"fetching it again; run '{command}' without EVALKIT_OFFLINE")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _locked(target.parent / f".{target.name}.lock"):
            problem = check_stored(target, file)  # another process may have fetched it
            if problem is None:
                return target
            for stale in target.parent.glob(f".{target.name}.*.part"):
                stale.unlink(missing_ok=True)  # left by a process that was killed
            if problem != "missing":
                options.note(f"{target} no longer matches its checksum ({problem}); "
                             "fetching it again")
                target.unlink()
            if before_download is None:
                options.terms(terms_line(dataset))
            else:
                before_download()
            options.note(f"downloading {dataset.name} {file.role} "
                         f"({file.size:,} bytes) from {source_url(file, options.mirror)}")
            _download(dataset, file, target, options)
    except OSError as error:
        raise InputError(str(options.store), f"the dataset store cannot be written "
                         f"({error.strerror or error}); set EVALKIT_DATA to a writable "
                         "directory") from None
    return target


def fetch_dataset(dataset: Dataset, options: FetchOptions) -> dict[str, Path]:
    """Every file of a corpus, by role, fetched and verified; the terms are shown
    before the corpus's first download."""
    shown: list[bool] = []

    def show_terms() -> None:
        if not shown:
            options.terms(terms_line(dataset))
            shown.append(True)

    return {file.role: fetch_file(dataset, file, options, show_terms)
            for file in dataset.files}


def store_problems(dataset: Dataset, store: Path) -> dict[str, str]:
    """What is wrong with each of a corpus's store files, by role ('missing', or a size
    or SHA-256 mismatch); intact files are left out.

    Each present file is checked in full (size, then SHA-256), as when it is used:
    every registered file together is 16.8 MB (21 files), hashed in about 10 ms on
    the development machine (a noisy, shared one), so the listing can afford it.
    """
    problems = {f.role: check_stored(store_path(f, store), f) for f in dataset.files}
    return {role: problem for role, problem in problems.items() if problem is not None}


def stored_state(dataset: Dataset, store: Path) -> str:
    """'yes', 'no', 'partly' or 'damaged': whether the store holds a corpus's files as the
    registry pins them ('damaged': a present file differs in size or SHA-256)."""
    problems = store_problems(dataset, store)
    if any(problem != "missing" for problem in problems.values()):
        return "damaged"
    return "no" if len(problems) == len(dataset.files) else "partly" if problems else "yes"
