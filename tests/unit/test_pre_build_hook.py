"""pre_build_hook stops with a message that says what to do when apt cannot supply the
packages (here: real apt, pointed at a configuration without any package source)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from project import ROOT


def test_hook_explains_a_package_apt_does_not_know(tmp_path: Path) -> None:
    plugin = tmp_path / "plugin"
    (plugin / "repositories" / "ubuntu").mkdir(parents=True)
    shutil.copy(ROOT / "pre_build_hook", plugin / "pre_build_hook")
    for d in ("lists/partial", "cache/archives/partial", "sources.list.d"):
        (tmp_path / "apt" / d).mkdir(parents=True)
    config = tmp_path / "apt.conf"
    config.write_text(
        f'Dir::State::Lists "{tmp_path}/apt/lists";\n'
        f'Dir::Cache "{tmp_path}/apt/cache";\n'
        'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n'
        'Dir::Etc::SourceList "/dev/null";\n'
        f'Dir::Etc::SourceParts "{tmp_path}/apt/sources.list.d";\n')
    result = subprocess.run(["bash", str(plugin / "pre_build_hook")], capture_output=True, text=True,
                            env=dict(os.environ, APT_CONFIG=str(config)), cwd=plugin)
    assert result.returncode == 1
    assert "pre_build_hook:" in result.stderr
    assert "is known to apt here; run 'apt-get update'" in result.stderr
    assert not list((plugin / "repositories" / "ubuntu").glob("*.deb"))
