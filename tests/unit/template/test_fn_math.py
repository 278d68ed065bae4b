"""Math functions: Add, Avg, Calculate, Max, Min."""
from __future__ import annotations

import pytest

from stacks.template import TemplateError


@pytest.mark.parametrize("value, expected", [
    ({"Fn::Add": [1, 2]}, 3),
    ({"Fn::Add": [1, 2.5, "3"]}, 6.5),
    ({"Fn::Add": [[1], [2, 3]]}, [1, 2, 3]),
    ({"Fn::Add": [{"Product": "ROS"}, {"Fn": "Add"}]}, {"Product": "ROS", "Fn": "Add"}),
    ({"Fn::Add": [{"a": 1}, {"a": 2}]}, {"a": 2}),
    ({"Fn::Avg": [1, [1, 2, 6.0]]}, 3.0),
    ({"Fn::Avg": [2, ["1", 2]]}, 1.5),
    ({"Fn::Calculate": ["(2+3)/2*3-1", 1]}, 5),
    ({"Fn::Calculate": ["(2.0+3)/2*3-1", 1]}, 6.5),
    ({"Fn::Calculate": ["({1}+3)/2*3-1", 1, [3, 5, 6]]}, 11),
    ({"Fn::Calculate": ["5/2", 0]}, 2),
    ({"Fn::Calculate": ["-5/2", 0]}, -2),
    ({"Fn::Calculate": ["10/3.0", 2]}, 3.33),
    ({"Fn::Calculate": ["2**10 % 7", 0]}, 2),
    ({"Fn::Calculate": ["7//2", 0]}, 3),
    ({"Fn::Max": [1.1, 2, 3]}, 3),
    ({"Fn::Min": [1.1, 2, 3]}, 1.1),
    ({"Fn::Max": ["4", 2]}, 4),
])
def test_examples(value, expected, ev):
    result = ev(value)
    assert result == expected and type(result) is type(expected)


@pytest.mark.parametrize("value", [
    {"Fn::Calculate": ["1/0", 0]},
    {"Fn::Calculate": ["__import__('os')", 0]},
    {"Fn::Calculate": ["9**9**9", 0]},
    {"Fn::Calculate": ["{3}+1", 0, [1]]},
    {"Fn::Calculate": ["1 +", 0]},
    {"Fn::Max": []},
    {"Fn::Max": ["a", 1]},
    {"Fn::Add": [1, "x"]},
    {"Fn::Avg": [-1, [1]]},
])
def test_errors(value, ev):
    with pytest.raises(TemplateError):
        ev(value)


@pytest.mark.parametrize("value, path", [
    ({"Fn::Add": [1]}, "Outputs.X.Value.Fn::Add"),
    ({"Fn::Avg": [1]}, "Outputs.X.Value.Fn::Avg"),
    ({"Fn::Calculate": "1+1"}, "Outputs.X.Value.Fn::Calculate"),
])
def test_bad_shapes(value, path, ev):
    with pytest.raises(TemplateError) as info:
        ev(value)
    assert info.value.path == path
