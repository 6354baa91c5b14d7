"""The operator's guide builds with warnings as errors, has the sections operators look
for, and shows every UI setting as environment_config.yaml defines it."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from model.project import settings
from project import ROOT, VENV_BIN

SECTIONS = ["requirements", "versions", "limitations", "security", "install", "configure", "verify", "troubleshooting",
            "release_notes"]


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html")
    result = subprocess.run([str(VENV_BIN / "sphinx-build"), "-W", "--keep-going", "-q", "-b", "html",
                             str(ROOT / "doc/source"), str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_docs_have_the_operators_sections(guide: Path) -> None:
    for section in SECTIONS:
        assert (guide / f"{section}.html").exists(), f"{section} is missing from the guide"


def test_settings_table_shows_each_setting_as_the_ui_defines_it(guide: Path) -> None:
    page = html.unescape(re.sub(r"<[^>]+>", " ", (guide / "configure.html").read_text()))
    text = " ".join(page.split())
    for key, setting in settings().items():
        assert setting.label in text, f"{key}: label missing from configure"
        if setting.low is not None:
            assert f"{setting.label} {setting.default} {setting.low}-{setting.high}" in text, f"{key}: row differs"


def page_text(guide: Path, name: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", (guide / f"{name}.html").read_text())).split())


def test_the_prose_shows_the_defaults_of_environment_config(guide: Path) -> None:
    """The prose names defaults through substitutions generated from environment_config.yaml."""
    s = settings()
    window = int(s["zookeeper_tick_time"].default) * int(s["zookeeper_sync_limit"].default) / 1000
    assert f"({s['zookeeper_client_port'].default} by default)" in page_text(guide, "security")
    assert f"(default {s['zookeeper_heap_mb'].default} MiB)" in page_text(guide, "requirements")
    assert f"syncLimit x tickTime ({window:g} s by default)" in page_text(guide, "limitations")
    assert f"timeout {s['coordination_timeout'].default} s" in page_text(guide, "overview")
    for name in ("security", "requirements", "limitations", "overview"):
        assert "|default-" not in page_text(guide, name), f"{name}: a substitution was not replaced"
