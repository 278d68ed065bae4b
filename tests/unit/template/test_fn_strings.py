"""String functions: Join, Sub, Replace, Split, Base64*, Str, Indent, FormatTime, Jq, GetJsonValue."""
from __future__ import annotations

import re

import pytest

from stacks.template import TemplateError

PARAMS = {"Name": "web", "Persons": ["a", "b"], "Port": 80}
PSEUDO = {"ALIYUN::StackName": "mystack", "ALIYUN::Region": "cn-hangzhou"}


@pytest.mark.parametrize("value, expected", [
    ({"Fn::Join": [",", ["a", "b", "c"]]}, "a,b,c"),
    ({"Fn::Join": ["", ["a", "b"]]}, "ab"),
    ({"Fn::Join": ["-", []]}, ""),
    ({"Fn::Join": [",", {"Ref": "Persons"}]}, "a,b"),
    ({"Fn::Join": [":", ["x", 1, True]]}, "x:1:true"),
    ({"Fn::Sub": "StackName: ${ALIYUN::StackName}"}, "StackName: mystack"),
    ({"Fn::Sub": "${Name}-${Port}"}, "web-80"),
    ({"Fn::Sub": "${!Literal} and ${Name}"}, "${Literal} and web"),
    ({"Fn::Sub": ["${Greeting}, ${Name}", {"Greeting": "hello"}]}, "hello, web"),
    ({"Fn::Sub": ["${Name}", {"Name": "override"}]}, "override"),
    ({"Fn::Sub": ["${X}", {"X": {"Fn::Join": ["+", ["1", "2"]]}}]}, "1+2"),
    ({"Fn::Replace": [{"print": "echo"}, "print hi"]}, "echo hi"),
    ({"Fn::Replace": [{"a": "b", "c": "d"}, "aacc"]}, "bbdd"),
    ({"Fn::Split": [";", "foo; bar; achoo"]}, ["foo", " bar", " achoo"]),
    ({"Fn::Split": [",", "a,b"]}, ["a", "b"]),
    ({"Fn::Split": [",", ""]}, [""]),
    ({"Fn::Base64Encode": "string to encode"}, "c3RyaW5nIHRvIGVuY29kZQ=="),
    ({"Fn::Base64": "string to encode"}, "c3RyaW5nIHRvIGVuY29kZQ=="),
    ({"Fn::Base64Decode": "c3RyaW5nIHRvIGVuY29kZQ=="}, "string to encode"),
    ({"Fn::Str": 123456}, "123456"),
    ({"Fn::Str": 1.5}, "1.5"),
    ({"Fn::Indent": ["a\nb", 1]}, "  a\n  b"),
    ({"Fn::Indent": ["  a\n  b", 2, 4]}, "        a\n        b"),
    ({"Fn::Jq": ["First", ".test", "{\"test\": \"x\"}"]}, "x"),
    ({"Fn::Jq": ["All", ".[] | .a", [{"a": 1}, {"a": 2}]]}, [1, 2]),
    ({"Fn::Jq": ["First", ".missing", {}]}, None),
    ({"Fn::GetJsonValue": ["1", "{\"1\": \"abc\"}"]}, "abc"),
    ({"Fn::GetJsonValue": ["k", {"k": [1]}]}, [1]),
])
def test_examples(value, expected, ev):
    assert ev(value, parameters=PARAMS, pseudo=PSEUDO) == expected


def test_format_time_utc_and_zone(ev):
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", ev({"Fn::FormatTime": ["%Y-%m-%d", "Asia/Shanghai"]}))
    assert re.fullmatch(r"\d{4}", ev({"Fn::FormatTime": "%Y"}))


@pytest.mark.parametrize("value, path", [
    ({"Fn::Join": ","}, "Outputs.X.Value.Fn::Join"),
    ({"Fn::Join": [",", "a", "b"]}, "Outputs.X.Value.Fn::Join"),
    ({"Fn::Join": [[","], ["a"]]}, "Outputs.X.Value.Fn::Join"),
    ({"Fn::Sub": 3}, "Outputs.X.Value.Fn::Sub"),
    ({"Fn::Sub": ["x", "y"]}, "Outputs.X.Value.Fn::Sub"),
    ({"Fn::Replace": ["a", "b"]}, "Outputs.X.Value.Fn::Replace"),
    ({"Fn::Split": ","}, "Outputs.X.Value.Fn::Split"),
    ({"Fn::Indent": "x"}, "Outputs.X.Value.Fn::Indent"),
    ({"Fn::Jq": ["Some", ".", {}]}, "Outputs.X.Value.Fn::Jq"),
    ({"Fn::Jq": ["First", ".[", {}]}, "Outputs.X.Value.Fn::Jq"),
    ({"Fn::GetJsonValue": "x"}, "Outputs.X.Value.Fn::GetJsonValue"),
    ({"Fn::FormatTime": []}, "Outputs.X.Value.Fn::FormatTime"),
    ({"a": [{"Fn::Join": 1}]}, "Outputs.X.Value.a.0.Fn::Join"),
])
def test_bad_shapes(value, path, ev):
    with pytest.raises(TemplateError) as info:
        ev(value)
    assert info.value.code == "InvalidTemplate"
    assert info.value.path == path


@pytest.mark.parametrize("value", [
    {"Fn::Join": [",", [["nested"]]]},
    {"Fn::Base64Decode": "!!!"},
    {"Fn::Indent": ["x", 21]},
    {"Fn::FormatTime": ["%Y", "Mars/Olympus"]},
    {"Fn::GetJsonValue": ["k", "not json"]},
    {"Fn::Sub": "${Unknown}"},
])
def test_runtime_errors_are_template_errors(value, ev):
    with pytest.raises(TemplateError):
        ev(value, parameters=PARAMS)


def test_sub_references():
    from stacks.template.functions import parse
    tree = parse({"Fn::Sub": "${A}-${B.Attr}-${!C}-${ALIYUN::Region}-${S.Outputs.K}"}, "X")
    assert set(tree.references()) == {"A", ("B", "Attr"), "ALIYUN::Region", ("S", "Outputs.K")}
