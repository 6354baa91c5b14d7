"""Sphinx directive ``plugin-settings``: the table of the plugin's UI settings, read from
environment_config.yaml at build time (through tests/model/project.py, the one reader of it),
so the guide cannot disagree with the UI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests"))
from model import project  # noqa: E402  (tests/ is put on the path just above)


def default_text(setting: project.Setting) -> str:
    if setting.type == "checkbox":
        return "on" if setting.default else "off"
    return f"``{setting.default}``"


def range_text(setting: project.Setting) -> str:
    return "on / off" if setting.type != "text" else f"{setting.low}-{setting.high}"


def rows() -> list[tuple[str, str, str, str]]:
    """label, default, accepted values, meaning: one row per setting, in the UI's order."""
    return [(s.label, default_text(s), range_text(s), s.description) for s in project.settings().values()]


class PluginSettings(SphinxDirective):
    """Renders the settings as a list-table: label, default, accepted values, meaning."""

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(ROOT / "environment_config.yaml"))
        lines = [".. list-table::", "   :header-rows: 1", "   :widths: 30 10 12 48", "",
                 "   * - Setting", "     - Default", "     - Accepted", "     - Meaning"]
        for label, default, accepted, meaning in rows():
            lines += [f"   * - {label}", f"     - {default}", f"     - {accepted}", f"     - {meaning}"]
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source=str(ROOT / "environment_config.yaml")),
                                self.content_offset, container)
        return container.children


def substitutions() -> str:
    """``|default-KEY|`` for every setting (``|default-zookeeper_client_port|`` is 2181),
    and ``|default-sync-window|``, syncLimit x tickTime in seconds: what the prose may say
    of a default, without a copy of it."""
    values = {key: setting.default for key, setting in project.settings().items()}
    lines = [f".. |default-{key}| replace:: {'on' if value is True else 'off' if value is False else value}"
             for key, value in values.items()]
    window = int(values["zookeeper_tick_time"]) * int(values["zookeeper_sync_limit"]) / 1000
    lines.append(f".. |default-sync-window| replace:: {window:g} s")
    return "\n".join(lines) + "\n"


def add_substitutions(app: Sphinx, config: Any) -> None:
    config.rst_prolog = (config.rst_prolog or "") + substitutions()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("plugin-settings", PluginSettings)
    app.connect("config-inited", add_substitutions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
