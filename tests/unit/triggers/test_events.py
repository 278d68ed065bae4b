"""OSS matching and event JSON (fc-spec §6.1), timer and other event shapes (§5, §6.2)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from fcruntime.triggers import oss, others


def test_event_name_wildcards():
    assert oss.event_matches(["oss:ObjectCreated:*"], "ObjectCreated:PutObject")
    assert oss.event_matches(["oss:ObjectCreated:PutObject"], "ObjectCreated:PutObject")
    assert not oss.event_matches(["oss:ObjectCreated:PostObject"], "ObjectCreated:PutObject")
    assert not oss.event_matches(["oss:ObjectCreated:*"], "ObjectRemoved:DeleteObject")
    assert oss.event_matches(["oss:ObjectCreated:*", "oss:ObjectRemoved:*"], "ObjectRemoved:DeleteObject")
    assert not oss.event_matches([], "ObjectCreated:PutObject")


def test_key_filters():
    cfg = {"events": ["oss:ObjectCreated:*"], "filter": {"key": {"prefix": "src/", "suffix": ".png"}}}
    assert oss.matches(cfg, "ObjectCreated:PutObject", "src/a.png")
    assert not oss.matches(cfg, "ObjectCreated:PutObject", "dst/a.png")
    assert not oss.matches(cfg, "ObjectCreated:PutObject", "src/a.jpg")
    assert oss.matches({"events": ["oss:ObjectCreated:*"]}, "ObjectCreated:PutObject", "anything")


def test_bucket_of_arn():
    assert oss.bucket_of_arn("acs:oss:cn-hangzhou:123:my-bucket") == "my-bucket"
    assert oss.bucket_of_arn("acs:log:cn-hangzhou:123:project/p") == ""


def test_oss_event_shape():
    when = datetime(2022, 8, 13, 6, 45, 43, 123456, tzinfo=timezone.utc)
    doc = oss.build_event(event_name="ObjectCreated:PutObject", region="cn-hangzhou", account_id="1234567890123456",
                          bucket="testbucket", key="source/a.png", size=10, delta_size=10,
                          etag="688A7BF4F233DC9C88A80BF985AB0000", content_type="image/png",
                          user_meta={"last-modified": "20250213"}, when=when, request_id="RID", trigger_id="t1")
    (ev,) = doc["events"]
    assert ev["eventName"] == "ObjectCreated:PutObject" and ev["eventSource"] == "acs:oss"
    assert ev["eventTime"] == "2022-08-13T06:45:43.123Z" and ev["eventVersion"] == "1.0"
    assert ev["oss"]["bucket"] == {"arn": "acs:oss:cn-hangzhou:1234567890123456:testbucket", "name": "testbucket",
                                   "ownerIdentity": "1234567890123456", "virtualBucket": ""}
    assert ev["oss"]["object"] == {"deltaSize": 10, "eTag": "688A7BF4F233DC9C88A80BF985AB0000", "key": "source/a.png",
                                   "size": 10, "objectMeta": {"mimeType": "image/png",
                                                              "userMeta": {"x-oss-meta-last-modified": "20250213"}}}
    assert ev["oss"]["ossSchemaVersion"] == "1.0" and len(ev["oss"]["ruleId"]) == 40
    assert ev["region"] == "cn-hangzhou" and ev["responseElements"] == {"requestId": "RID"}
    assert ev["requestParameters"] == {"sourceIPAddress": "127.0.0.1"}
    assert ev["userIdentity"] == {"principalId": "1234567890123456"}
    json.dumps(doc)


def test_log_event_shape():
    cfg = {"sourceConfig": {"logstore": "src"}, "functionParameter": {"a": 1}, "logConfig": {"project": "p"}}
    doc = json.loads(others.sample_event("log", cfg, "acs:log:cn-hangzhou:1:project/proj", "cn-hangzhou", "1"))
    assert doc["parameter"] == {"a": 1}
    assert doc["source"]["projectName"] == "proj" and doc["source"]["logstoreName"] == "src"
    assert doc["source"]["endpoint"] == "http://cn-hangzhou-intranet.log.aliyuncs.com"
    assert set(doc) == {"parameter", "source", "jobName", "taskId", "cursorTime"}


def test_mns_event_shapes():
    assert others.sample_event("mns_topic", {"notifyContentFormat": "STREAM"}, "", "r", "1") == b"hello from rosconsole"
    doc = json.loads(others.sample_event("mns_topic", {"notifyContentFormat": "JSON"},
                                         "acs:mns:cn-hangzhou:1:/topics/t1", "r", "1"))
    assert doc["TopicName"] == "t1" and doc["Message"] == "hello from rosconsole"
    assert {"TopicOwner", "Subscriber", "PublishTime", "SubscriptionName", "MessageMD5", "MessageId"} <= set(doc)


def test_cdn_tablestore_eventbridge_shapes():
    doc = json.loads(others.sample_event("cdn_events", {"eventName": "CachedObjectsRefreshed",
                                                        "filter": {"domain": ["a.com"]}}, "", "cn-hangzhou", "1"))
    ev = doc["events"][0]
    assert ev["eventSource"] == "cdn" and ev["resource"] == {"domain": "a.com"} and ev["eventParameter"]["objectPath"]
    ts = json.loads(others.sample_event("tablestore", {}, "", "r", "1"))
    assert ts["Version"] == "Sync-v1" and ts["Records"][0]["Type"] == "PutRow"
    eb = json.loads(others.sample_event("eventbridge", {"eventSourceConfig": {"eventSourceType": "MNS"}}, "", "r", "1"))
    assert eb[0]["specversion"] == "1.0" and eb[0]["type"] == "mns:Queue:SendMessage"
