"""The operator's guide builds with warnings as errors and has the sections operators
look for."""

from __future__ import annotations

import subprocess
from pathlib import Path

from project import ROOT, VENV_BIN

SECTIONS = ["requirements", "limitations", "install", "configure", "verify", "troubleshooting", "release_notes"]


def test_docs_build_with_warnings_as_errors(tmp_path: Path) -> None:
    result = subprocess.run([str(VENV_BIN / "sphinx-build"), "-W", "--keep-going", "-q", "-b", "html",
                             str(ROOT / "doc/source"), str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for section in SECTIONS:
        assert (tmp_path / f"{section}.html").exists(), f"{section} is missing from the guide"

