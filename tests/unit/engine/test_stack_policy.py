"""stacks.engine.stack_policy: parsing and the allow/deny decision."""
from __future__ import annotations

import pytest

from stacks.errors import StackError
from stacks.engine.stack_policy import PlannedChange, denied, enforce, parse

ALLOW_ALL = {"Statement": [{"Effect": "Allow", "Action": "Update:*", "Principal": "*", "Resource": "*"}]}
FN = PlannedChange("Fn", "ALIYUN::FC::Function", "Modify")
GONE = PlannedChange("Bucket", "ALIYUN::OSS::Bucket", "Remove")


def test_parse_json_and_yaml():
    assert parse('{"Statement": []}') == {"Statement": []}
    assert parse("Statement:\n  - Effect: Allow\n    Action: Update:*\n    Principal: '*'\n    Resource: '*'\n") \
        == ALLOW_ALL
    for bad in ("[]", '{"Statement": [{"Effect": "Allow"}]}', "{x",
                '{"Statement": [{"Effect": "Allow", "Action": "Update:Replace", "Resource": "*"}]}',
                '{"Statement": [{"Effect": "Allow", "Action": "Update:*", "Resource": "Fn"}]}'):
        with pytest.raises(StackError) as info:
            parse(bad)
        assert info.value.code == "InvalidParameter"


def test_default_deny_once_a_policy_exists():
    assert denied({"Statement": []}, FN)
    assert denied(ALLOW_ALL, FN) is None
    enforce(None, [FN])
    with pytest.raises(StackError) as info:
        enforce({"Statement": []}, [FN])
    assert info.value.code == "StackPolicyValidationFailed"


def test_deny_beats_allow_and_actions_differ():
    policy = {"Statement": ALLOW_ALL["Statement"] + [
        {"Effect": "Deny", "Action": "Update:Delete", "Principal": "*", "Resource": "*"}]}
    assert denied(policy, FN) is None
    assert "Update:Delete" in denied(policy, GONE)


def test_resource_patterns_not_forms_and_conditions():
    policy = {"Statement": [{"Effect": "Allow", "NotAction": "Update:Delete", "Principal": "*",
                             "NotResource": "LogicalResourceId/Prod*"},
                            {"Effect": "Deny", "Action": "Update:*", "Principal": "*", "Resource": "*",
                             "Condition": {"StringLike": {"ResourceType": ["ALIYUN::OSS::*"]}}}]}
    assert denied(policy, FN) is None
    assert denied(policy, PlannedChange("ProdFn", "ALIYUN::FC::Function", "Modify"))
    assert denied(policy, PlannedChange("Data", "ALIYUN::OSS::Bucket", "Modify"))
    equals = {"Statement": [{"Effect": "Allow", "Action": ["Update:Modify"], "Principal": "*", "Resource": ["*"],
                             "Condition": {"StringEquals": {"ResourceType": ["ALIYUN::FC::Function"]}}}]}
    assert denied(equals, FN) is None
    assert denied(equals, PlannedChange("S", "ALIYUN::FC::Service", "Modify"))
