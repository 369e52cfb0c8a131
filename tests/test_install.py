"""`pip install .` in a fresh virtual environment works in one command (PyPI access
needed: marked slow, run by `make test` and CI, not by a bare `pytest`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from evalkit.segmenters.install import PKUSEG
from tests.conftest import REPO

IGNORED = shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__",
                                 ".mypy_cache", ".ruff_cache", ".pytest_cache", "reports")


@pytest.mark.slow
def test_pip_install_into_a_fresh_venv(tmp_path: Path) -> None:
    source = tmp_path / "evalkit"
    shutil.copytree(REPO, source, ignore=IGNORED)  # the build must not touch the checkout
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / "bin"
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("PYTHONPATH", "PIP_CONSTRAINT", "VIRTUAL_ENV")}
    environment["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    install = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install",
                              "--no-cache-dir", "--quiet", str(source)],
                             env=environment, capture_output=True, text=True, check=False)
    assert install.returncode == 0, install.stderr[-3000:]

    def evalkit(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(bin_dir / "evalkit"), *args], cwd=tmp_path,
                              env=environment, capture_output=True, text=True, check=False)

    compared = evalkit("compare", "-s", "jieba", "--no-save")
    assert compared.returncode == 0, compared.stderr
    rows = [line.split() for line in compared.stdout.splitlines()]
    assert ["000_c514ef1e1ad5938b", "jieba", "901", "901", "901"] in \
        [row[:5] for row in rows], compared.stdout

    listed = evalkit("segmenters")
    assert listed.returncode == 0, listed.stderr
    importable = {line.split()[0]: line.split()[3] for line in listed.stdout.splitlines()[2:]
                  if line.strip() and not line.startswith(("to add", " "))}
    assert importable["pkuseg"] == "no"  # the documented extra step, not a failed install
    assert {name for name, yes in importable.items() if yes == "yes"} >= \
        {"jieba", "thulac", "snownlp", "rjieba", "jiagu"}
    assert f"  pkuseg: {PKUSEG}" in listed.stdout
    print(f"{sys.version.split()[0]}: {listed.stdout}")


def test_every_package_directory_is_listed_for_the_build() -> None:
    """A subpackage missing from [tool.setuptools] packages is left out of a wheel
    (evalkit.cli once was): caught here in seconds, not only by the slow install test."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    found = {".".join(init.parent.relative_to(REPO).parts)
             for init in (REPO / "evalkit").rglob("__init__.py")}
    assert found - listed == set(), "add these to [tool.setuptools] packages"
