"""DescribeRegions, ValidateTemplate, GetTemplateSummary and the resource-type actions through the SDK."""
from __future__ import annotations

import json

import pytest
from alibabacloud_ros20190910 import models as ros_models
from alibabacloud_tea_openapi.exceptions import ClientException

from tests.api.ros.schema import assert_round_trip

TEMPLATE = {
    "ROSTemplateFormatVersion": "2015-09-01",
    "Description": "one service",
    "Parameters": {"ServiceName": {"Type": "String", "Default": "svc", "Description": "name"},
                   "Memory": {"Type": "Number", "Default": 128, "MinValue": 128}},
    "Resources": {"Service": {"Type": "ALIYUN::FC::Service", "Properties": {"ServiceName": {"Ref": "ServiceName"}}}},
    "Outputs": {"ServiceId": {"Value": {"Fn::GetAtt": ["Service", "ServiceId"]}, "Description": "the id"}},
}


def test_describe_regions(ros, settings):
    resp = ros.describe_regions(ros_models.DescribeRegionsRequest(accept_language="en-US"))
    raw = assert_round_trip(ros, resp)
    assert [r.region_id for r in resp.body.regions] == settings.ROSCONSOLE_REGIONS
    assert resp.body.regions[0].local_name == "China (Hangzhou)"
    assert resp.body.regions[0].region_endpoint == "ros.aliyuncs.com"
    assert raw["RequestId"] == raw["RequestId"].upper() and len(raw["RequestId"]) == 36


def test_validate_template(ros):
    resp = ros.validate_template(ros_models.ValidateTemplateRequest(template_body=json.dumps(TEMPLATE),
                                                                    region_id="cn-hangzhou"))
    assert_round_trip(ros, resp)
    body = resp.body
    assert body.description == "one service"
    assert [p["ParameterKey"] for p in body.parameters] == ["ServiceName", "Memory"]
    assert body.outputs[0].output_key == "ServiceId" and body.outputs[0].description == "the id"
    assert body.resources[0].resource_type == "ALIYUN::FC::Service"
    assert body.resource_types.resources == ["ALIYUN::FC::Service"]


def test_validate_template_yaml_with_non_ascii(ros):
    text = ("ROSTemplateFormatVersion: '2015-09-01'\nDescription: 抽奖 & more+plus ~ *\n"
            "Resources:\n  S:\n    Type: ALIYUN::FC::Service\n    Properties: {ServiceName: !Sub 'a-${ALIYUN::StackName}'}\n")
    resp = ros.validate_template(ros_models.ValidateTemplateRequest(template_body=text))
    assert resp.body.description == "抽奖 & more+plus ~ *"


@pytest.mark.parametrize("body, code", [
    ({"Resources": {}}, "InvalidTemplateVersion"),
    ({"ROSTemplateFormatVersion": "2015-09-01", "Bogus": {}}, "InvalidTemplateSection"),
    ({"ROSTemplateFormatVersion": "2015-09-01",
      "Resources": {"A": {"Type": "ALIYUN::FC::Service", "Properties": {"ServiceName": {"Ref": "Nope"}}}}},
     "InvalidTemplateReference"),
    ({"ROSTemplateFormatVersion": "2015-09-01",
      "Resources": {"A": {"Type": "ALIYUN::FC::Service", "DependsOn": "B", "Properties": {"ServiceName": "a"}},
                    "B": {"Type": "ALIYUN::FC::Service", "DependsOn": "A", "Properties": {"ServiceName": "b"}}}},
     "CircularDependency"),
])
def test_validate_template_errors(ros, body, code):
    with pytest.raises(ClientException) as info:
        ros.validate_template(ros_models.ValidateTemplateRequest(template_body=json.dumps(body)))
    assert info.value.code == code
    assert info.value.status_code == 400
    data = info.value.data
    assert set(data) - {"statusCode"} == {"RequestId", "HostId", "Code", "Message", "Recommend"}
    assert data["HostId"] == "ros.aliyuncs.com"
    assert data["Recommend"] == f"https://next.api.aliyun.com/troubleshoot?q={code}&product=ROS"


def test_validate_template_not_json_or_yaml(ros):
    with pytest.raises(ClientException) as info:
        ros.validate_template(ros_models.ValidateTemplateRequest(template_body="{not json"))
    assert info.value.code.startswith("Invalid")


def test_validate_template_needs_a_body(ros):
    with pytest.raises(ClientException) as info:
        ros.validate_template(ros_models.ValidateTemplateRequest())
    assert info.value.code == "MissingParameter" and "TemplateBody" in info.value.message


def test_template_url_is_refused_precisely(ros):
    with pytest.raises(ClientException) as info:
        ros.validate_template(ros_models.ValidateTemplateRequest(template_url="http://example.com/t.json"))
    assert info.value.code == "NotSupported" and "TemplateURL" in info.value.message


def test_get_template_summary(ros):
    tpl = dict(TEMPLATE, Metadata={"ALIYUN::ROS::Interface": {"ParameterGroups": [
        {"Parameters": ["Memory"], "Label": {"default": "Sizes"}}]}})
    resp = ros.get_template_summary(ros_models.GetTemplateSummaryRequest(template_body=json.dumps(tpl),
                                                                         region_id="cn-hangzhou"))
    assert_round_trip(ros, resp)
    assert resp.body.version == "2015-09-01"
    assert resp.body.resource_types == ["ALIYUN::FC::Service"]
    assert [p["ParameterKey"] for p in resp.body.parameters] == ["Memory", "ServiceName"]
    assert "ALIYUN::ROS::Interface" in resp.body.metadata


def test_list_resource_types(ros):
    resp = ros.list_resource_types(ros_models.ListResourceTypesRequest(resource_type="ALIYUN::FC::*"))
    assert_round_trip(ros, resp)
    assert "ALIYUN::FC::Function" in resp.body.resource_types
    assert all(t.startswith("ALIYUN::FC::") for t in resp.body.resource_types)
    summary = {s.resource_type: s for s in resp.body.resource_type_summaries}["ALIYUN::FC::Function"]
    assert summary.entity_type == "Resource" and summary.provider == "ROS"
    sources = ros.list_resource_types(ros_models.ListResourceTypesRequest(entity_type="DataSource"))
    assert sources.body.resource_types and all(t.startswith("DATASOURCE::") for t in sources.body.resource_types)
    mine = ros.list_resource_types(ros_models.ListResourceTypesRequest(provider="Self"))
    assert mine.body.resource_types == []


def test_get_resource_type(ros):
    resp = ros.get_resource_type(ros_models.GetResourceTypeRequest(resource_type="ALIYUN::FC::Function"))
    assert_round_trip(ros, resp)
    props = resp.body.properties
    assert props["FunctionName"]["Required"] is True and props["FunctionName"]["UpdateAllowed"] is False
    assert {"Range": {"Min": 128, "Max": 32768}} in props["MemorySize"]["Constraints"]
    assert "ARN" in resp.body.attributes
    with pytest.raises(ClientException) as info:
        ros.get_resource_type(ros_models.GetResourceTypeRequest(resource_type="ALIYUN::NOPE::Thing"))
    assert (info.value.code, info.value.status_code) == ("ResourceTypeNotFound", 404)


def test_get_resource_type_template_validates(ros):
    resp = ros.get_resource_type_template(ros_models.GetResourceTypeTemplateRequest(
        resource_type="ALIYUN::FC::Function"))
    assert_round_trip(ros, resp)
    template = json.loads(resp.body.template_content)
    assert template["Resources"]["Function"]["Type"] == "ALIYUN::FC::Function"
    assert set(template["Outputs"]) == {"ARN", "FunctionId", "FunctionName", "ServiceId", "ServiceName"}
    check = ros.validate_template(ros_models.ValidateTemplateRequest(template_body=resp.body.template_content))
    assert {p["ParameterKey"] for p in check.body.parameters} >= {"FunctionName", "Handler", "Runtime", "Code"}
