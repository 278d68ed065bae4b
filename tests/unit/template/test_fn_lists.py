"""List / map functions: Select, Index, Length, ListMerge, SelectMapList, MergeMapToList,
MemberListToMap, MergeMap, Cidr."""
from __future__ import annotations

import pytest

from stacks.template import TemplateError

L5 = [1, 2, 3, 4, 5]


@pytest.mark.parametrize("value, expected", [
    ({"Fn::Select": ["1", ["a", "b"]]}, "b"),
    ({"Fn::Select": [0, ["a", "b"]]}, "a"),
    ({"Fn::Select": [-1, ["a", "b"]]}, "b"),
    ({"Fn::Select": [-2, ["a", "b"]]}, "a"),
    ({"Fn::Select": [-3, ["a", "b"]]}, ""),
    ({"Fn::Select": [2, ["a", "b"]]}, ""),
    ({"Fn::Select": ["1:3", L5]}, [2, 3]),
    ({"Fn::Select": ["::2", L5]}, [1, 3, 5]),
    ({"Fn::Select": ["5:0:-2", L5]}, [5, 3]),
    ({"Fn::Select": [":", L5]}, L5),
    ({"Fn::Select": ["3:", L5]}, [4, 5]),
    ({"Fn::Select": ["10:20", L5]}, []),
    ({"Fn::Select": ["key", {"key": "v"}]}, "v"),
    ({"Fn::Select": ["nokey", {"key": "v"}]}, ""),
    ({"Fn::Select": ["nokey", {}, "dflt"]}, "dflt"),
    ({"Fn::Select": [0, "10.0.0.1, 10.0.0.2"]}, "10.0.0.1"),
    ({"Fn::Index": ["b", ["a", "b"]]}, 1),
    ({"Fn::Index": ["z", ["a", "b"]]}, ""),
    ({"Fn::Length": [1, 2, 3]}, 3),
    ({"Fn::Length": "length"}, 6),
    ({"Fn::Length": {"a": 1}}, 1),
    ({"Fn::ListMerge": [[1], [2, 3]]}, [1, 2, 3]),
    ({"Fn::SelectMapList": ["k2", [{"k1": 1}, {"k2": 2}, {"k2": 3}]]}, [2, 3]),
    ({"Fn::MergeMapToList": [{"a": [1, 2]}, {"b": [3]}]}, [{"a": 1, "b": 3}, {"a": 2, "b": 3}]),
    ({"Fn::MergeMapToList": [{"a": [1, 2, 3]}, {"b": [4, 5]}]},
     [{"a": 1, "b": 4}, {"a": 2, "b": 5}, {"a": 3, "b": 5}]),
    ({"Fn::MemberListToMap": ["Key", "Value", [{"Key": "a", "Value": 1}, {"Key": "b", "Value": 2}]]},
     {"a": 1, "b": 2}),
    ({"Fn::MergeMap": [{"a": 1}, {"b": 2}]}, {"a": 1, "b": 2}),
    ({"Fn::MergeMap": [{"a": {"x": 1, "y": 1}}, {"a": {"y": 2}}]}, {"a": {"x": 1, "y": 2}}),
    ({"Fn::Cidr": ["192.168.0.0/16", 2, 8]}, ["192.168.0.0/24", "192.168.1.0/24"]),
    ({"Fn::Cidr": ["10.0.0.0/8", 1, 16]}, ["10.0.0.0/16"]),
])
def test_examples(value, expected, ev):
    assert ev(value) == expected


def test_select_with_index_ref(ev):
    assert ev({"Fn::Select": [{"Ref": "I"}, ["a", "b"]]}, parameters={"I": 1}) == "b"


@pytest.mark.parametrize("value", [
    {"Fn::Select": ["x", ["a"]]},
    {"Fn::Select": ["1:2:0", ["a"]]},
    {"Fn::Select": ["a:b", ["a"]]},
    {"Fn::Length": 5},
    {"Fn::Cidr": ["192.168.0.0/24", 300, 2]},
    {"Fn::Cidr": ["192.168.0.0/30", 8, 1]},
    {"Fn::Cidr": ["nonsense", 1, 8]},
    {"Fn::MergeMapToList": [1]},
    {"Fn::MemberListToMap": ["K", "V", [{"X": 1}]]},
])
def test_runtime_errors(value, ev):
    with pytest.raises(TemplateError):
        ev(value)


@pytest.mark.parametrize("value, path", [
    ({"Fn::Select": [0]}, "Outputs.X.Value.Fn::Select"),
    ({"Fn::Select": [True, []]}, "Outputs.X.Value.Fn::Select"),
    ({"Fn::Index": "x"}, "Outputs.X.Value.Fn::Index"),
    ({"Fn::SelectMapList": ["k"]}, "Outputs.X.Value.Fn::SelectMapList"),
    ({"Fn::MemberListToMap": ["k", []]}, "Outputs.X.Value.Fn::MemberListToMap"),
    ({"Fn::Cidr": ["x", 1]}, "Outputs.X.Value.Fn::Cidr"),
    ({"Fn::ListMerge": "x"}, "Outputs.X.Value.Fn::ListMerge"),
])
def test_bad_shapes(value, path, ev):
    with pytest.raises(TemplateError) as info:
        ev(value)
    assert info.value.path == path
