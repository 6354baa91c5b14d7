"""The contract between the fuel-qa backend (tests/system/backends/fuelqa.py) and fuel-qa.

analyze() reads the backend with `ast` and finds every use of a fuel-qa object: names
imported from fuelweb_test or devops, the attributes the backend keeps them in (self.test,
self.env, ...), local variables and its own helpers' results that hold them. Each call is
resolved to a fuel-qa function, method or class and bound to its recorded signature
(tests/system/fuelqa_signatures.json) the way Python would bind it; each attribute must
be recorded. A call or attribute without a recorded signature is a problem, so a new
call cannot slip past the test.

The signatures are data read from fuel-qa's own source (stable/mitaka, and fuel-devops
release/2.9 which it requires) by `record`, never copied code:

    python tests/fuelqa_contract.py record --fuel-qa <git dir> --fuel-qa-ref mitaka-eol \\
        --devops <git dir> --devops-ref origin/release/2.9

What fuel-qa calls return, and which attributes hold which fuel-qa objects, cannot be read
from signatures: TYPES below says it, each with where in fuel-qa it was read."""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from project import ROOT

BACKEND = ROOT / "tests" / "system" / "backends" / "fuelqa.py"
SIGNATURES = ROOT / "tests" / "system" / "fuelqa_signatures.json"
PREFIXES = ("fuelweb_test", "devops")

FWC = "fuelweb_test.models.fuel_web_client.FuelWebClient29"
# Attributes that hold fuel-qa objects (or plain values: type None), and what calls
# return, as read in fuel-qa stable/mitaka and fuel-devops release/2.9.
TYPES: dict[str, dict[str, Any]] = {
    "attributes": {
        "fuelweb_test.tests.base_test_case.TestBasic.env": (
            "fuelweb_test.models.environment.EnvironmentModel",
            "base_test_case.py: property env returns EnvironmentModel(self._devops_config)"),
        "fuelweb_test.tests.base_test_case.TestBasic.ssh_manager": (
            "fuelweb_test.helpers.ssh_manager.SSHManager",
            "base_test_case.py: property ssh_manager returns SSHManager()"),
        "fuelweb_test.tests.base_test_case.TestBasic.fuel_web": (
            FWC, "base_test_case.py: property fuel_web returns self.env.fuel_web"),
        "fuelweb_test.models.environment.EnvironmentModel.fuel_web": (
            FWC, "environment.py: property fuel_web returns FuelWebClient(self); fuel_web_client.py binds "
                 "FuelWebClient = FuelWebClient29 under fuel-devops < 3 (requirements: release/2.9)"),
        "fuelweb_test.models.environment.EnvironmentModel.ssh_manager": (
            "fuelweb_test.helpers.ssh_manager.SSHManager",
            "environment.py: __init__ sets self.ssh_manager = SSHManager()"),
        f"{FWC}.client": (
            "fuelweb_test.models.nailgun_client.NailgunClient",
            "fuel_web_client.py: __init__ sets self.client = NailgunClient(session=...)"),
        "fuelweb_test.helpers.ssh_manager.SSHManager.admin_ip": (
            None, "ssh_manager.py: __init__ sets self.admin_ip, initialize() the address"),
    },
    "returns": {
        f"{FWC}.get_devops_node_by_nailgun_node": (
            "devops.models.node.Node", "fuel_web_client.py: ':rtype: Node or None' (get_devops_node_by_mac)"),
    },
}


# --- the analysis -------------------------------------------------------------------


@dataclass
class Call:
    line: int
    target: str          # qualified name of the function, method or class called
    source: str          # the call as written


@dataclass
class Report:
    calls: list[Call] = field(default_factory=list)
    attributes: set[str] = field(default_factory=set)   # qualified attributes used
    problems: list[str] = field(default_factory=list)


def signature(params: list[str]) -> inspect.Signature:
    """An inspect.Signature from recorded parameters: "name", "name=" (has a default),
    "*name", "**name"."""
    out = []
    for text in params:
        if text.startswith("**"):
            out.append(inspect.Parameter(text[2:], inspect.Parameter.VAR_KEYWORD))
        elif text.startswith("*"):
            out.append(inspect.Parameter(text[1:], inspect.Parameter.VAR_POSITIONAL))
        else:
            name = text.rstrip("=")
            out.append(inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                         default=None if text.endswith("=") else inspect.Parameter.empty))
    return inspect.Signature(out)


class Analysis:
    """Types are strings: module:<name>, class:<name>, instance:<name>, function:<name>,
    method:<class>.<name>, own:<method of the backend class>, or None (not fuel-qa's)."""

    def __init__(self, tree: ast.Module, data: dict[str, Any], source: str) -> None:
        self.tree = tree
        self.data = data
        self.source = source
        self.report = Report()
        self.names: dict[str, str] = {}
        self.self_attrs: dict[str, str] = {}
        self.own_returns: dict[str, str | None] = {}
        self.classes: list[ast.ClassDef] = [n for n in tree.body if isinstance(n, ast.ClassDef)]

    # where things are recorded
    def cls(self, name: str) -> dict[str, Any] | None:
        return self.data["classes"].get(name)

    def problem(self, node: ast.AST, text: str) -> None:
        self.report.problems.append(f"line {node.lineno}: {ast.get_source_segment(self.source, node)}: {text}")

    def imports(self) -> None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in PREFIXES:
                for alias in node.names:
                    qual = f"{node.module}.{alias.name}"
                    kind = self.kind_of(qual)
                    if kind is None:
                        self.problem(node, f"{qual} is imported but not recorded")
                    else:
                        self.names[alias.asname or alias.name] = kind
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in PREFIXES:
                        self.problem(node, f"import {alias.name}: use `from ... import ...` of recorded names")

    def kind_of(self, qual: str) -> str | None:
        if qual in self.data["modules"]:
            return f"module:{qual}"
        if qual in self.data["classes"]:
            return f"class:{qual}"
        module, _, name = qual.rpartition(".")
        if name in self.data["modules"].get(module, {}).get("functions", {}):
            return f"function:{qual}"
        return None

    # types of expressions
    def type_of(self, node: ast.AST, scope: dict[str, str | None]) -> str | None:
        if isinstance(node, ast.Name):
            if node.id in scope:
                return scope[node.id]
            if node.id == "self":
                return "self"
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            return self.member(self.type_of(node.value, scope), node.attr, node)
        if isinstance(node, ast.Call):
            called = self.type_of(node.func, scope)
            if called is None:
                return None
            kind, _, name = called.partition(":")
            if kind == "class":
                return f"instance:{name}"
            if kind in ("method", "function"):
                found = self.data["returns"].get(name)
                return f"instance:{found['type']}" if found and found["type"] else None
            if kind == "own":
                return self.own_returns.get(name)
        return None

    def member(self, owner: str | None, attr: str, node: ast.AST | None) -> str | None:
        """The type of owner.attr; a problem (when node is given) for a fuel-qa object's
        member that is not recorded."""
        if owner is None:
            return None
        if owner == "self":
            if attr in self.self_attrs:
                return self.self_attrs[attr]
            if any(isinstance(f, ast.FunctionDef) and f.name == attr for c in self.classes for f in c.body):
                return f"own:{attr}"
            return None
        kind, _, name = owner.partition(":")
        if kind == "module":
            found = self.kind_of(f"{name}.{attr}")
            if found is None and node is not None:
                self.problem(node, f"{name}.{attr} is not recorded")
            return found
        if kind == "instance":
            recorded = self.cls(name)
            if recorded is None:
                return None
            if attr in recorded["methods"]:
                return f"method:{name}.{attr}"
            if attr in recorded["attributes"]:
                self.report.attributes.add(f"{name}.{attr}")
                found = recorded["attributes"][attr]["type"]
                return f"instance:{found}" if found else None
            if node is not None:
                self.problem(node, f"{name} has no recorded method or attribute {attr!r}")
            return None
        if kind in ("class", "function", "method", "own") and node is not None:
            self.problem(node, f"attribute {attr!r} of {owner}: not recorded")
        return None

    def infer_self(self) -> None:
        """self.<attr> types from every assignment in the backend's methods, and its own
        methods' return types, until nothing changes."""
        for _ in range(5):
            before = (dict(self.self_attrs), dict(self.own_returns))
            for cls in self.classes:
                for func in (f for f in cls.body if isinstance(f, ast.FunctionDef)):
                    scope = self.local_scope(func)
                    for node in ast.walk(func):
                        if isinstance(node, ast.Assign):
                            for target in node.targets:
                                if (isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                                        and target.value.id == "self"):
                                    found = self.type_of(node.value, scope)
                                    if found is not None:
                                        self.self_attrs[target.attr] = found
                    returned = {self.type_of(n.value, scope) for n in ast.walk(func)
                                if isinstance(n, ast.Return) and n.value is not None}
                    if len(returned) == 1:
                        self.own_returns[func.name] = returned.pop()
            if (self.self_attrs, self.own_returns) == before:
                return

    def local_scope(self, func: ast.FunctionDef) -> dict[str, str | None]:
        """Local names of func typed by their (last) plain assignment."""
        scope: dict[str, str | None] = {}
        for node in ast.walk(func):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        scope[target.id] = self.type_of(node.value, scope)
        return scope

    def check_calls(self) -> None:
        for cls in self.classes:
            for func in (f for f in cls.body if isinstance(f, ast.FunctionDef)):
                scope = self.local_scope(func)
                for node in ast.walk(func):
                    if isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Store):
                        self.member(self.type_of(node.value, scope), node.attr, node)
                    if isinstance(node, ast.Call):
                        self.check_call(node, scope)
        for node in self.tree.body:  # module-level functions
            if isinstance(node, ast.FunctionDef):
                for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
                    self.check_call(call, {})

    def check_call(self, node: ast.Call, scope: dict[str, str | None]) -> None:
        called = self.type_of(node.func, scope)
        if called is None or called == "self":
            return
        kind, _, name = called.partition(":")
        if kind in ("own", "instance", "module"):
            return
        if kind == "method":
            owner, _, method = name.rpartition(".")
            recorded = self.cls(owner)["methods"][method]
            params = recorded["params"] if recorded.get("static") else recorded["params"][1:]
        elif kind == "function":
            module, _, function = name.rpartition(".")
            params = self.data["modules"][module]["functions"][function]["params"]
        elif kind == "class":
            params = self.cls(name)["constructor"]["params"][1:]
        else:
            return
        text = ast.get_source_segment(self.source, node)
        self.report.calls.append(Call(node.lineno, name, text))
        if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
            self.problem(node, "a call to fuel-qa with *args or **kwargs cannot be checked: pass arguments explicitly")
            return
        try:
            signature(params).bind(*[None] * len(node.args), **{k.arg: None for k in node.keywords})
        except TypeError as exc:
            self.problem(node, f"does not fit {name}{signature(params)}: {exc}")


def analyze(source: str, data: dict[str, Any]) -> Report:
    analysis = Analysis(ast.parse(source), data, source)
    analysis.imports()
    analysis.infer_self()
    analysis.check_calls()
    return analysis.report


def load() -> dict[str, Any]:
    return json.loads(SIGNATURES.read_text())


# --- recording the signatures from fuel-qa's source -----------------------------------


def git_show(git_dir: Path, ref: str, path: str) -> str:
    text = subprocess.run(["git", "-C", str(git_dir), "show", f"{ref}:{path}"], capture_output=True, text=True,
                          check=True).stdout
    # fuel-devops 2.9 and fuel-qa 9.x are Python 2: `await` was a name then.
    return re.sub(r"\bawait\b", "await_", text)


def params_of(func: ast.FunctionDef) -> list[str]:
    """The parameters as signature() reads them (Python 2 code has no keyword-only ones)."""
    args = func.args
    if args.kwonlyargs or args.posonlyargs:
        raise SystemExit(f"{func.name}: keyword-only or positional-only parameters in Python 2 code?")
    plain = [a.arg for a in args.args]
    first_default = len(plain) - len(args.defaults)
    out = [name + ("=" if i >= first_default else "") for i, name in enumerate(plain)]
    if args.vararg:
        out.append("*" + args.vararg.arg)
    if args.kwarg:
        out.append("**" + args.kwarg.arg)
    return out


def entry(func: ast.FunctionDef, path: str) -> dict[str, Any]:
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in func.decorator_list)
    out: dict[str, Any] = {"params": params_of(func), "file": path, "line": func.lineno}
    if static:
        out["static"] = True
    return out


def is_property(func: ast.FunctionDef) -> bool:
    return any((isinstance(d, ast.Name) and d.id == "property") or (isinstance(d, ast.Attribute) and d.attr == "setter")
               for d in func.decorator_list)


class Source:
    """fuel-qa's and fuel-devops's files at their recorded commits."""

    def __init__(self, repos: dict[str, tuple[Path, str]]) -> None:
        self.repos = repos   # top package -> (git dir, ref)
        self.trees: dict[str, tuple[ast.Module, str]] = {}

    def module(self, name: str) -> tuple[ast.Module, str] | None:
        if name not in self.trees:
            git_dir, ref = self.repos[name.split(".", maxsplit=1)[0]]
            for path in (name.replace(".", "/") + ".py", name.replace(".", "/") + "/__init__.py"):
                try:
                    self.trees[name] = (ast.parse(git_show(git_dir, ref, path)), path)
                    break
                except subprocess.CalledProcessError:
                    continue
            else:
                return None
        return self.trees[name]

    def find(self, qual: str) -> tuple[str, Any, str] | None:
        """('module' | 'class' | 'function', node, file) of a qualified name."""
        if self.module(qual) is not None:
            tree, path = self.module(qual)
            return "module", tree, path
        module, _, name = qual.rpartition(".")
        found = self.module(module)
        if found is None:
            return None
        tree, path = found
        for node in tree.body:
            if isinstance(node, ast.ClassDef) and node.name == name:
                return "class", node, path
            if isinstance(node, ast.FunctionDef) and node.name == name:
                return "function", node, path
        return None

    def class_entry(self, qual: str) -> dict[str, Any]:
        kind, node, path = self.find(qual)
        assert kind == "class", qual
        methods = {}
        for base in (b.id for b in node.bases if isinstance(b, ast.Name) and b.id != "object"):
            # A base in the same module (FuelWebClient30(FuelWebClient29), ...); methods of
            # other bases are not recorded, so a call to one fails the contract test.
            found = self.find(f"{qual.rpartition('.')[0]}.{base}")
            if found is not None and found[0] == "class":
                methods.update(self.class_entry(f"{qual.rpartition('.')[0]}.{base}")["methods"])
        methods.update({f.name: entry(f, path) for f in node.body
                        if isinstance(f, ast.FunctionDef) and not is_property(f)})
        return {"file": path, "line": node.lineno, "methods": methods,
                "constructor": methods.get("__init__", {"params": ["self"], "file": path, "line": node.lineno}),
                "attributes": {}}

    def has_attribute(self, qual: str, attr: str) -> bool:
        """A property, or an attribute some method of the class assigns to self."""
        _, node, _ = self.find(qual)
        for func in (f for f in node.body if isinstance(f, ast.FunctionDef)):
            if func.name == attr:
                return any(isinstance(d, ast.Name) and d.id == "property" for d in func.decorator_list)
            for sub in ast.walk(func):
                if (isinstance(sub, ast.Attribute) and isinstance(sub.ctx, ast.Store) and sub.attr == attr
                        and isinstance(sub.value, ast.Name) and sub.value.id == "self"):
                    return True
        return False


def record(repos: dict[str, tuple[Path, str]], about: dict[str, Any]) -> dict[str, Any]:
    """Every signature the backend uses, read from the sources at their refs."""
    source = Source(repos)
    backend_source = BACKEND.read_text()
    tree = ast.parse(backend_source)
    data: dict[str, Any] = {"sources": about, "modules": {}, "classes": {}, "returns": {}}
    imported = [f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
                and n.module.split(".")[0] in PREFIXES for a in n.names]
    classes = {q.rpartition(".")[0] for q in TYPES["attributes"]} | {
        t for t, _ in TYPES["attributes"].values() if t} | {t for t, _ in TYPES["returns"].values()}
    for qual in imported:
        kind, node, path = source.find(qual)
        if kind == "module":
            data["modules"][qual] = {"file": path, "functions": {
                f.name: entry(f, path) for f in node.body if isinstance(f, ast.FunctionDef)}}
        elif kind == "class":
            classes.add(qual)
        else:
            module = qual.rpartition(".")[0]
            data["modules"].setdefault(module, {"file": path, "functions": {}})["functions"][node.name] = \
                entry(node, path)
    for qual in sorted(classes):
        data["classes"][qual] = source.class_entry(qual)
    for qual, (kind, evidence) in TYPES["attributes"].items():
        owner, _, attr = qual.rpartition(".")
        if not source.has_attribute(owner, attr):
            raise SystemExit(f"{qual}: no such property or attribute in the source")
        data["classes"][owner]["attributes"][attr] = {"type": kind, "evidence": evidence}
    for qual, (kind, evidence) in TYPES["returns"].items():
        data["returns"][qual] = {"type": kind, "evidence": evidence}
    # Keep only what the backend uses.
    report = analyze(backend_source, data)
    if report.problems:
        raise SystemExit("the backend does not fit fuel-qa:\n" + "\n".join(report.problems))
    used = {c.target for c in report.calls} | report.attributes
    for qual, module in data["modules"].items():
        module["functions"] = {n: f for n, f in module["functions"].items() if f"{qual}.{n}" in used}
    for qual, cls in data["classes"].items():
        cls["methods"] = {n: m for n, m in cls["methods"].items() if f"{qual}.{n}" in used}
        cls["attributes"] = {n: a for n, a in cls["attributes"].items() if f"{qual}.{n}" in used}
    return data


def commit_of(git_dir: Path, ref: str) -> dict[str, str]:
    out = subprocess.run(["git", "-C", str(git_dir), "log", "-1", "--format=%H %cI", ref], capture_output=True,
                         text=True, check=True).stdout.split()
    return {"commit": out[0], "committed": out[1]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="record fuel-qa's signatures the fuel-qa backend uses")
    p.add_argument("command", choices=["record"])
    p.add_argument("--fuel-qa", type=Path, required=True, help="a git directory of openstack/fuel-qa")
    p.add_argument("--fuel-qa-ref", default="mitaka-eol")
    p.add_argument("--devops", type=Path, required=True, help="a git directory of openstack/fuel-devops")
    p.add_argument("--devops-ref", default="origin/release/2.9")
    args = p.parse_args(argv)
    about = {
        "fuel-qa": {"repository": "https://github.com/openstack/fuel-qa", "branch": "stable/mitaka",
                    "ref": args.fuel_qa_ref, **commit_of(args.fuel_qa, args.fuel_qa_ref),
                    "note": "mitaka-eol tags the last commit of stable/mitaka, retired in 2017"},
        "fuel-devops": {"repository": "https://github.com/openstack/fuel-devops", "branch": "release/2.9",
                        "ref": args.devops_ref, **commit_of(args.devops, args.devops_ref),
                        "why": "fuel-qa stable/mitaka requires it (fuelweb_test/requirements-devops-source.txt)"},
    }
    data = record({"fuelweb_test": (args.fuel_qa, args.fuel_qa_ref), "devops": (args.devops, args.devops_ref)},
                  about)
    SIGNATURES.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    calls = sum(len(m["functions"]) for m in data["modules"].values()) + sum(
        len(c["methods"]) for c in data["classes"].values())
    print(f"{SIGNATURES}: {calls} functions and methods")
    return 0


if __name__ == "__main__":
    sys.exit(main())
