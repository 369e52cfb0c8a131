"""The files a comparison leaves behind: results.json, results.md, other report
formats on request, and a baseline for ``evalkit check``.

Their folders are checked before anything runs (``prepare``), so a run of
minutes never ends in an unwritable folder; the files are written together
(``write``), replacing the whole set a previous run left in the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evalkit.errors import BaselineRefusedError, UsageError

if TYPE_CHECKING:
    from evalkit.results import Results


@dataclass(frozen=True)
class ResultsFiles:
    """Where results go: ``out`` (None: no files, --no-save), the extra report formats
    (``md`` and ``json`` are always written; ``csv`` of a run with paired tests brings
    results.pairs.csv), the baseline path, and the decimals."""

    out: Path | None = None
    reports: tuple[str, ...] = ()
    baseline: Path | None = None
    digits: int = 3

    def prepare(self) -> None:
        """Refuse reports without a folder; create the folders, checking they take files."""
        from evalkit.fileio import ensure_writable_dir

        if self.reports and self.out is None:
            raise UsageError("--report writes files: drop --no-save (or choose --out DIR)")
        if self.out is not None:
            ensure_writable_dir(self.out)
        if self.baseline is not None:
            ensure_writable_dir(self.baseline.parent, "--save-baseline")

    def write(self, results: Results, document: dict[str, Any] | None = None) -> list[Path]:
        """Write the reports (``document``: results.to_document(), when already made),
        then the baseline; a run with a failed segmenter gets no baseline
        (BaselineRefusedError, after the reports are written). Returns the files
        written, for the note that tells the user where they are."""
        written: list[Path] = []
        if self.out is not None:
            from evalkit.fileio import write_together
            from evalkit.report import EXTENSIONS, PAIRS_FILE, renderer
            from evalkit.report.csvfile import has_paired_tests
            from evalkit.report.markdown import render_markdown
            from evalkit.results import dumps

            files = {"results.json": dumps(document or results.to_document()),
                     "results.md": render_markdown(results, self.digits)}
            for name in dict.fromkeys(self.reports):
                if name not in ("md", "json"):
                    files[f"results.{EXTENSIONS[name]}"] = renderer(name)(results, self.digits)
            if "csv" in self.reports and has_paired_tests(results):  # pairs as records too
                files[PAIRS_FILE] = renderer("pairs-csv")(results, self.digits)
            write_together(self.out, files, owned=[
                *(f"results.{ext}" for ext in EXTENSIONS.values()), PAIRS_FILE])
            written += [self.out / name for name in files]
        if self.baseline is not None:
            if results.failures:
                raise BaselineRefusedError("no baseline saved: a baseline needs every "
                                           "segmenter to succeed")
            from evalkit.check import write_baseline

            write_baseline(results, self.baseline)
            written.append(self.baseline)
        return written
