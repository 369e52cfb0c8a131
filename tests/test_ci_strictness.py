"""CI never goes green on a check it promises and skipped (issue 11, point 19)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, require_tool


def test_a_missing_tool_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no-such-tool is not installed"):
        require_tool("no-such-tool")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="in CI a missing tool is a failure"):
        require_tool("no-such-tool")
    with pytest.raises(pytest.skip.Exception):  # a tool CI does not promise
        require_tool("no-such-tool", in_ci=False)
    (tmp_path / "found").write_text("#!/bin/sh\n", encoding="utf-8")
    (tmp_path / "found").chmod(0o755)
    assert require_tool("no-such-tool", "found") == str(tmp_path / "found")


def test_every_tool_test_uses_the_helper() -> None:
    """No test looks a tool up (and skips without it) on its own."""
    which = "shutil." + "which"  # spelled apart, not to match this file
    for path in (REPO / "tests").glob("test_*.py"):
        assert which not in path.read_text(encoding="utf-8"), path.name


def fake_bin(tmp_path: Path, apt_status: int) -> tuple[Path, Path]:
    """A PATH with no chromium, an apt-get that exits ``apt_status`` and a make that
    records that it ran."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    ran = tmp_path / "make-ran"
    scripts = {"apt-get": f"#!/bin/sh\nexit {apt_status}\n",
               "make": f"#!/bin/sh\necho \"$@\" > {ran}\n"}
    for name, text in scripts.items():
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    for tool in ("dirname", "diff", "perl"):
        for folder in ("/usr/bin", "/bin"):
            if Path(folder, tool).exists():
                (bin_dir / tool).symlink_to(Path(folder, tool))
                break
    return bin_dir, ran


def run_ci(bin_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": str(bin_dir), "CI": "true"}
    return subprocess.run(["/bin/bash", str(REPO / ".ci" / "run")], capture_output=True,
                          text=True, env=env, check=False, timeout=60)


def test_ci_fails_when_chromium_cannot_be_installed(tmp_path: Path) -> None:
    """Regression: .ci/run went on after a failed install and the browser test skipped."""
    bin_dir, ran = fake_bin(tmp_path, apt_status=100)
    done = run_ci(bin_dir)
    assert done.returncode != 0
    assert "could not install chromium fonts-wqy-zenhei" in done.stderr
    assert not ran.exists()


def test_ci_runs_the_tests_when_the_install_works(tmp_path: Path) -> None:
    bin_dir, ran = fake_bin(tmp_path, apt_status=0)
    assert run_ci(bin_dir).returncode == 0
    assert ran.read_text(encoding="utf-8").strip() == "test"
