"""The READMEs match the tree: the module README names every class, define, helper script
and template of the module; the top README's layout table names every folder of tests/."""

from __future__ import annotations

import re

from project import MODULE, ROOT


def module_names() -> list[str]:
    """`ceilometer_zookeeper::a::b` for manifests/a/b.pp, init.pp as the module itself."""
    names = []
    for manifest in sorted((MODULE / "manifests").rglob("*.pp")):
        parts = manifest.relative_to(MODULE / "manifests").with_suffix("").parts
        names.append("::".join(["ceilometer_zookeeper", *parts]) if parts != ("init",) else "ceilometer_zookeeper")
    return names


def test_the_module_readme_names_every_class_and_define() -> None:
    readme = (MODULE / "README.md").read_text()
    missing = [name for name in module_names() if f"`{name}`" not in readme and
               f"`::{name.split('::', 1)[-1]}`" not in readme]
    assert missing == [], f"the module README does not name {missing}"


def test_the_module_readme_names_every_helper_script_and_template() -> None:
    readme = (MODULE / "README.md").read_text()
    files = [f"`{f.name}`" for f in sorted((MODULE / "files").iterdir())]
    files += [f"`templates/{f.name}`" for f in sorted((MODULE / "templates").iterdir())]
    missing = [name for name in files if name not in readme]
    assert missing == [], f"the module README does not name {missing}"


def test_the_readme_layout_names_every_test_folder() -> None:
    layout = (ROOT / "README.md").read_text().split("## Layout", 1)[1]
    folders = [d.name for d in sorted((ROOT / "tests").iterdir()) if d.is_dir() and not d.name.startswith((".", "_"))]
    missing = [d for d in folders if not re.search(rf"`tests/{d}/`", layout)]
    assert missing == [], f"the README's layout table does not name tests/{missing}"
