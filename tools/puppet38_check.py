"""Refuses Puppet code that Puppet 3.8 without the future parser (Fuel 9 nodes) cannot run.

Puppet 3.8 does not run on the Ruby of current Debian, so this is a static check of the
language features that came with Puppet 4 (or the 3.x future parser): typed parameters,
lambdas and iteration, lookup(), $facts/$trusted, heredocs, Puppet-language functions and
type aliases, if/case as values, type casts and type matches, method-call syntax,
unless/else, calls inside string interpolation, and trailing commas in function calls.
Ruby files under lib/ are checked for syntax newer than Ruby 1.9 (&., <<~).

Usage: python tools/puppet38_check.py PATH...   (files or folders; exit 1 on findings)
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

TYPES = ("String|Integer|Float|Numeric|Boolean|Array|Hash|Optional|Variant|Enum|Pattern|Regexp|"
         "Tuple|Struct|Undef|Any|Data|Scalar|Collection|Callable|Type|Sensitive|NotUndef|Default|"
         "Stdlib::\\w+|[A-Z]\\w*::[A-Z]\\w*")
ITERATORS = "each|map|filter|reduce|slice|with|step|reverse_each|lest|then|dig|tree_each"

# (rule name, regex over code with strings blanked and comments removed, message)
CODE_RULES: list[tuple[str, re.Pattern, str]] = [
    ("typed-parameter",
     re.compile(r"(?:\(|,)\s*(?:" + TYPES + r")(?:\[[^\]]*\])?\s+\$\w+"),
     "typed parameter (Puppet 4)"),
    ("lambda", re.compile(r"\|\s*\$\w+(?:\s*,\s*\$\w+)*\s*\|"), "lambda (Puppet 4 iteration)"),
    ("iteration", re.compile(r"(?:\.\s*|\b)(?:" + ITERATORS + r")\s*(?:\(|\|)"), "iteration function (Puppet 4)"),
    ("lookup", re.compile(r"\blookup\s*\("), "lookup() (Puppet 4; use hiera())"),
    ("facts-hash", re.compile(r"\$(?:facts|trusted|server_facts)\b"), "$facts/$trusted (Puppet 4; use $::fact)"),
    ("heredoc", re.compile(r"@\(\s*[\"']?\w"), "heredoc (Puppet 4)"),
    ("function-definition", re.compile(r"(?m)^\s*function\s+[\w:]+\s*\("), "Puppet-language function (Puppet 4)"),
    ("type-alias", re.compile(r"(?m)^\s*type\s+[A-Z][\w:]*\s*="), "type alias (Puppet 4)"),
    ("conditional-value", re.compile(r"=\s*(?:if|unless|case)\b"), "if/unless/case as a value (Puppet 4)"),
    ("type-cast", re.compile(r"\b(?:Integer|String|Boolean|Array|Hash|Numeric|Float)\s*\("), "type cast (Puppet 4)"),
    ("type-match", re.compile(r"=~\s*(?:" + TYPES + r")\b"), "match against a type (Puppet 4)"),
    ("method-call", re.compile(r"\$[a-z_:][\w:]*(?:\[[^\]]*\])*\.[a-z_]\w*"), "method-call syntax (Puppet 4)"),
    ("unless-else", re.compile(r"\bunless\b[^{]*\{(?:[^{}]|\{[^{}]*\})*\}\s*(?:else|elsif)\b"),
     "unless with else (Puppet 4)"),
    ("trailing-comma-call", re.compile(r"\b(?!class\b|define\b|node\b)[a-z_][\w:]*\((?:[^()]|\([^()]*\))*,\s*\)"),
     "trailing comma in a function call (Puppet 3 parse error)"),
    ("sensitive-deferred", re.compile(r"\b(?:Sensitive|Deferred)\b"), "Sensitive/Deferred (Puppet 4+)"),
]
INTERPOLATION_CALL = re.compile(r"\$\{\s*[a-z_][\w:]*\s*\(")
RUBY_RULES: list[tuple[str, re.Pattern, str]] = [
    ("ruby-safe-navigation", re.compile(r"\w&\.\w"), "safe navigation &. (Ruby 2.3)"),
    ("ruby-squiggly-heredoc", re.compile(r"<<~"), "squiggly heredoc <<~ (Ruby 2.3)"),
    ("ruby-keyword-args", re.compile(r"\bdef\s+\w+\s*\([^)]*\b\w+:\s*[^:)]"), "keyword arguments (Ruby 2.0)"),
]


@dataclass
class Finding:
    path: Path
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"


def blank_strings_and_comments(text: str) -> tuple[str, list[str]]:
    """Returns the code with string and regex contents replaced by spaces (newlines kept)
    and comments removed, and the list of double-quoted strings (for interpolation)."""
    out: list[str] = []
    doubles: list[str] = []
    i, n = 0, len(text)
    last_code = ""
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "/" and i + 1 < n and text[i + 1] == "*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join("\n" if ch == "\n" else " " for ch in text[i:j]))
            i = j
            continue
        if c in "'\"" or (c == "/" and re.search(r"(?:=~|!~|node)\s*$", last_code)):
            quote = c
            j = i + 1
            while j < n and text[j] != quote:
                j += 2 if text[j] == "\\" else 1
            body = text[i + 1:j]
            if quote == '"':
                doubles.append(body)
            out.append(quote + "".join("\n" if ch == "\n" else " " for ch in body) + quote)
            i = j + 1
            last_code = ""
            continue
        out.append(c)
        if not c.isspace():
            last_code = (last_code + c)[-8:]
        elif c == "\n":
            last_code = (last_code + " ")[-8:]
        i += 1
    return "".join(out), doubles


def check_puppet(path: Path, text: str) -> list[Finding]:
    code, doubles = blank_strings_and_comments(text)
    findings = []
    for rule, pattern, message in CODE_RULES:
        for m in pattern.finditer(code):
            findings.append(Finding(path, code.count("\n", 0, m.start()) + 1, rule, message))
    for body in doubles:
        if INTERPOLATION_CALL.search(body):
            line = text.count("\n", 0, max(text.find(body), 0)) + 1
            findings.append(Finding(path, line, "interpolated-call", "function call inside \"${...}\" (Puppet 4)"))
    return findings


def check_ruby(path: Path, text: str) -> list[Finding]:
    findings = []
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("#", 1)[0]
        for rule, pattern, message in RUBY_RULES:
            if pattern.search(code):
                findings.append(Finding(path, number, rule, message))
    return findings


def check_paths(paths: list[Path]) -> list[Finding]:
    findings: list[Finding] = []
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for f in files:
            if "spec" in f.parts:
                continue  # specs run on the test host's Puppet and Ruby, not on nodes
            if f.suffix == ".pp":
                findings += check_puppet(f, f.read_text())
            elif f.suffix == ".rb":
                findings += check_ruby(f, f.read_text())
    return findings


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    missing = [p for p in argv if not Path(p).exists()]
    if missing:
        print(f"puppet38_check: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    findings = check_paths([Path(p) for p in argv])
    for finding in findings:
        print(finding)
    print(f"puppet38_check: {len(findings)} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
