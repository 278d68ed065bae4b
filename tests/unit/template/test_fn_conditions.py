"""Condition functions: Equals, And, Or, Not, If, Any, Contains, EachMemberIn, MatchPattern."""
from __future__ import annotations

import pytest

from stacks.template import TemplateError
from stacks.template.functions import NO_VALUE

CONDS = {"Yes": True, "No": False}


@pytest.mark.parametrize("value, expected", [
    ({"Fn::Equals": ["a", "a"]}, True),
    ({"Fn::Equals": ["a", "b"]}, False),
    ({"Fn::Equals": ["0", 0]}, True),
    ({"Fn::Equals": [0, 0.0]}, True),
    ({"Fn::Equals": ["true", True]}, True),
    ({"Fn::Equals": ["01", "1"]}, False),
    ({"Fn::Equals": [[1], [1]]}, True),
    ({"Fn::And": ["Yes", {"Fn::Equals": [1, 1]}]}, True),
    ({"Fn::And": ["Yes", "No"]}, False),
    ({"Fn::Or": ["No", "Yes"]}, True),
    ({"Fn::Or": ["No", {"Condition": "No"}]}, False),
    ({"Fn::Not": {"Fn::Equals": ["a", "b"]}}, True),
    ({"Fn::Not": ["Yes"]}, False),
    ({"Fn::If": ["Yes", "large", "small"]}, "large"),
    ({"Fn::If": ["No", "large", "small"]}, "small"),
    ({"Fn::Any": [False, {"Fn::Equals": [1, 1]}]}, True),
    ({"Fn::Any": [False, "false"]}, False),
    ({"Fn::Contains": [["a", "b"], "a"]}, True),
    ({"Fn::Contains": [[1, 2], "3"]}, False),
    ({"Fn::EachMemberIn": [[1, 2, 3], [1, 2, 3, 3, 4]]}, True),
    ({"Fn::EachMemberIn": [[1, 2, 3], [1, 2, 4]]}, False),
    ({"Fn::MatchPattern": ["^[a-z]+$", "abc"]}, True),
    ({"Fn::MatchPattern": ["[a-z]+", "abc1"]}, False),
])
def test_examples(value, expected, ev):
    assert ev(value, conditions=CONDS) == expected


def test_if_no_value_removes_property(ev):
    value = {"A": {"Fn::If": ["No", "x", {"Ref": "ALIYUN::NoValue"}]}, "B": 1,
             "L": [1, {"Fn::If": ["No", 2, {"Ref": "ALIYUN::NoValue"}]}]}
    assert ev(value, conditions=CONDS, pseudo={"ALIYUN::NoValue": NO_VALUE}) == {"B": 1, "L": [1]}


@pytest.mark.parametrize("value, path", [
    ({"Fn::Equals": ["a"]}, "Outputs.X.Value.Fn::Equals"),
    ({"Fn::And": ["Yes"]}, "Outputs.X.Value.Fn::And"),
    ({"Fn::Or": ["a"] * 11}, "Outputs.X.Value.Fn::Or"),
    ({"Fn::Not": ["a", "b"]}, "Outputs.X.Value.Fn::Not"),
    ({"Fn::If": ["Yes", 1]}, "Outputs.X.Value.Fn::If"),
    ({"Fn::If": [1, 1, 2]}, "Outputs.X.Value.Fn::If"),
    ({"Fn::Contains": [1]}, "Outputs.X.Value.Fn::Contains"),
    ({"Fn::MatchPattern": ["(", "x"]}, "Outputs.X.Value.Fn::MatchPattern"),
    ({"Fn::Any": "x"}, "Outputs.X.Value.Fn::Any"),
])
def test_bad_shapes(value, path, ev):
    with pytest.raises(TemplateError) as info:
        ev(value, conditions=CONDS)
    assert info.value.path == path


def test_unknown_condition_name_is_an_error(ev):
    with pytest.raises(TemplateError):
        ev({"Fn::And": [True, {"Fn::Not": [{"Fn::Equals": [1, 2]}]}, "Missing"]}, conditions=CONDS)
