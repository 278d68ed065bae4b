"""The Conditions section: parsed once, evaluated once (lazily, so conditions may use each other)."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from .errors import InvalidTemplate, InvalidTemplateReference, StackValidationFailed, TemplateError
from .functions import CONDITIONS_SECTION_FUNCTIONS, Intrinsic, ResolveContext, iter_references, parse
from .functions.conditions import truth


class Conditions:
    """Holds parsed conditions; ``evaluate(ctx)`` gives ``{name: bool}``."""

    def __init__(self, section: Any, ref_names: Iterable[str]) -> None:
        self.trees: dict[str, Any] = {}
        self.errors: list[TemplateError] = []
        if section is None:
            return
        if not isinstance(section, dict):
            self.errors.append(StackValidationFailed("Conditions", reason="The Conditions section must be a map"))
            return
        allowed_refs = set(ref_names)
        for name, expression in section.items():
            path = f"Conditions.{name}"
            try:
                tree = parse(expression, path, CONDITIONS_SECTION_FUNCTIONS, "Conditions")
                self._check_refs(tree, allowed_refs, path)
                self.trees[name] = tree
            except TemplateError as exc:
                self.errors.append(exc)

    def _check_refs(self, tree: Any, allowed: set[str], path: str) -> None:
        for ref in iter_references(tree):
            if isinstance(ref, tuple) or ref not in allowed:
                name = ref[0] if isinstance(ref, tuple) else ref
                raise InvalidTemplateReference(path, name=name, referencer=path)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self.trees

    def evaluate(self, ctx: ResolveContext, lenient: bool = False) -> dict[str, bool]:
        """Every condition's value; with ``lenient`` a condition that fails to evaluate is False."""
        values: dict[str, bool] = {}
        active: list[str] = []

        def lookup(name: str, path: str) -> bool:
            if name in values:
                return values[name]
            if name not in self.trees:
                raise InvalidTemplateReference(path, name=name, referencer="Conditions")
            if name in active:
                raise InvalidTemplate(f"Conditions.{name}", reason=f"Circular condition reference: {' -> '.join(active + [name])}")
            active.append(name)
            try:
                values[name] = self._evaluate_one(name, ctx, lenient)
            finally:
                active.pop()
            return values[name]

        ctx.conditions = lookup
        for name in self.trees:
            try:
                lookup(name, f"Conditions.{name}")
            except TemplateError as exc:
                if not lenient:
                    self.errors.append(exc)
                values.setdefault(name, False)
        return values

    def _evaluate_one(self, name: str, ctx: ResolveContext, lenient: bool) -> bool:
        tree = self.trees[name]
        path = f"Conditions.{name}"
        try:
            value = truth(_Holder(None, path), tree, ctx, path)
        except TemplateError:
            if lenient:
                return False
            raise
        return bool(value)


class _Holder(Intrinsic):
    """Error reporter for a condition expression that is not a function."""

    name = "Condition"


def condition_checker(conditions: Conditions) -> Callable[[str, str], None]:
    """Raise InvalidTemplateReference for a condition name that is not defined."""
    def check(name: Any, path: str) -> None:
        if not isinstance(name, str) or name not in conditions:
            raise InvalidTemplateReference(path, name=str(name), referencer=path)
    return check
