"""ResolvedTemplate.property_references: what each property's unresolved value reads (for change-set Details)."""
from __future__ import annotations

import json

from stacks.template import StackContext, load, validate
from stacks.template.catalogue import PropSpec, TypeSpec

T = TypeSpec("ROSCONSOLE::Test::Resource", {n: PropSpec("Any") for n in ("a", "b", "c", "d", "e", "f")},
             frozenset({"Value", "Id"}), emulated=True)


def resolved(resources: dict, **sections):
    body = {"ROSTemplateFormatVersion": "2015-09-01", "Resources": resources, **sections}
    return validate(load(json.dumps(body)), {"P": "p"}, StackContext(), {T.name: T}, "update")


def res(**props) -> dict:
    return {"Type": T.name, "Properties": props}


def test_refs_getatts_and_sub_placeholders_per_property():
    r = resolved({"A": res(), "B": res(a={"Ref": "A"}, b={"Fn::GetAtt": ["A", "Value"]},
                                       c={"Fn::Sub": ["${A.Id}/${P}/${ALIYUN::Region}/${v}", {"v": "x"}]},
                                       d="literal", e={"Fn::Join": ["-", [{"Ref": "P"}, {"Ref": "A"}]]})},
                 Parameters={"P": {"Type": "String"}})
    assert r.property_references("B") == {"a": ("A",), "b": (("A", "Value"),),
                                          "c": (("A", "Id"), "P", "ALIYUN::Region"), "d": (), "e": ("P", "A")}


def test_locals_conditions_and_count_copies_are_followed():
    r = resolved({"A": res(), "N": {**res(a={"Ref": "ALIYUN::Index"}), "Count": 2},
                  "B": res(a={"Ref": "L"}, b={"Fn::If": ["Both", 1, 2]}, c={"Ref": "N"},
                           d={"Fn::GetAtt": ["N", "Id"]})},
                 Parameters={"P": {"Type": "String"}, "Q": {"Type": "String", "Default": "q"}},
                 Locals={"L": {"Value": {"Fn::Join": ["-", [{"Ref": "P"}, {"Fn::GetAtt": ["A", "Id"]}]]}}},
                 Conditions={"IsQ": {"Fn::Equals": [{"Ref": "Q"}, "q"]},
                             "Both": {"Fn::And": ["IsQ", {"Fn::Equals": [{"Ref": "P"}, "p"]}]}})
    refs = r.property_references("B")
    assert refs["a"] == (("A", "Id"), "P")
    assert refs["b"] == ("P", "Q")
    assert refs["c"] == ("N[0]", "N[1]")
    assert refs["d"] == (("N[0]", "Id"), ("N[1]", "Id"))
    assert r.condition_references == {"IsQ": frozenset({"Q"}), "Both": frozenset({"P", "Q"})}
