"""Puppet code quality gates. The module's Rakefile is the one home of their options, and
these tests call it from the module's folder, as a module developer would: `rake
validate` (puppet parser validate of every manifest, ruby -c of lib/, the ERB templates,
metadata.json), `rake lint` (puppet-lint with its default checks, a warning fails) and
`rake spec` (rspec-puppet, in one run). Each gate is also shown to fail on planted bad
code, in a copy of deployment_scripts/puppet. Besides: a spec for every parser function,
and puppet-strings' `@api private` on exactly the internal classes and defines."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from project import MODULE, PUPPET

ENTRY_MANIFESTS = sorted((PUPPET / "manifests").glob("*.pp"))
FUNCTIONS = sorted((MODULE / "lib" / "puppet" / "parser" / "functions").glob("*.rb"))
RSPEC_TAIL = 6000
# puppet-lint's rake task: "<path> - WARNING: <message> on line <n> (check: <name>)"
LINT_PROBLEM = re.compile(r"^(?P<path>\S+) - (?:WARNING|ERROR): .* \(check: (?P<check>\w+)\)$", re.MULTILINE)


def rake(task: str, module: Path = MODULE, **env: str) -> subprocess.CompletedProcess:
    """`rake TASK` in a module folder, as its README says to run it."""
    return subprocess.run(["rake", task], cwd=module, capture_output=True, text=True, env={**os.environ, **env})


def copy_of_puppet(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of deployment_scripts/puppet: (its root, its module's folder)."""
    copy = tmp_path / "puppet"
    shutil.copytree(PUPPET, copy)
    return copy, copy / MODULE.relative_to(PUPPET)


def lint_problems(result: subprocess.CompletedProcess, copy: Path, module: Path) -> dict[str, set[str]]:
    """{manifest relative to the copy's root: the checks puppet-lint reported}."""
    problems: dict[str, set[str]] = {}
    for found in LINT_PROBLEM.finditer(result.stdout):
        path = str((module / found["path"]).resolve().relative_to(copy.resolve()))
        problems.setdefault(path, set()).add(found["check"])
    return problems


def test_rake_validate() -> None:
    result = rake("validate")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "---> syntax:manifests" in result.stderr and "---> syntax:templates" in result.stderr


def append(path: Path, text: str) -> None:
    with path.open("a") as f:
        f.write(text)


def broken_manifests(module: Path) -> None:
    """An unclosed class in an entry manifest and in a module manifest of a subfolder."""
    append(module / "../../manifests/wait.pp", "\nclass broken {\n")
    append(module / "manifests/server/config.pp", "\nclass broken {\n")


def broken_ruby(module: Path) -> None:
    append(module / "lib/puppet_x/ceilometer_zookeeper/servers.rb", "\ndef broken(\n")


def broken_template(module: Path) -> None:
    append(module / "templates/zoo.cfg.erb", "<% if true -%>\n")


def broken_metadata(module: Path) -> None:
    metadata = json.loads((module / "metadata.json").read_text())
    metadata["license"] = "Apache 2"  # not an SPDX identifier
    (module / "metadata.json").write_text(json.dumps(metadata))


# Each breakage and what `rake validate` says of it. validate stops at the first step that
# fails (ruby -c, then the manifests, templates and metadata), so one breakage per run.
BREAKAGES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "manifests": (broken_manifests, ["Syntax error at end of input (file: {copy}/manifests/wait.pp)",
                                     "Syntax error at end of input (file: {module}/manifests/server/config.pp)"]),
    "ruby": (broken_ruby, ["lib/puppet_x/ceilometer_zookeeper/servers.rb:", "syntax error"]),
    "template": (broken_template, ["templates/zoo.cfg.erb:", "syntax error"]),
    "metadata": (broken_metadata, ["License identifier Apache 2 is not in the SPDX list"]),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_rake_validate_fails_on_bad_code(tmp_path: Path, breakage: str) -> None:
    copy, module = copy_of_puppet(tmp_path)
    plant, says = BREAKAGES[breakage]
    plant(module)
    result = rake("validate", module)
    assert result.returncode != 0, result.stdout[-3000:]
    for text in says:
        assert text.format(copy=copy, module=module) in result.stdout + result.stderr, result.stderr[-3000:]


def test_rake_lint() -> None:
    result = rake("lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "", result.stdout


def test_rake_lint_fails_on_a_warning_in_any_manifest(tmp_path: Path) -> None:
    """A warning planted in an entry manifest and in two module manifests (one in a
    subfolder): the gate fails and names exactly those three files."""
    targets = ["manifests/wait.pp", "modules/ceilometer_zookeeper/manifests/wait.pp",
               "modules/ceilometer_zookeeper/manifests/server/service.pp"]
    copy, module = copy_of_puppet(tmp_path)
    for target in targets:
        append(copy / target, '$planted = "a double-quoted string without variables"\n')
    result = rake("lint", module)
    assert result.returncode != 0, result.stdout
    assert lint_problems(result, copy, module) == {t: {"double_quoted_strings"} for t in targets}, result.stdout


def test_rake_lint_runs_puppet_lints_default_checks(tmp_path: Path) -> None:
    """The checks puppet-lint runs by default and puppetlabs_spec_helper turns off: an
    undocumented class, a line over 140 characters, a variable in single quotes."""
    copy, module = copy_of_puppet(tmp_path)
    (module / "manifests" / "planted.pp").write_text(
        "class ceilometer_zookeeper::planted {\n"
        "  $literal = '${not_interpolated}'\n"
        f"  $long = 1 # {'x' * 140}\n"
        "}\n")
    result = rake("lint", module)
    assert result.returncode != 0, result.stdout
    assert lint_problems(result, copy, module) == {
        "modules/ceilometer_zookeeper/manifests/planted.pp": {
            "documentation", "140chars", "single_quote_string_with_variables"}}, result.stdout


def test_rake_runs_every_gate_by_default() -> None:
    result = rake("-P")
    assert result.returncode == 0, result.stderr
    prerequisites = dict(re.findall(r"^rake (\S+)\n((?:    \S+\n)*)", result.stdout, re.MULTILINE))
    assert prerequisites["default"].split() == ["test"]
    assert sorted(prerequisites["test"].split()) == ["lint", "spec", "validate"]
    assert prerequisites["spec"].split() == ["spec_standalone"]


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


def test_rake_spec(tmp_path: Path) -> None:
    """Every spec under spec/ in one rspec process. The report in JSON comes through the
    spec helper's CI_SPEC_OPTIONS, beside rspec's usual output."""
    report = tmp_path / "rspec.json"
    result = rake("spec", CI_SPEC_OPTIONS=f"--format progress --format json --out {report}")
    tail = result.stdout[-RSPEC_TAIL:] + result.stderr[-3000:]
    print(tail)
    assert result.returncode == 0, tail
    rspec = json.loads(report.read_text())
    summary = rspec["summary"]
    assert summary["example_count"] > 0 and summary["failure_count"] == 0, tail
    assert summary["errors_outside_of_examples_count"] == 0, tail
    ran = {e["file_path"].removeprefix("./") for e in rspec["examples"]}
    specs = {str(p.relative_to(MODULE)) for p in MODULE.glob("spec/**/*_spec.rb")}
    assert ran == specs, f"rake spec left out {sorted(specs - ran)}"
