"""Task and restriction conditions as Fuel 9 evaluates them.

Two forms exist: yaql expressions (``condition: {yaql_exp: ...}``) evaluated against the
node's serialized data, with Fuel's changed()/changedAny()/added() helpers, and the legacy
string form (``"settings:additional_components.ceilometer.value == false"``) evaluated
against the environment's settings and cluster attributes.
"""

from __future__ import annotations

import collections.abc  # noqa: F401  yaql 3.2 uses collections.abc without importing it
import functools
import re
from typing import Any

import yaql
from yaql.language import specs, yaqltypes

from .errors import ConditionError

_ABSENT = object()


def _changed_functions(old: Any) -> list:
    """Fuel's change helpers. With no previous deployment everything counts as changed."""

    def changed_one(expr: Any, new: Any) -> bool:
        if old is None:
            return True
        try:
            before = expr(old)
        except Exception:
            return True
        return before != expr(new)

    @specs.parameter("exprs", yaqltypes.Lambda())
    @specs.inject("new", yaqltypes.Context())
    @specs.name("changedAny")
    def changed_any(new: Any, *exprs: Any) -> bool:
        data = new["$"]
        return any(changed_one(e, data) for e in exprs)

    @specs.parameter("exprs", yaqltypes.Lambda())
    @specs.inject("new", yaqltypes.Context())
    @specs.name("changedAll")
    def changed_all(new: Any, *exprs: Any) -> bool:
        data = new["$"]
        return all(changed_one(e, data) for e in exprs)

    @specs.parameter("expr", yaqltypes.Lambda())
    @specs.inject("new", yaqltypes.Context())
    @specs.name("changed")
    def changed(new: Any, expr: Any) -> bool:
        return changed_one(expr, new["$"])

    @specs.parameter("expr", yaqltypes.Lambda())
    @specs.inject("new", yaqltypes.Context())
    @specs.name("added")
    def added(new: Any, expr: Any) -> bool:
        if old is None:
            return True
        try:
            return expr(old) is None and expr(new["$"]) is not None
        except Exception:
            return True

    return [changed_any, changed_all, changed, added]


_ENGINE = yaql.factory.YaqlFactory().create()
# yaql's standard library, registered once: building it takes far longer than evaluating
# a condition. Each evaluation registers its change helpers in a child context of its own.
_STANDARD_CONTEXT = yaql.create_context()


@functools.lru_cache(maxsize=256)
def _parsed(expression: str) -> Any:
    """The parsed expression; a graph has a few conditions, evaluated on every node."""
    return _ENGINE(expression)


def evaluate_yaql(expression: str, data: dict, old: dict | None = None) -> bool:
    """Evaluates a task's yaql condition against one node's data."""
    context = _STANDARD_CONTEXT.create_child_context()
    for function in _changed_functions(None if old is None else yaql.utils.convert_input_data(old)):
        context.register_function(function)
    try:
        parsed = _parsed(expression)
    except Exception as exc:
        raise ConditionError(f"cannot parse yaql condition {expression!r}: {exc}") from exc
    try:
        return bool(parsed.evaluate(data=data, context=context))
    except Exception as exc:
        raise ConditionError(f"cannot evaluate yaql condition {expression!r}: {exc}") from exc


_TOKEN = re.compile(
    r"\s*(?:(?P<op>==|!=|\(|\))|(?P<word>and\b|or\b|not\b|in\b)"
    r"|(?P<string>'[^']*'|\"[^\"]*\")|(?P<number>-?\d+(?:\.\d+)?)"
    r"|(?P<const>true\b|false\b|null\b)"
    r"|(?P<ref>[a-z_]+:[A-Za-z0-9_.\-]+))"
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ConditionError(f"cannot parse condition {text!r} at {text[pos:]!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return out


class _Legacy:
    """Recursive descent over: expr := and ('or' and)*; and := not ('and' not)*;
    not := 'not' not | cmp; cmp := atom (('=='|'!='|'in') atom)?"""

    def __init__(self, text: str, models: dict[str, Any], strict: bool = True) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.pos = 0
        self.models = models
        self.strict = strict

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise ConditionError(f"condition {self.text!r} ends too early")
        self.pos += 1
        return token

    def parse(self) -> bool:
        value = self.expr()
        if self.peek() is not None:
            raise ConditionError(f"unexpected {self.peek()[1]!r} in condition {self.text!r}")
        return bool(value)

    def expr(self) -> Any:
        value = self.conj()
        while self.peek() == ("word", "or"):
            self.take()
            right = self.conj()
            value = value or right
        return value

    def conj(self) -> Any:
        value = self.neg()
        while self.peek() == ("word", "and"):
            self.take()
            right = self.neg()
            value = value and right
        return value

    def neg(self) -> Any:
        if self.peek() == ("word", "not"):
            self.take()
            return not self.neg()
        return self.cmp()

    def cmp(self) -> Any:
        left = self.atom()
        token = self.peek()
        if token in (("op", "=="), ("op", "!="), ("word", "in")):
            self.take()
            right = self.atom()
            if token[1] == "==":
                return left == right
            if token[1] == "!=":
                return left != right
            return right is not None and left in right
        return left

    def atom(self) -> Any:
        kind, text = self.take()
        if kind == "op" and text == "(":
            value = self.expr()
            if self.take() != ("op", ")"):
                raise ConditionError(f"missing ')' in condition {self.text!r}")
            return value
        if kind == "string":
            return text[1:-1]
        if kind == "number":
            return float(text) if "." in text else int(text)
        if kind == "const":
            return {"true": True, "false": False, "null": None}[text]
        if kind == "ref":
            model, path = text.split(":", 1)
            if model not in self.models:
                raise ConditionError(f"unknown model {model!r} in condition {self.text!r}")
            value: Any = self.models[model]
            for part in path.split("."):
                value = value.get(part, _ABSENT) if isinstance(value, dict) else _ABSENT
                if value is _ABSENT:
                    if not self.strict:
                        return None  # `strict: false`: a missing setting (another plugin's) is undefined
                    raise ConditionError(f"{text} does not exist (condition {self.text!r})")
            return value
        raise ConditionError(f"unexpected {text!r} in condition {self.text!r}")


def evaluate_legacy(expression: str, models: dict[str, Any], strict: bool = True) -> bool:
    """Evaluates a legacy string condition; models maps 'settings', 'cluster', ... to dicts.
    Strict (Fuel's default) refuses a path that does not exist; a restriction with
    `strict: false` sees it as undefined, so that a comparison with it is false."""
    return _Legacy(expression, models, strict).parse()


def evaluate(condition: Any, data: dict, models: dict[str, Any], old: dict | None = None) -> bool:
    """A task's condition in either form; no condition holds."""
    if condition is None:
        return True
    if isinstance(condition, dict) and "yaql_exp" in condition:
        return evaluate_yaql(condition["yaql_exp"], data, old)
    if isinstance(condition, str):
        return evaluate_legacy(condition, models)
    if isinstance(condition, bool):
        return condition
    raise ConditionError(f"condition of unknown form: {condition!r}")
