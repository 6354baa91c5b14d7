"""Puppet code quality gates: syntax on Puppet 7, puppet-lint with warnings as failures on
every manifest, the module's rspec-puppet specs in one run, a spec for every parser
function, and puppet-strings' `@api private` on exactly the internal classes and defines.
Each gate is also shown to fail on planted bad code."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from project import MODULE, PUPPET, ROOT

MANIFESTS = sorted(PUPPET.rglob("*.pp"))
ENTRY_MANIFESTS = sorted((PUPPET / "manifests").glob("*.pp"))
FUNCTIONS = sorted((MODULE / "lib" / "puppet" / "parser" / "functions").glob("*.rb"))
RSPEC_TAIL = 6000


def run(cmd: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)


def lint_failures(puppet_dir: Path) -> dict[str, str]:
    """puppet-lint --fail-on-warnings over every .pp under puppet_dir. puppet-lint 3.0.1
    lints only the first path it is given, so each file gets its own process. Returns
    {file relative to puppet_dir: what puppet-lint said} for the files that fail."""
    files = sorted(puppet_dir.rglob("*.pp"))
    assert files, f"no manifest under {puppet_dir}"

    def lint(path: Path) -> subprocess.CompletedProcess:
        return run(["puppet-lint", "--fail-on-warnings", str(path)])

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lint, files))
    return {str(f.relative_to(puppet_dir)): r.stdout + r.stderr
            for f, r in zip(files, results, strict=True) if r.returncode != 0}


def test_every_manifest_is_validated() -> None:
    names = {str(p.relative_to(PUPPET)) for p in MANIFESTS}
    assert {"manifests/server.pp", "modules/ceilometer_zookeeper/manifests/init.pp",
            "modules/ceilometer_zookeeper/manifests/server/config.pp"} <= names
    assert len(ENTRY_MANIFESTS) >= 7


def validate(manifests: list[Path]) -> subprocess.CompletedProcess:
    """puppet parser validate over every manifest in one process (it takes many files and
    names the one that fails)."""
    return run(["puppet", "parser", "validate", *map(str, manifests)])


def test_parser_validate() -> None:
    result = validate(MANIFESTS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_parser_validate_fails_on_a_syntax_error(tmp_path: Path) -> None:
    copy = tmp_path / "puppet"
    shutil.copytree(PUPPET, copy)
    target = copy / "modules/ceilometer_zookeeper/manifests/wait.pp"
    target.write_text(target.read_text() + "\nclass broken {\n")
    result = validate(sorted(copy.rglob("*.pp")))
    assert result.returncode != 0
    assert "wait.pp" in result.stdout + result.stderr


def test_puppet_lint_warnings_are_failures() -> None:
    failures = lint_failures(PUPPET)
    assert not failures, "\n".join(f"{path}:\n{out}" for path, out in failures.items())


def test_puppet_lint_gate_fails_on_a_warning_in_any_manifest(tmp_path: Path) -> None:
    """A warning planted in an entry manifest and in two module manifests (one in a
    subfolder): the gate names exactly those three files."""
    targets = ["manifests/wait.pp", "modules/ceilometer_zookeeper/manifests/wait.pp",
               "modules/ceilometer_zookeeper/manifests/server/service.pp"]
    copy = tmp_path / "puppet"
    shutil.copytree(PUPPET, copy)
    for target in targets:
        with (copy / target).open("a") as manifest:
            manifest.write('$planted = "a double-quoted string without variables"\n')
    failures = lint_failures(copy)
    assert sorted(failures) == sorted(targets), failures
    for target in targets:
        assert "double_quoted_strings" in failures[target] or "double quoted string" in failures[target]


def test_templates_are_valid_erb() -> None:
    for template in MODULE.glob("templates/*.erb"):
        erb = subprocess.run(["erb", "-P", "-x", "-T", "-", str(template)], capture_output=True, check=True)
        result = subprocess.run(["ruby", "-c"], input=erb.stdout, capture_output=True)
        assert result.returncode == 0, f"{template}: {result.stderr.decode()}"


def test_module_has_readme_and_metadata() -> None:
    assert (MODULE / "README.md").is_file()
    metadata = json.loads((MODULE / "metadata.json").read_text())
    assert metadata["name"] and metadata["version"]


@pytest.mark.parametrize("function", FUNCTIONS, ids=lambda p: p.stem)
def test_every_parser_function_has_a_spec(function: Path) -> None:
    spec = MODULE / "spec" / "functions" / f"{function.stem}_spec.rb"
    assert spec.is_file(), f"{function.name} has no {spec.relative_to(MODULE)}"
    assert re.search(rf"^describe '{function.stem}'", spec.read_text(), re.MULTILINE)
    assert "raise_error" in spec.read_text(), f"{spec.name} tests no bad input"


def declared(manifest: Path) -> tuple[str, str]:
    """(kind, name) of the class or define a module manifest declares."""
    found = re.search(r"^(class|define)\s+([\w:]+)", manifest.read_text(), re.MULTILINE)
    assert found, f"{manifest} declares no class or define"
    return found.group(1), found.group(2)


def public_names() -> set[str]:
    """What the entry manifests declare or include: the module's public classes."""
    text = "\n".join(m.read_text() for m in ENTRY_MANIFESTS)
    return set(re.findall(r"(?:include|class \{)\s*'?::([\w:]+)", text))


def test_entry_manifests_call_only_public_classes() -> None:
    assert public_names() == {"ceilometer_zookeeper", "ceilometer_zookeeper::agents", "ceilometer_zookeeper::aodh",
                              "ceilometer_zookeeper::ceilometer", "ceilometer_zookeeper::check",
                              "ceilometer_zookeeper::firewall", "ceilometer_zookeeper::server",
                              "ceilometer_zookeeper::wait"}


@pytest.mark.parametrize("manifest", sorted((MODULE / "manifests").rglob("*.pp")),
                         ids=lambda p: str(p.relative_to(MODULE / "manifests")))
def test_internal_classes_and_defines_are_marked_private(manifest: Path) -> None:
    _, name = declared(manifest)
    header = manifest.read_text().split(f"\n{declared(manifest)[0]} ", 1)[0]
    private = re.search(r"^# @api private\n# \S", header, re.MULTILINE) is not None
    assert private == (name not in public_names()), (
        f"{name}: " + ("public (an entry manifest calls it), must not be @api private" if private
                       else "internal, needs '# @api private' and a comment line saying who uses it"))


def test_rspec_puppet() -> None:
    """One rspec process over the whole spec/ folder."""
    result = run(["rspec", "spec"], cwd=MODULE)
    tail = result.stdout[-RSPEC_TAIL:]
    print(tail)
    assert result.returncode == 0, tail + result.stderr[-3000:]
    summary = re.search(r"^(\d+) examples?, (\d+) failures?", result.stdout, re.MULTILINE)
    assert summary, tail + result.stderr[-3000:]
    assert int(summary.group(1)) > 0 and summary.group(2) == "0", tail
    assert "error occurred outside of examples" not in result.stdout, tail
