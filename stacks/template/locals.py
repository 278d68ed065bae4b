"""The Locals section: ``Macro`` (substituted where referenced, then evaluated there) and ``Eval``
(evaluated once from Parameters and other Locals).  ``DATASOURCE::*`` locals are not emulated."""
from __future__ import annotations

from typing import Any, Iterable

from .errors import InvalidTemplate, InvalidTemplateReference, NotSupported, StackValidationFailed, TemplateError
from .functions import NO_VALUE, ResolveContext, iter_references, parse, resolve_value

MAX_NESTING = 5


class Locals:
    """Parsed locals; ``value(name, ctx)`` resolves one."""

    def __init__(self, section: Any, taken: Iterable[str]) -> None:
        self.kinds: dict[str, str] = {}
        self.trees: dict[str, Any] = {}
        self.errors: list[TemplateError] = []
        self._cache: dict[str, Any] = {}
        self._active: list[str] = []
        self.failed: set[str] = set()      # names whose definition was refused (no cascading errors)
        if section is None:
            return
        if not isinstance(section, dict):
            self.errors.append(StackValidationFailed("Locals", reason="The Locals section must be a map"))
            return
        taken = set(taken)
        for name, definition in section.items():
            try:
                self._add(name, definition, taken)
            except TemplateError as exc:
                self.errors.append(exc)
                self.failed.add(name)

    def _add(self, name: str, definition: Any, taken: set[str]) -> None:
        path = f"Locals.{name}"
        if name in taken:
            raise StackValidationFailed(path, reason=f"Local {name} clashes with a parameter or resource name")
        if not isinstance(definition, dict):
            raise StackValidationFailed(path, reason=f"Local {name} must be a map")
        kind = definition.get("Type", "Macro")
        if isinstance(kind, str) and kind.startswith("DATASOURCE::"):
            raise NotSupported(f"{path}.Type", feature=f"Data source local {name} of type {kind} (not emulated)")
        if kind not in ("Macro", "Eval"):
            raise StackValidationFailed(f"{path}.Type", reason=f"Local {name} has an invalid Type {kind!r}")
        if "Value" not in definition:
            raise StackValidationFailed(path, reason=f"Local {name} of type {kind} requires a Value")
        self.kinds[name] = kind
        self.trees[name] = parse(definition["Value"], f"{path}.Value", None, "Locals")

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.trees)

    def check_references(self, parameters: Iterable[str], everything: Iterable[str]) -> None:
        """Eval locals may use Parameters and Locals only; Macro locals anything a resource may."""
        eval_ok = set(parameters) | set(self.trees) | self.failed
        macro_ok = set(everything) | set(self.trees) | self.failed
        for name, tree in self.trees.items():
            allowed = eval_ok if self.kinds[name] == "Eval" else macro_ok
            for ref in iter_references(tree):
                target = ref[0] if isinstance(ref, tuple) else ref
                if target in self.failed:
                    continue
                if target not in allowed or (isinstance(ref, tuple) and self.kinds[name] == "Eval"):
                    self.errors.append(InvalidTemplateReference(f"Locals.{name}", name=target, referencer=f"Locals.{name}"))

    def references_of(self, name: str) -> set[Any]:
        """Everything a local needs, following other locals."""
        out: set[Any] = set()
        stack, seen = [name], set()
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            for ref in iter_references(self.trees[current]):
                if isinstance(ref, str) and ref in self.trees:
                    stack.append(ref)
                else:
                    out.add(ref)
        return out

    def value(self, name: str, path: str, ctx: ResolveContext) -> Any:
        if name in self._cache:
            return self._cache[name]
        if name in self._active:
            raise InvalidTemplate(f"Locals.{name}", reason=f"Circular local reference: {' -> '.join(self._active + [name])}")
        if len(self._active) >= MAX_NESTING:
            raise InvalidTemplate(f"Locals.{name}", reason=f"Locals nest deeper than {MAX_NESTING} levels")
        self._active.append(name)
        try:
            result = resolve_value(self.trees[name], ctx)
        finally:
            self._active.pop()
        if self.kinds[name] == "Eval":
            self._cache[name] = result
        return NO_VALUE if result is NO_VALUE else result
