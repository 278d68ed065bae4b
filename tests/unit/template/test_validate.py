"""The static check: sections, parameters, references, attributes, properties, conditions, Count,
Locals, Rules, outputs, warnings."""
from __future__ import annotations

import json

import pytest

from stacks.template import StackContext, TemplateError, TemplateErrors, load, validate
from stacks.template.catalogue import PropSpec, TypeSpec

TEST_TYPE = TypeSpec("ROSCONSOLE::Test::Resource",
                     {"Value": PropSpec("Any"), "Count": PropSpec("Number", min=0, max=5),
                      "Name": PropSpec("String", required=False), "Flag": PropSpec("Boolean")},
                     frozenset({"Value", "Output"}), emulated=True)
EXTRA = {TEST_TYPE.name: TEST_TYPE}


def tpl(**sections) -> dict:
    return {"ROSTemplateFormatVersion": "2015-09-01", **sections}


def check(body, params=None, mode="create", **kw):
    return validate(load(json.dumps(body)), params or {}, StackContext(**kw), EXTRA, mode)


def codes(body, params=None, mode="create") -> list[str]:
    with pytest.raises(TemplateError) as info:
        check(body, params, mode)
    return [e.code for e in getattr(info.value, "errors", [info.value])]


def res(**props) -> dict:
    return {"Type": TEST_TYPE.name, "Properties": props}


@pytest.mark.parametrize("body, code", [
    ({"Resources": {}}, "InvalidTemplateVersion"),
    ({"ROSTemplateFormatVersion": "2010-09-09"}, "InvalidTemplateVersion"),
    (tpl(Bogus={}), "InvalidTemplateSection"),
    (tpl(Transform="Aliyun::Serverless-2018-04-03"), "NotSupported"),
    (tpl(Transform="Aliyun::Terraform-v1.2", Workspace={}), "NotSupported"),
    (tpl(Resources={"A": {"Properties": {}}}), "StackValidationFailed"),
    (tpl(Resources={"A": {"Type": "ALIYUN::Nope::Nope"}}), "StackValidationFailed"),
    (tpl(Resources={"A": res(Value={"Ref": "Missing"})}), "InvalidTemplateReference"),
    (tpl(Resources={"A": res(), "B": res(Value={"Fn::GetAtt": ["A", "Nope"]})}), "InvalidTemplateAttribute"),
    (tpl(Resources={"A": res(Flag=[1])}), "InvalidTemplatePropertyType"),
    (tpl(Resources={"A": res(Unknown=1)}), "StackValidationFailed"),
    (tpl(Resources={"A": res(Count=9)}), "StackValidationFailed"),
    (tpl(Resources={"A": res(Value={"Ref": "B"}), "B": res(Value={"Fn::GetAtt": ["A", "Value"]})}),
     "CircularDependency"),
    (tpl(Resources={"A": {**res(), "Condition": "Nope"}}), "InvalidTemplateReference"),
    (tpl(Resources={"A": {**res(), "DeletionPolicy": "Keep"}}), "StackValidationFailed"),
    (tpl(Resources={"A": {**res(), "DependsOn": "Ghost"}}), "InvalidTemplateReference"),
    (tpl(Conditions={"C": {"Fn::Equals": [{"Ref": "Nope"}, 1]}}), "InvalidTemplateReference"),
    (tpl(Conditions={"C": {"Fn::Equals": [{"Fn::GetAZs": ""}, 1]}}), "InvalidTemplate"),
    (tpl(Outputs={"O": {"Description": "no value"}}), "StackValidationFailed"),
    (tpl(Parameters={"P": {"Type": "ALIYUN::OOS::Parameter::Value"}}), "NotSupported"),
    (tpl(Parameters={"P": {"Type": "Strange"}}), "StackValidationFailed"),
    (tpl(Parameters={"P": {"Type": "String", "Default": "x", "AllowedValues": ["y"]}}), "StackValidationFailed"),
    (tpl(Mappings={"M": {"k": {"v": {"Ref": "P"}}}}), "StackValidationFailed"),
    (tpl(Locals={"L": {"Type": "DATASOURCE::VPC::Vpcs", "Properties": {}}}), "NotSupported"),
    (tpl(Resources={"A": {"Type": "MODULE::ACS::X::Y"}}), "NotSupported"),
    (tpl(Resources={"A": {**res(), "Count": {"Fn::GetAZs": ""}}}), "InvalidTemplate"),
])
def test_error_codes(body, code):
    assert code in codes(body)


def test_unknown_user_parameter_and_missing():
    body = tpl(Parameters={"P": {"Type": "String"}})
    assert codes(body, {"Q": "x"}) == ["UnknownUserParameter", "UserParameterMissing"]


def test_several_errors_are_collected():
    body = tpl(Resources={"A": res(Value={"Ref": "X"}), "B": res(Value={"Ref": "Y"})})
    with pytest.raises(TemplateErrors) as info:
        check(body)
    assert [e.path for e in info.value.errors] == ["Resources.A.Properties", "Resources.B.Properties"]
    assert str(info.value).startswith('InvalidTemplateReference: The specified reference "X" (in A) is incorrect.')


def test_unquoted_version_in_yaml_and_short_tags():
    text = "ROSTemplateFormatVersion: 2015-09-01\nParameters:\n  P: {Type: String, Default: v}\n" \
           "Resources:\n  A: {Type: ROSCONSOLE::Test::Resource, Properties: {Value: !Sub '${P}-x'}}\n" \
           "  B:\n    Type: ROSCONSOLE::Test::Resource\n    Properties:\n      Value: !GetAtt A.Output\n" \
           "Outputs:\n  O: {Value: !Join [',', [!Ref P, !Select [0, [a]]]]}\n"
    resolved = validate(load(text), {}, None, EXTRA)
    assert resolved.resources["B"].depends_on == {"A"}


def test_unknown_resource_key_is_a_warning():
    resolved = check(tpl(Resources={"A": {**res(), "DependOn": "B"}}))
    assert any("DependOn" in w for w in resolved.warnings)


def test_conditions_and_no_value():
    body = tpl(Parameters={"Env": {"Type": "String", "Default": "dev"}},
               Conditions={"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                           "NotProd": {"Fn::Not": ["IsProd"]}},
               Resources={"Prod": {**res(), "Condition": "IsProd"},
                          "Any": {**res(Name={"Fn::If": ["IsProd", "p", {"Ref": "ALIYUN::NoValue"}]},
                                        Value={"Fn::If": ["IsProd", {"Ref": "Prod"}, "none"]}),
                                  "DependsOn": "Prod"}},
               Outputs={"P": {"Value": {"Ref": "Prod"}, "Condition": "IsProd"}, "Q": {"Value": 1}})
    resolved = check(body)
    assert resolved.conditions == {"IsProd": False, "NotProd": True}
    assert list(resolved.resources) == ["Any"] and resolved.resources["Any"].depends_on == frozenset()
    from stacks.template.functions import NO_VALUE  # noqa: F401
    assert resolved.resolve_properties("Any", None) == {"Value": "none"}
    assert [o["OutputKey"] for o in resolved.resolve_outputs(None)] == ["Q"]
    prod = check(body, {"Env": "prod"})
    assert prod.resources["Any"].depends_on == {"Prod"}


def test_count_expansion():
    body = tpl(Parameters={"N": {"Type": "Number", "Default": 3}},
               Resources={"A": {**res(Name={"Fn::Sub": "a-${ALIYUN::Index}"}, Value={"Ref": "ALIYUN::Index"}),
                                "Count": {"Ref": "N"}},
                          "B": {**res(Value={"Ref": "A"}), "DependsOn": "A"},
                          "C": {**res(Value={"Fn::Select": [{"Ref": "ALIYUN::Index"}, {"Fn::GetAtt": ["A", "Value"]}]}),
                                "Count": 2}})
    resolved = check(body)
    assert list(resolved.resources) == ["A[0]", "A[1]", "A[2]", "B", "C[0]", "C[1]"]
    assert resolved.resources["B"].depends_on == {"A[0]", "A[1]", "A[2]"}

    class State:
        def ref(self, lid):
            return f"id-{lid}"

        def get_att(self, lid, name):
            return f"{lid}:{name}"
    assert resolved.resolve_properties("A[1]", State()) == {"Name": "a-1", "Value": 1}
    assert resolved.resolve_properties("B", State()) == {"Value": ["id-A[0]", "id-A[1]", "id-A[2]"]}
    assert resolved.resolve_properties("C[1]", State()) == {"Value": "A[1]:Value"}
    summary = resolved.summary()
    assert summary["Resources"][0] == {"LogicalResourceIdPattern": "A[*]", "ResourcePath": "A",
                                       "ResourceType": TEST_TYPE.name}


def test_index_outside_count_is_a_bad_reference():
    assert "InvalidTemplateReference" in codes(tpl(Resources={"A": res(Value={"Ref": "ALIYUN::Index"})}))


def test_locals_macro_and_eval():
    body = tpl(Parameters={"P": {"Type": "String", "Default": "x"}},
               Locals={"E": {"Type": "Eval", "Value": {"Fn::Join": ["-", [{"Ref": "P"}, "e"]]}},
                       "M": {"Value": {"Fn::GetAtt": ["A", "Output"]}}},
               Resources={"A": res(Value={"Ref": "E"}), "B": res(Value={"Ref": "M"})})
    resolved = check(body)
    assert resolved.resources["B"].depends_on == {"A"}

    class State:
        def ref(self, lid):
            return lid

        def get_att(self, lid, name):
            return f"{lid}.{name}"
    assert resolved.resolve_properties("A", State()) == {"Value": "x-e"}
    assert resolved.resolve_properties("B", State()) == {"Value": "A.Output"}


def test_rules():
    body = tpl(Parameters={"Env": {"Type": "String", "Default": "dev"}},
               Rules={"R": {"RuleCondition": {"Fn::Equals": [{"Ref": "Env"}, "dev"]},
                            "Assertions": [{"Assert": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
                                            "AssertDescription": "Only prod here"}]}})
    with pytest.raises(TemplateError) as info:
        check(body)
    assert info.value.code == "StackValidationFailed" and info.value.message == "Only prod here."
    assert check(body, mode="validate")
    check(body, {"Env": "test"})


def test_parameters_coercion_and_display():
    body = tpl(Parameters={
        "S": {"Type": "String", "AllowedPattern": "[a-z]+", "MinLength": "2", "NoEcho": "true"},
        "N": {"Type": "Number", "MinValue": 1, "MaxValue": 10},
        "L": {"Type": "CommaDelimitedList"},
        "J": {"Type": "Json", "Default": {"a": 1}},
        "B": {"Type": "Boolean", "Default": "True"},
        "D": {"Type": "String", "Default": None, "AllowedValues": ["x"]}})
    resolved = check(body, {"S": "abc", "N": "3.5", "L": "a, b ,c"}, stack_name="s")
    assert resolved.parameters == {"S": "abc", "N": 3.5, "L": ["a", "b", "c"], "J": {"a": 1}, "B": True, "D": ""}
    shown = {p["ParameterKey"]: p["ParameterValue"] for p in resolved.display_parameters()}
    assert shown["S"] == "****" and shown["J"] == '{"a": 1}' and shown["B"] == "true" and shown["L"] == "a,b,c"
    assert shown["ALIYUN::StackName"] == "s" and shown["ALIYUN::NoValue"] == "None"
    for bad in ({"S": "ABC"}, {"S": "a"}, {"N": "11"}, {"N": "x"}, {"B": "yes"}, {"S": "ab", "N": 2, "L": "",
                                                                                  "J": "[1"}):
        params = {"S": "abc", "N": 2, "L": "a", **bad}
        with pytest.raises(TemplateError) as info:
            check(body, params)
        assert info.value.code == "StackValidationFailed"
        assert "is invalid" in info.value.message


def test_constraint_description_replaces_reason():
    body = tpl(Parameters={"S": {"Type": "String", "AllowedValues": ["a"], "ConstraintDescription": "pick a"}})
    with pytest.raises(TemplateError) as info:
        check(body, {"S": "b"})
    assert info.value.message == "Parameter 'S' is invalid: pick a."


def test_interface_order_hidden_and_outputs_order():
    body = tpl(Parameters={"A": {"Type": "String", "Default": "a"}, "B": {"Type": "String", "Default": "b"}},
               Metadata={"ALIYUN::ROS::Interface": {"ParameterGroups": [{"Parameters": ["B", "A"]}],
                                                    "Hidden": ["A"], "Outputs": ["O2", "O1"]}},
               Outputs={"O1": {"Value": 1}, "O2": {"Value": 2, "Label": "two"}})
    resolved = check(body, mode="validate")
    assert [p["ParameterKey"] for p in resolved.parameter_schemas()] == ["B", "A"]
    assert resolved.parameter_schemas()[1]["Hidden"] is True
    assert [o["OutputKey"] for o in resolved.summary()["Outputs"]] == ["O2", "O1"]


def test_validate_mode_does_not_require_parameters():
    body = tpl(Parameters={"P": {"Type": "String"}}, Resources={"A": res(Value={"Ref": "P"})})
    resolved = check(body, mode="validate")
    assert resolved.parameters == {}


def test_getatt_rules_for_custom_and_stack():
    body = tpl(Resources={"C": {"Type": "Custom::Thing", "Properties": {"ServiceToken": "acs:fc:x", "Timeout": 60, "Anything": 1}},
                          "S": {"Type": "ALIYUN::ROS::Stack", "Properties": {"TemplateURL": "oss://x"}},
                          "A": res(Value=[{"Fn::GetAtt": ["C", "Whatever"]}, {"Fn::GetAtt": ["S", "Outputs.Key"]}])})
    resolved = check(body, mode="validate")
    assert resolved.resources["A"].depends_on == {"C", "S"}
    assert resolved.unsupported_types() == []


def test_real_type_property_checks():
    body = tpl(Resources={"F": {"Type": "ALIYUN::FC::Function",
                                "Properties": {"ServiceName": "s", "FunctionName": "f", "Handler": "h",
                                               "Runtime": "python3", "MemorySize": 64}}})
    with pytest.raises(TemplateError) as info:
        check(body)
    assert info.value.path == "Resources.F.Properties.MemorySize"
    body["Resources"]["F"]["Properties"].pop("Handler")
    body["Resources"]["F"]["Properties"]["MemorySize"] = 128
    with pytest.raises(TemplateError) as info:
        check(body)
    assert info.value.path == "Resources.F.Properties.Handler"


def test_not_emulated_types_listed():
    resolved = check(tpl(Resources={"V": {"Type": "ALIYUN::ECS::VPC", "Properties": {"CidrBlock": "10.0.0.0/8"}}}))
    assert resolved.unsupported_types() == ["ALIYUN::ECS::VPC"]
    assert resolved.resources["V"].emulated is False


def test_function_not_allowed_in_count_section():
    body = tpl(Resources={"A": {**res(), "Count": {"Fn::Sub": "3"}}})
    assert codes(body) == ["InvalidTemplate"]


def test_str_of_error():
    with pytest.raises(TemplateError) as info:
        check(tpl(Resources={"A": res(Value={"Ref": "Nope"})}))
    err = info.value
    assert str(err) == f"{err.code}: {err.message} ({err.path})"
