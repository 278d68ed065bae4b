"""plan.explain: Details (ChangeSource, CausingEntity, Evaluation, Target) and Replacement True|False|Conditional.

Spec §6 change sets: Always+Static -> True, Always+Dynamic -> Conditional, the strongest detail wins.
"""
from __future__ import annotations

from stacks.engine.plan import (ALWAYS, CONDITIONALLY, DYNAMIC, NEVER, STATIC, Action, Detail, ResourceSpec, diff,
                                explain, strongest)

REPLACE = {"T": {"update_replace"}}


def props(type_):
    return REPLACE.get(type_, set())


def run(old, new, refs, changed_parameters=(), modified=None, taint=()):
    """old/new: {lid: props}; refs: {lid: {prop: [references]}} for the new template (type T everywhere)."""
    changes = diff({k: ResourceSpec("T", v) for k, v in old.items()},
                   {k: ResourceSpec("T", v) for k, v in new.items()}, props, taint)
    return explain(changes, list(new), {k: "T" for k in new}, refs, props, changed_parameters, modified)


def sources(change):
    return [(d.name, d.change_source, d.causing_entity, d.evaluation, d.requires_recreation) for d in change.details]


def test_detail_replacement_follows_recreation_and_evaluation():
    assert Detail("p", "DirectModification", STATIC, ALWAYS).replacement == "True"
    assert Detail("p", "ResourceReference", DYNAMIC, ALWAYS).replacement == "Conditional"
    assert Detail("p", "DirectModification", STATIC, CONDITIONALLY).replacement == "Conditional"
    assert Detail("p", "DirectModification", STATIC, NEVER).replacement == "False"
    assert Detail("p", "ResourceAttribute", DYNAMIC, NEVER).replacement == "False"


def test_strongest_flag_wins():
    assert strongest(["False", "Conditional", "False"]) == "Conditional"
    assert strongest(["Conditional", "True", "False"]) == "True"
    assert strongest([]) == "False"


def test_literal_change_of_a_non_updatable_property_is_static_true():
    result = run({"A": {"update_replace": "a"}}, {"A": {"update_replace": "b"}}, {"A": {"update_replace": ()}},
                 modified={"A": {"update_replace"}})
    assert result["A"].action is Action.REPLACE and result["A"].replacement_flag == "True"
    assert sources(result["A"]) == [("update_replace", "DirectModification", None, STATIC, ALWAYS)]


def test_ref_of_a_replaced_resource_is_dynamic_and_conditional():
    old = {"A": {"update_replace": "a"}, "B": {"update_replace": "phys-a"}}
    new = {"A": {"update_replace": "b"}, "B": {"update_replace": "phys-a"}}   # B's Ref A still resolves to the old id
    result = run(old, new, {"A": {"update_replace": ()}, "B": {"update_replace": ("A",)}},
                 modified={"A": {"update_replace"}, "B": set()})
    assert result["A"].replacement_flag == "True"
    b = result["B"]
    assert b.action is Action.MODIFY and b.replacement_flag == "Conditional"
    assert sources(b) == [("update_replace", "ResourceReference", "A", DYNAMIC, ALWAYS)]
    assert b.changed == ("update_replace",)


def test_getatt_of_a_replaced_resource_on_an_updatable_property_is_dynamic_false():
    old = {"A": {"update_replace": "a"}, "B": {"value": "a"}}
    new = {"A": {"update_replace": "b"}, "B": {"value": "a"}}
    result = run(old, new, {"A": {}, "B": {"value": (("A", "Id"),)}}, modified={"A": {"update_replace"}, "B": set()})
    assert result["B"].replacement_flag == "False" and result["B"].action is Action.MODIFY
    assert sources(result["B"]) == [("value", "ResourceAttribute", "A.Id", DYNAMIC, NEVER)]


def test_conditional_replacement_propagates_to_dependents():
    old = {"A": {"update_replace": 1}, "B": {"update_replace": "id-a"}, "C": {"update_replace": "id-b"}}
    new = {"A": {"update_replace": 2}, "B": {"update_replace": "id-a"}, "C": {"update_replace": "id-b"}}
    refs = {"A": {}, "B": {"update_replace": ("A",)}, "C": {"update_replace": ("B",)}}
    result = run(old, new, refs, modified={})
    assert [result[k].replacement_flag for k in "ABC"] == ["True", "Conditional", "Conditional"]
    assert sources(result["C"]) == [("update_replace", "ResourceReference", "B", DYNAMIC, ALWAYS)]


def test_getatt_of_a_resource_modified_in_place_is_dynamic_but_its_ref_is_not():
    old = {"A": {"value": 1}, "B": {"update_replace": "id-a", "value": 1}}
    new = {"A": {"value": 2}, "B": {"update_replace": "id-a", "value": 1}}
    refs = {"A": {}, "B": {"update_replace": ("A",), "value": (("A", "Value"),)}}
    result = run(old, new, refs, modified={})
    assert result["A"].replacement_flag == "False"
    assert sources(result["B"]) == [("value", "ResourceAttribute", "A.Value", DYNAMIC, NEVER)]
    assert result["B"].replacement_flag == "False"


def test_ref_of_an_added_resource_is_dynamic_but_a_template_edit_is_static():
    old = {"B": {"update_replace": "x"}, "C": {"update_replace": "{{unknown}}N"}}
    new = {"N": {}, "B": {"update_replace": "{{unknown}}N"}, "C": {"update_replace": "{{unknown}}N"}}
    refs = {"N": {}, "B": {"update_replace": ("N",)}, "C": {"update_replace": ("N",)}}
    result = run(old, new, refs, modified={"B": {"update_replace"}, "C": set()})
    assert result["N"].action is Action.ADD and result["N"].details == ()
    assert result["B"].replacement_flag == "True"       # edited in the template: known to change
    assert sources(result["B"]) == [("update_replace", "DirectModification", None, STATIC, ALWAYS),
                                    ("update_replace", "ResourceReference", "N", DYNAMIC, ALWAYS)]
    assert result["C"].replacement_flag == "Conditional"


def test_changed_parameter_is_a_static_parameter_reference():
    result = run({"A": {"update_replace": "p1", "value": "v"}}, {"A": {"update_replace": "p2", "value": "v"}},
                 {"A": {"update_replace": ("P", "ALIYUN::StackName"), "value": ("Q",)}},
                 changed_parameters={"P", "Q"}, modified={"A": set()})
    assert result["A"].replacement_flag == "True"
    assert sources(result["A"]) == [("update_replace", "ParameterReference", "P", STATIC, ALWAYS)]


def test_mixed_details_take_the_strongest():
    old = {"A": {"update_replace": 1}, "B": {"update_replace": "id", "value": 1}}
    new = {"A": {"update_replace": 2}, "B": {"update_replace": "id", "value": 2}}
    refs = {"A": {}, "B": {"update_replace": ("A",), "value": ()}}
    result = run(old, new, refs, modified={"A": {"update_replace"}, "B": {"value"}})
    assert result["B"].replacement_flag == "Conditional"     # Never (static) + Conditional (dynamic)
    assert {d.evaluation for d in result["B"].details} == {STATIC, DYNAMIC}
    old["B"]["update_replace"], new["B"]["update_replace"] = "x", "y"
    result = run(old, new, refs, modified={"A": {"update_replace"}, "B": {"value", "update_replace"}})
    assert result["B"].replacement_flag == "True"             # a static Always beats the dynamic one


def test_unknown_old_template_counts_an_unexplained_change_as_direct():
    result = run({"A": {"value": 1}}, {"A": {"value": 2}}, {"A": {"value": ()}}, modified=None)
    assert sources(result["A"]) == [("value", "DirectModification", None, STATIC, NEVER)]
    result = run({"A": {"value": 1}}, {"A": {"value": 2}}, {"A": {"value": ("P",)}}, {"P"}, modified=None)
    assert sources(result["A"]) == [("value", "ParameterReference", "P", STATIC, NEVER)]


def test_unchanged_resources_without_changing_inputs_stay_none_and_order_is_kept():
    old = {"A": {"value": 1}, "B": {"value": "id"}, "gone": {}}
    new = {"A": {"value": 1}, "B": {"value": "id"}}
    result = run(old, new, {"A": {}, "B": {"value": ("A", ("A", "Id"))}}, modified={})
    assert list(result) == ["A", "B", "gone"]
    assert result["A"].action is Action.NONE and result["B"].action is Action.NONE
    assert result["B"].replacement is None and result["gone"].action is Action.REMOVE


def test_taint_and_type_change_are_true_whatever_the_details():
    result = run({"A": {"value": 1}}, {"A": {"value": 1}}, {"A": {}}, modified={}, taint=["A"])
    assert result["A"].replacement_flag == "True" and result["A"].details == ()
    changes = diff({"A": ResourceSpec("T", {})}, {"A": ResourceSpec("U", {})}, props)
    result = explain(changes, ["A"], {"A": "U"}, {"A": {}}, props, (), {})
    assert result["A"].replacement_flag == "True" and result["A"].replace_causes == ("Type",)


def test_diff_alone_keeps_the_plain_flag():
    changes = diff({"A": ResourceSpec("T", {"update_replace": 1})}, {"A": ResourceSpec("T", {"update_replace": 2})},
                   props)
    assert changes["A"].replacement is None and changes["A"].replacement_flag == "True"
