"""A UI setting's facts live in environment_config.yaml; the Puppet module's own table of
labels and ranges (used by the check task's messages and range checks) must agree."""

from __future__ import annotations

import json
import subprocess

from model.project import text_settings
from project import MODULE

SETTINGS_RB = MODULE / "lib" / "puppet_x" / "ceilometer_zookeeper" / "settings.rb"


def ruby_settings() -> dict[str, dict]:
    script = f'require {json.dumps(str(SETTINGS_RB))}; require "json"; ' \
             "puts JSON.generate(PuppetX::CeilometerZookeeper::SETTINGS)"
    result = subprocess.run(["ruby", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_puppet_table_has_every_text_setting_with_the_ui_label_and_range() -> None:
    ruby = ruby_settings()
    ui = text_settings()
    assert set(ruby) == set(ui), "the module's settings table and environment_config.yaml list other keys"
    for key, setting in ui.items():
        assert ruby[key]["label"] == setting.label, f"{key}: label differs from the UI's"
        assert (ruby[key]["min"], ruby[key]["max"]) == (setting.low, setting.high), f"{key}: range differs"
