"""Make fuel-plugin-builder 4.2.0 (Python 2 code from PyPI) run on Python 3.

Applied by tools/setup-host to the copy installed in the project's venv. Each fix is an
exact text replacement; a file that holds neither the old nor the new text stops the
set-up with a message, so a different fpb release is noticed instead of half-patched.
Running it twice changes nothing.
"""

import importlib.util
import sys
from pathlib import Path

# (file inside the package, text in 4.2.0, replacement)
FIXES: list[tuple[str, str, str]] = [
    ("cli.py", "return unicode(string, 'utf-8')", "return string"),
    (
        "version_mapping.py",
        "data = filter(lambda p: p['version'] == version, get_mapping())",
        "data = [p for p in get_mapping() if p['version'] == version]",
    ),
    (
        "actions/build.py",
        "not_found = filter(lambda r: not utils.which(r), self.requires)",
        "not_found = [r for r in self.requires if not utils.which(r)]",
    ),
    (
        "utils.py",
        "return yaml.load(open(path))",
        "with open(path) as f:\n        return yaml.safe_load(f)",
    ),
]


def package_dir() -> Path:
    spec = importlib.util.find_spec("fuel_plugin_builder")
    if spec is None or spec.origin is None:
        sys.exit("patch_fpb: fuel_plugin_builder is not installed in this Python")
    return Path(spec.origin).parent


def apply(root: Path) -> int:
    changed = 0
    for name, old, new in FIXES:
        path = root / name
        text = path.read_text()
        if old in text:
            path.write_text(text.replace(old, new))
            changed += 1
        elif new not in text:
            sys.exit(f"patch_fpb: {path} holds neither the 4.2.0 text nor its fix; "
                     "is this fuel-plugin-builder 4.2.0?")
    return changed


if __name__ == "__main__":
    n = apply(package_dir())
    print(f"patch_fpb: {n} of {len(FIXES)} fixes applied ({len(FIXES) - n} already there)")
