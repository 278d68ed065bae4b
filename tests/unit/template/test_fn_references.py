"""Reference functions: Ref, GetAtt, FindInMap, GetAZs, GetStackOutput, MarketplaceImage; registry."""
from __future__ import annotations

import pytest

from stacks.template import TemplateError
from stacks.template.functions import REGISTRY, parse

MAPPINGS = {"RegionMap": {"cn-hangzhou": {"32": "m-1", "64": "m-2"}}}


class State:
    def ref(self, logical_id):
        return f"id-{logical_id}"

    def get_att(self, logical_id, name):
        return f"{logical_id}/{name}"


def test_ref_parameter_pseudo_resource_and_counted(ev):
    kwargs = dict(parameters={"P": 3}, pseudo={"ALIYUN::Region": "cn-shanghai"},
                  resources={"R": None, "C": 2}, state=State())
    assert ev({"Ref": "P"}, **kwargs) == 3
    assert ev({"Ref": "ALIYUN::Region"}, **kwargs) == "cn-shanghai"
    assert ev({"Ref": "R"}, **kwargs) == "id-R"
    assert ev({"Ref": "C"}, **kwargs) == ["id-C[0]", "id-C[1]"]
    assert ev({"Fn::GetAtt": ["C", "X"]}, **kwargs) == ["C[0]/X", "C[1]/X"]
    assert ev({"Fn::GetAtt": "R.Attr"}, **kwargs) == "R/Attr"
    assert ev({"Fn::GetAtt": ["R", {"Ref": "P"}]}, **kwargs) == "R/3"


@pytest.mark.parametrize("value, expected", [
    ({"Fn::FindInMap": ["RegionMap", {"Ref": "ALIYUN::Region"}, "32"]}, "m-1"),
    ({"Fn::FindInMap": ["RegionMap", "cn-hangzhou", 64]}, "m-2"),
    ({"Fn::GetAZs": ""}, ["cn-hangzhou-g", "cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"]),
    ({"Fn::GetAZs": "nowhere-1"}, []),
    ({"Fn::MarketplaceImage": "cmjj0xxxx"}, "m-marketplace-cmjj0xxxx"),
    ({"Fn::GetStackOutput": ["s", "k"]}, None),
])
def test_lookups(value, expected, ev):
    assert ev(value, mappings=MAPPINGS, pseudo={"ALIYUN::Region": "cn-hangzhou"}) == expected


def test_getazs_uses_context_zones(ev):
    assert ev({"Fn::GetAZs": "r1"}, regions_zones={"r1": ["r1-a"]}) == ["r1-a"]


def test_get_stack_output_calls_context(ev):
    calls = []

    def get(stack, key, region):
        calls.append((stack, key, region))
        if stack == "missing":
            raise LookupError(stack)
        return "value"

    assert ev({"Fn::GetStackOutput": ["s", "k", "cn-beijing"]}, get_stack_output=get) == "value"
    assert ev({"Fn::GetStackOutput": ["missing", "k"]}, get_stack_output=get) is None
    assert ev({"Fn::GetStackOutput": ["", "k"]}, get_stack_output=get) is None
    assert calls == [("s", "k", "cn-beijing"), ("missing", "k", None)]


@pytest.mark.parametrize("value, path", [
    ({"Ref": {"Fn::Join": ["", ["a"]]}}, "Outputs.X.Value.Ref"),
    ({"Ref": ""}, "Outputs.X.Value.Ref"),
    ({"Fn::GetAtt": ["OnlyOne"]}, "Outputs.X.Value.Fn::GetAtt"),
    ({"Fn::GetAtt": "NoDot"}, "Outputs.X.Value.Fn::GetAtt"),
    ({"Fn::GetAtt": [{"Ref": "x"}, "A"]}, "Outputs.X.Value.Fn::GetAtt"),
    ({"Fn::FindInMap": ["a", "b"]}, "Outputs.X.Value.Fn::FindInMap"),
    ({"Fn::GetStackOutput": ["a"]}, "Outputs.X.Value.Fn::GetStackOutput"),
    ({"Fn::MarketplaceImage": [1]}, "Outputs.X.Value.Fn::MarketplaceImage"),
])
def test_bad_shapes(value, path, ev):
    with pytest.raises(TemplateError) as info:
        ev(value)
    assert info.value.path == path


def test_findinmap_missing_key(ev):
    with pytest.raises(TemplateError):
        ev({"Fn::FindInMap": ["RegionMap", "nowhere", "32"]}, mappings=MAPPINGS)


def test_registry_has_every_documented_function():
    documented = """Base64Encode Base64Decode Str Indent FindInMap GetAtt Join Sub Select GetAZs Replace Split
    Equals And Or Not Index If Length ListMerge GetJsonValue MergeMapToList Avg SelectMapList Add Calculate Max Min
    GetStackOutput Jq FormatTime MarketplaceImage Any Contains EachMemberIn MatchPattern Cidr""".split()
    assert len(documented) == 37
    names = {f"Fn::{n}" for n in documented} | {"Ref", "Fn::Base64", "Fn::MemberListToMap", "Fn::MergeMap",
                                                "Fn::ResourceFacade", "Fn::TransformNamespace"}
    assert names == set(REGISTRY)
    for name, cls in REGISTRY.items():
        assert cls.name == name and "Takes the form" in (cls.__doc__ or "")


def test_cfn_only_function_is_not_supported():
    with pytest.raises(TemplateError) as info:
        parse({"Fn::ImportValue": "x"}, "Outputs.X.Value")
    assert info.value.code == "NotSupported"


def test_multi_key_map_is_data(ev):
    assert ev({"Ref": "P", "Other": 1}) == {"Ref": "P", "Other": 1}


def test_passthrough_functions(ev):
    assert ev({"Fn::ResourceFacade": {"a": 1}}) == {"a": 1}
    assert ev({"Fn::TransformNamespace": ["Condition", "Ds.", {"Fn::Equals": [1, 1]}]}) is True
