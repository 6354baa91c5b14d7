"""Puppet code quality gates: syntax on Puppet 7, puppet-lint with warnings as failures,
and the module's rspec-puppet specs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PUPPET = ROOT / "deployment_scripts" / "puppet"
MODULE = PUPPET / "modules" / "ceilometer_zookeeper"
MANIFESTS = sorted(PUPPET.rglob("*.pp"))


def run(cmd: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: str(p.relative_to(PUPPET)))
def test_parser_validate(manifest: Path) -> None:
    result = run(["puppet", "parser", "validate", str(manifest)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_puppet_lint_warnings_are_failures() -> None:
    result = run(["puppet-lint", "--fail-on-warnings", "--relative", str(PUPPET / "manifests"),
                  str(MODULE / "manifests")])
    assert result.returncode == 0, result.stdout + result.stderr


def test_puppet_lint_would_fail_on_a_warning(tmp_path: Path) -> None:
    (tmp_path / "bad.pp").write_text("class bad {\n  $x = \"plain\"\n}\n")
    result = run(["puppet-lint", "--fail-on-warnings", str(tmp_path / "bad.pp")])
    assert result.returncode != 0


def test_templates_are_valid_erb() -> None:
    for template in MODULE.glob("templates/*.erb"):
        erb = subprocess.run(["erb", "-P", "-x", "-T", "-", str(template)], capture_output=True, check=True)
        result = subprocess.run(["ruby", "-c"], input=erb.stdout, capture_output=True)
        assert result.returncode == 0, f"{template}: {result.stderr.decode()}"


def test_module_has_readme_and_metadata() -> None:
    assert (MODULE / "README.md").is_file()
    assert (MODULE / "metadata.json").is_file()


@pytest.mark.parametrize("spec", sorted(MODULE.glob("spec/**/*_spec.rb")), ids=lambda p: p.name)
def test_rspec_puppet(spec: Path) -> None:
    result = run(["rspec", str(spec.relative_to(MODULE))], cwd=MODULE)
    print(result.stdout[-6000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " 0 failures" in result.stdout
