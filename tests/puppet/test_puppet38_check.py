"""The Puppet 3.8 compatibility check: it catches each feature Fuel 9's Puppet lacks,
leaves Puppet 3 code alone, and passes on the plugin's own code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from project import ROOT

# tools/ is no package: the check is imported from its folder, after the path is set.
sys.path.insert(0, str(ROOT / "tools"))
import puppet38_check

PUPPET4_ONLY = {
    "typed-parameter": "class a (String $x = 'y') { }",
    "typed-parameter ": "define a::b (\n  Optional[Integer] $n = undef,\n) { }",
    "lambda": "$a.each |$x| { notice($x) }",
    "iteration": "each($list) |$i| { }",
    "lookup": "$v = lookup('key')",
    "facts-hash": "notice($facts['os'])",
    "heredoc": "$t = @(END)\nhi\nEND",
    "function-definition": "function a::f(Integer $x) { $x }",
    "type-alias": "type A::Port = Integer[1, 65535]",
    "conditional-value": "$v = if $a { 1 } else { 2 }",
    "type-cast": "$n = Integer($s)",
    "type-match": "if $x =~ String { }",
    "method-call": "$n = $list.length",
    "unless-else": "unless $a { notice('x') } else { notice('y') }",
    "trailing-comma-call": "$x = join($a, ',',)",
    "sensitive-deferred": "$p = Sensitive('s')",
    "interpolated-call": "notice(\"${join($a, ',')}\")",
}

PUPPET3_FINE = [
    "class a ($x = 'String $y', $n = 3,) { notice(\"${x} ${::fqdn} ${h['k']}\") }",
    "# a comment with |$x| and lookup() and $facts\nclass b { }",
    "if $a =~ /^(a|b)$/ { } else { }",
    "unless $a { notice('each|$x|') }",
    "file { '/x': content => 'lookup(\"k\")' }",
    "$v = hiera('k', {})\n$w = $v['key']",
    "Ceilometer_config <||> ~> Exec['x']",
]


@pytest.mark.parametrize("rule", sorted(PUPPET4_ONLY))
def test_each_puppet4_feature_is_caught(rule: str) -> None:
    findings = puppet38_check.check_puppet(Path("x.pp"), PUPPET4_ONLY[rule])
    assert rule.strip() in {f.rule for f in findings}, findings


@pytest.mark.parametrize("code", PUPPET3_FINE)
def test_puppet3_code_passes(code: str) -> None:
    assert puppet38_check.check_puppet(Path("x.pp"), code) == []


@pytest.mark.parametrize("code,rule", [
    ("x = a&.b", "ruby-safe-navigation"),
    ("doc = <<~DOC", "ruby-squiggly-heredoc"),
    ("def f(a, b: 1)", "ruby-keyword-args"),
])
def test_newer_ruby_in_functions_is_caught(code: str, rule: str) -> None:
    assert rule in {f.rule for f in puppet38_check.check_ruby(Path("x.rb"), code)}


def test_the_plugins_puppet_code_is_puppet38_clean() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "puppet38_check.py"),
                             str(ROOT / "deployment_scripts" / "puppet")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bad_module_fails_the_command(tmp_path: Path) -> None:
    (tmp_path / "bad.pp").write_text("class bad (Integer $n) { }\n")
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "puppet38_check.py"), str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "bad.pp:1: typed-parameter" in result.stdout
