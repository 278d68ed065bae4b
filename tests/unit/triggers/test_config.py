"""triggerConfig validation per type and the ROS -> FC API mapping."""
from __future__ import annotations

import pytest

from fcruntime import errors
from fcruntime.triggers import config as tc


def test_timer_normalised_and_enable_aliases():
    assert tc.check_config("timer", {"cronExpression": " @every 5m ", "payload": "x"}) == {
        "cronExpression": "@every 5m", "payload": "x", "enable": True}
    assert tc.check_config("timer", {"cronExpression": "0 0 4 * * *", "enabled": False})["enable"] is False
    assert tc.check_config("timer", {"cronExpression": "0 0 4 * * *", "enable": "false"})["enable"] is False
    assert tc.check_config("timer", {"cronExpression": "0 0 4 * * *", "payload": {"a": 1}})["payload"] == '{"a": 1}'


@pytest.mark.parametrize("cfg, message", [
    ({}, "cronExpression is required"),
    ({"cronExpression": "bad"}, "6 fields"),
    ({"cronExpression": "@every 30s"}, "at least 60"),
    ({"cronExpression": "@every 5m", "enable": "yes"}, "true or false"),
])
def test_timer_errors(cfg, message):
    with pytest.raises(errors.InvalidArgument, match=message):
        tc.check_config("timer", cfg)


def test_timer_payload_limit():
    with pytest.raises(errors.EntityTooLarge):
        tc.check_config("timer", {"cronExpression": "@every 5m", "payload": "x" * (128 * 1024 + 1)})


def test_timer_min_interval_can_be_lowered():
    assert tc.check_config("timer", {"cronExpression": "@every 5s"}, min_timer_seconds=1)["cronExpression"]


def test_http():
    assert tc.check_config("http", {"authType": "function", "methods": ["get", "POST", "GET"]}) == {
        "authType": "function", "methods": ["GET", "POST"]}
    with pytest.raises(errors.InvalidArgument, match="authType"):
        tc.check_config("http", {"authType": "none", "methods": ["GET"]})
    with pytest.raises(errors.InvalidArgument, match="TRACE"):
        tc.check_config("http", {"authType": "anonymous", "methods": ["TRACE"]})
    with pytest.raises(errors.InvalidArgument, match="non-empty"):
        tc.check_config("http", {"authType": "anonymous", "methods": []})


def test_oss():
    cfg = tc.check_config("oss", {"events": ["oss:ObjectCreated:*"], "filter": {"key": {"prefix": "src/"}}})
    assert cfg == {"events": ["oss:ObjectCreated:*"], "filter": {"key": {"prefix": "src/", "suffix": ""}}}
    with pytest.raises(errors.InvalidArgument, match="OSS event"):
        tc.check_config("oss", {"events": ["ObjectCreated:*"]})
    with pytest.raises(errors.InvalidArgument, match="non-empty"):
        tc.check_config("oss", {"events": []})


def test_log():
    cfg = {"sourceConfig": {"logstore": "src"}, "jobConfig": {"maxRetryTime": 3, "triggerInterval": 60},
           "functionParameter": {}, "logConfig": {"project": "p", "logstore": "fc-log"}, "enable": True}
    assert tc.check_config("log", cfg)["jobConfig"] == {"maxRetryTime": 3, "triggerInterval": 60}
    with pytest.raises(errors.InvalidArgument, match="must differ"):
        tc.check_config("log", {**cfg, "logConfig": {"project": "p", "logstore": "src"}})
    with pytest.raises(errors.InvalidArgument, match="maxRetryTime"):
        tc.check_config("log", {**cfg, "jobConfig": {"maxRetryTime": 101, "triggerInterval": 60}})


def test_mns_cdn_eventbridge():
    assert tc.check_config("mns_topic", {"notifyStrategy": "BACKOFF_RETRY", "notifyContentFormat": "JSON"}) == {
        "notifyStrategy": "BACKOFF_RETRY", "notifyContentFormat": "JSON"}
    with pytest.raises(errors.InvalidArgument, match="notifyContentFormat"):
        tc.check_config("mns_topic", {"notifyContentFormat": "XML"})
    cdn = {"eventName": "LogFileCreated", "eventVersion": "1.0.0", "notes": "n", "filter": {"domain": ["a.com"]}}
    assert tc.check_config("cdn_events", cdn) == cdn
    with pytest.raises(errors.InvalidArgument, match="eventName"):
        tc.check_config("cdn_events", {**cdn, "eventName": "Nope"})
    with pytest.raises(errors.InvalidArgument, match="filter.domain"):
        tc.check_config("cdn_events", {**cdn, "filter": {}})
    eb = tc.check_config("eventbridge", {"eventSourceConfig": {"eventSourceType": "MNS"}})
    assert eb["triggerEnable"] is True and eb["eventRuleFilterPattern"] == "{}"


def test_unknown_type_and_non_object():
    with pytest.raises(errors.InvalidArgument, match="not one of"):
        tc.check_config("sqs", {})
    with pytest.raises(errors.InvalidArgument, match="object"):
        tc.check_config("http", ["GET"])


def test_source_arn_checked_per_type():
    assert tc.check_source_arn("oss", "acs:oss:cn-hangzhou:1:b") == "acs:oss:cn-hangzhou:1:b"
    assert tc.check_source_arn("timer", "") == ""
    with pytest.raises(errors.InvalidArgument, match="acs:oss:"):
        tc.check_source_arn("oss", "acs:log:x")


def test_from_ros_timer_both_spellings():
    assert tc.from_ros("timer", {"CronExpression": "@every 5m", "Enable": True, "Payload": "p"})[0] == {
        "cronExpression": "@every 5m", "enable": True, "payload": "p"}
    assert tc.from_ros("timer", {"CronExpression": "@every 5m", "Enabled": False})[0]["enable"] is False


def test_from_ros_http_and_oss():
    assert tc.from_ros("http", {"AuthType": "anonymous", "Methods": ["GET"]})[0] == {
        "authType": "anonymous", "methods": ["GET"]}
    cfg, arn = tc.from_ros("oss", {"BucketName": "b1", "Events": ["oss:ObjectCreated:*"],
                                   "Filter": {"Key": {"Prefix": "in/", "Suffix": ".png"}}},
                           region="cn-hangzhou", account_id="1234567890123456")
    assert arn == "acs:oss:cn-hangzhou:1234567890123456:b1"
    assert cfg == {"events": ["oss:ObjectCreated:*"], "filter": {"key": {"prefix": "in/", "suffix": ".png"}}}


def test_from_ros_log_keeps_function_parameter_keys():
    cfg, _ = tc.from_ros("log", {"SourceConfig": {"LogStore": "s"}, "LogConfig": {"Project": "p", "LogStore": "l"},
                                 "JobConfig": {"MaxRetryTime": 1, "TriggerInterval": 30},
                                 "FunctionParameter": {"KeepCase": 1}, "Enable": True})
    assert cfg["sourceConfig"] == {"logstore": "s"} and cfg["logConfig"] == {"project": "p", "logstore": "l"}
    assert cfg["functionParameter"] == {"KeepCase": 1}
    assert tc.check_config("log", cfg)["jobConfig"]["triggerInterval"] == 30


def test_enabled():
    assert tc.enabled("timer", {"enable": False}) is False
    assert tc.enabled("eventbridge", {"triggerEnable": False}) is False
    assert tc.enabled("http", {}) is True
