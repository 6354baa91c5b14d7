"""Sphinx directive ``plugin-settings``: the table of the plugin's UI settings, read from
environment_config.yaml at build time, so the guide cannot disagree with the UI."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

CONFIG = Path(__file__).resolve().parents[3] / "environment_config.yaml"
RANGE = re.compile(r"from (\d+) to (\d+)")


def default_text(attr: dict[str, Any]) -> str:
    if attr["type"] == "checkbox":
        return "on" if attr["value"] else "off"
    return f"``{attr['value']}``"


def range_text(attr: dict[str, Any]) -> str:
    if attr["type"] != "text":
        return "on / off"
    found = RANGE.search(attr["regex"]["error"])
    return f"{found.group(1)}-{found.group(2)}" if found else attr["regex"]["error"]


def rows() -> list[tuple[str, str, str, str]]:
    attributes = yaml.safe_load(CONFIG.read_text())["attributes"]
    items = sorted(((k, v) for k, v in attributes.items() if k != "metadata"), key=lambda kv: kv[1]["weight"])
    return [(attr["label"], default_text(attr), range_text(attr), " ".join(attr["description"].split()))
            for _key, attr in items]


class PluginSettings(SphinxDirective):
    """Renders the settings as a list-table: label, default, accepted values, meaning."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(CONFIG))
        lines = [".. list-table::", "   :header-rows: 1", "   :widths: 30 10 12 48", "",
                 "   * - Setting", "     - Default", "     - Accepted", "     - Meaning"]
        for label, default, accepted, meaning in rows():
            lines += [f"   * - {label}", f"     - {default}", f"     - {accepted}", f"     - {meaning}"]
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source=str(CONFIG)), self.content_offset, container)
        return container.children


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("plugin-settings", PluginSettings)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
