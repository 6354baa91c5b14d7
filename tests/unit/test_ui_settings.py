"""The validation of every text setting, in both places that apply the regex: the Fuel UI
(JavaScript, `new RegExp(source).test(value)`) and nailgun (Python, `re.search`). Defaults
pass, bad values fail (a trailing newline included, which Python's `$` lets through), and
each regex accepts exactly the range its error message announces."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from model.project import text_settings

# Setting -> the whole numbers the UI must accept: what its error message announces.
RANGES = {key: (s.low, s.high) for key, s in text_settings().items()}
BAD = ["", " ", "-1", "0", "abc", "12a", "1.5", "+5", "0x10", " 2181", "2181 ", "02181", "99999999",
       "2181\n", "10\n", "\n2181", "21\n81", "2181\r", "2181\t"]
NUMBERS = range(-5, 70001)

JS = """
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const out = {};
for (const [key, source] of Object.entries(input.sources)) {
  const re = new RegExp(source);
  out[key] = input.values.map((v) => re.test(v));
}
process.stdout.write(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def attributes(root: Path) -> dict:
    return yaml.safe_load((root / "environment_config.yaml").read_text())["attributes"]


def python_matcher(sources: dict[str, str], values: list[str]) -> dict[str, list[bool]]:
    """nailgun's check of a plugin setting: re.search with the regex's source."""
    return {key: [bool(re.search(source, v)) for v in values] for key, source in sources.items()}


def javascript_matcher(sources: dict[str, str], values: list[str]) -> dict[str, list[bool]]:
    """The Fuel UI's check: a JavaScript RegExp built from the same source."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is missing: tools/setup-host puppet installs it"
    result = subprocess.run([node, "-e", JS], input=json.dumps({"sources": sources, "values": values}),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


MATCHERS = {"python (nailgun)": python_matcher, "javascript (UI)": javascript_matcher}
Matcher = Callable[[dict[str, str], list[str]], dict[str, list[bool]]]


@pytest.fixture(scope="module", params=sorted(MATCHERS))
def answers(request: pytest.FixtureRequest, attributes: dict) -> dict[str, dict[str, bool]]:
    """Each regex's answer to every value tried here, from one matcher."""
    sources = {key: attributes[key]["regex"]["source"] for key in RANGES}
    values = BAD + [attributes[key]["value"] for key in RANGES] + [str(n) for n in NUMBERS]
    matcher: Matcher = MATCHERS[request.param]
    raw = matcher(sources, values)
    return {key: dict(zip(values, raw[key], strict=True)) for key in raw}


def test_every_text_setting_is_validated_and_described(attributes: dict) -> None:
    text = {k for k, v in attributes.items() if k != "metadata" and v["type"] == "text"}
    assert text == set(RANGES)
    for key, attr in attributes.items():
        if key == "metadata":
            continue
        assert attr.get("description"), f"{key} has no description"
        for field in ("label", "weight", "value", "type"):
            assert field in attr, f"{key} lacks {field}"
        if attr["type"] == "text":
            assert attr["regex"]["error"], f"{key}'s regex has no error message"


@pytest.mark.parametrize("key", sorted(RANGES))
def test_default_is_accepted(attributes: dict, answers: dict, key: str) -> None:
    assert answers[key][attributes[key]["value"]]


@pytest.mark.parametrize("key", sorted(RANGES))
def test_bad_values_are_rejected(answers: dict, key: str) -> None:
    accepted = [v for v in BAD if answers[key][v]]
    assert not accepted, f"{key} accepts {accepted!r}"


@pytest.mark.parametrize("key", sorted(RANGES))
def test_regex_accepts_exactly_its_range(attributes: dict, answers: dict, key: str) -> None:
    low, high = RANGES[key]
    wrong = [n for n in NUMBERS if answers[key][str(n)] != (low <= n <= high)]
    assert not wrong, f"{key}: wrong answers for {wrong[:10]}"
    assert str(low) in attributes[key]["regex"]["error"]
    assert str(high) in attributes[key]["regex"]["error"]


def test_the_matchers_disagree_on_a_plain_dollar() -> None:
    """Why the regexes end in (?!\\n): without it, nailgun accepts a trailing newline."""
    sources = {"plain": "^[0-9]+$"}
    assert python_matcher(sources, ["2181\n"]) == {"plain": [True]}
    assert javascript_matcher(sources, ["2181\n"]) == {"plain": [False]}


def test_coordination_checkboxes_default_as_documented(attributes: dict) -> None:
    assert attributes["coordinate_central_agent"]["value"] is True
    assert attributes["coordinate_alarm_evaluator"]["value"] is True
    assert attributes["notification_partitioning"]["value"] is False
    assert "transformer" in attributes["notification_partitioning"]["description"]
