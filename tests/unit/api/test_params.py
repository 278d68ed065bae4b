"""stacks.api.params: merging, typed scalars and flattened lists/structs as the SDK sends them."""
from __future__ import annotations

import pytest
from alibabacloud_tea_openapi.utils import Utils

from stacks.api.errors import ApiError
from stacks.api.params import Params, merge


def flat(**kwargs) -> Params:
    """What the SDK puts on the wire for these request fields."""
    return Params(Utils.query(kwargs))


def test_merge_body_wins():
    assert merge([("A", "1"), ("B", "q")], [("B", "f")]) == {"A": "1", "B": "f"}


def test_booleans_as_the_sdk_sends_them():
    p = flat(DisableRollback=True, RetainAllResources=False, X="true", Y="false")
    assert p.values["DisableRollback"] == "True"
    assert p.boolean("DisableRollback") is True and p.boolean("RetainAllResources") is False
    assert p.boolean("X") is True and p.boolean("Y") is False and p.boolean("Z", True) is True
    with pytest.raises(ApiError) as info:
        Params({"B": "yes"}).boolean("B")
    assert info.value.code == "InvalidParameter"


def test_integers_and_enums():
    p = flat(PageSize=20, TimeoutInMinutes="x", Mode="Recreate")
    assert p.integer("PageSize", 10, min_value=1, max_value=50) == 20
    with pytest.raises(ApiError):
        p.integer("TimeoutInMinutes")
    with pytest.raises(ApiError):
        flat(PageSize=51).integer("PageSize", max_value=50)
    assert p.enum("Mode", ("Recreate", "Ignore")) == "Recreate"
    with pytest.raises(ApiError):
        flat(Mode="Bogus").enum("Mode", ("Recreate", "Ignore"))


def test_required():
    with pytest.raises(ApiError) as info:
        Params({}).required("StackId")
    assert (info.value.code, info.value.message) == ("MissingParameter",
                                                     "The input parameter StackId should be specified.")
    with pytest.raises(ApiError):
        Params({"StackId": ""}).required("StackId")


def test_lists_in_index_order():
    p = Params({"RetainResources.2": "b", "RetainResources.10": "j", "RetainResources.1": "a"})
    assert p.items("RetainResources") == ["a", "b", "j"]
    assert flat(StackName=["x", "y"], Status=["CREATE_COMPLETE"]).items("StackName") == ["x", "y"]
    assert Params({}).items("Status") == []
    with pytest.raises(ApiError):
        Params({"Status.x": "a"}).items("Status")
    with pytest.raises(ApiError):
        Params({f"S.{i}": "a" for i in range(1, 4)}).items("S", max_items=2)


@pytest.mark.parametrize("name", ["TaintResources", "RecreatingResources", "NotificationURLs", "LogicalResourceId",
                                  "ResourceType", "ResourceAttributes", "ChangeSetName", "ExecutionStatus",
                                  "StackIds"])
def test_every_list_name(name):
    assert flat(**{name: ["one", "two words"]}).items(name) == ["one", "two words"]


def test_parameters():
    p = flat(Parameters=[{"ParameterKey": "A", "ParameterValue": "1"}, {"ParameterKey": "B", "ParameterValue": ""}])
    assert p.parameters() == {"A": "1", "B": ""}
    with pytest.raises(ApiError) as info:
        flat(Parameters=[{"ParameterKey": "A"}]).parameters()
    assert info.value.code == "MissingParameter" and "Parameters.1.ParameterValue" in info.value.message
    with pytest.raises(ApiError):
        flat(Parameters=[{"ParameterKey": "A", "ParameterValue": "1"},
                         {"ParameterKey": "A", "ParameterValue": "2"}]).parameters()
    with pytest.raises(ApiError):
        Params({"Parameters.1.Key": "A"}).parameters()


def test_tags_and_tag():
    p = flat(Tags=[{"Key": "env", "Value": "prod"}, {"Key": "solo"}], Tag=[{"Key": "k", "Value": "v"}])
    assert p.tags() == [{"Key": "env", "Value": "prod"}, {"Key": "solo", "Value": ""}]
    assert p.tags("Tag") == [{"Key": "k", "Value": "v"}]
    with pytest.raises(ApiError):
        flat(Tags=[{"Key": str(i)} for i in range(21)]).tags()


def test_struct_list_and_mapping():
    p = flat(ResourcesToImport=[{"LogicalResourceId": "A", "ResourceType": "T", "ResourceIdentifier": "{}"}],
             DryRunOptions=["a"], M={"x.y": "1", "z": "2"})
    rows = p.struct_list("ResourcesToImport", ("LogicalResourceId", "ResourceType", "ResourceIdentifier"))
    assert rows == [{"LogicalResourceId": "A", "ResourceType": "T", "ResourceIdentifier": "{}"}]
    assert p.mapping("M") == {"x.y": "1", "z": "2"}
    assert p.has("DryRunOptions") and not p.has("Nope")


def test_template_source():
    assert Params({"TemplateBody": "x"}).template_source() == {"TemplateBody": "x"}
    with pytest.raises(ApiError) as info:
        Params({"TemplateBody": "x", "TemplateURL": "y"}).template_source()
    assert info.value.code == "MultipleParameter"
