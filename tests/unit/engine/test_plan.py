from __future__ import annotations

from stacks.engine.plan import Action, ResourceSpec, classify, diff, is_noop

REPLACE = {"T": {"Name"}, "U": set()}


def props(type_):
    return REPLACE.get(type_, set())


def test_diff_classifies_every_kind_of_change():
    old = {"same": ResourceSpec("T", {"A": 1}), "edit": ResourceSpec("T", {"A": 1}),
           "rename": ResourceSpec("T", {"Name": "x"}), "gone": ResourceSpec("T", {})}
    new = {"same": ResourceSpec("T", {"A": 1}), "edit": ResourceSpec("T", {"A": 2}),
           "rename": ResourceSpec("T", {"Name": "y"}), "added": ResourceSpec("T", {"A": 1})}
    result = diff(old, new, props)
    assert {k: c.action for k, c in result.items()} == {
        "same": Action.NONE, "edit": Action.MODIFY, "rename": Action.REPLACE, "added": Action.ADD,
        "gone": Action.REMOVE}
    assert result["rename"].replace_causes == ("Name",)
    assert result["edit"].changed == ("A",)
    assert list(result) == ["same", "edit", "rename", "added", "gone"]


def test_removed_and_added_properties_count_as_changes():
    change = classify("r", ResourceSpec("T", {"A": 1}), ResourceSpec("T", {"B": 1}), props)
    assert change.action is Action.MODIFY and change.changed == ("A", "B")


def test_type_change_is_a_replacement():
    change = classify("r", ResourceSpec("T", {}), ResourceSpec("U", {}), props)
    assert change.action is Action.REPLACE and change.replace_causes == ("Type",)


def test_taint_replaces_an_unchanged_resource():
    result = diff({"r": ResourceSpec("T", {})}, {"r": ResourceSpec("T", {})}, props, taint=["r"])
    assert result["r"].action is Action.REPLACE and result["r"].tainted


def test_replacement_is_decided_by_the_declarations_only():
    change = classify("r", ResourceSpec("U", {"Name": 1}), ResourceSpec("U", {"Name": 2}), props)
    assert change.action is Action.MODIFY


def test_noop_only_when_nothing_changes():
    assert is_noop(diff({"a": ResourceSpec("T", {})}, {"a": ResourceSpec("T", {})}, props))
    assert not is_noop(diff({}, {"a": ResourceSpec("T", {})}, props))


def test_plan_module_imports_no_django():
    import ast
    import inspect

    from stacks.engine import plan, states

    for module in (plan, states):
        tree = ast.parse(inspect.getsource(module))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.startswith(("django", "stacks.models", "rosconsole"))], module
