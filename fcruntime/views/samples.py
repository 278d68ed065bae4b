"""Sample test events per trigger type, for the function Test tab."""
from __future__ import annotations

import json

SAMPLE_EVENTS = {
    "default": ("Default event", json.dumps({"key1": "value1", "key2": "value2"}, indent=2)),
    "timer": ("Timer trigger", json.dumps({"triggerTime": "2025-01-01T00:00:00Z", "triggerName": "every-minute",
                                           "payload": "{\"from\": \"timer\"}"}, indent=2)),
    "oss": ("OSS trigger", json.dumps({"events": [{
        "eventName": "ObjectCreated:PutObject", "eventSource": "acs:oss", "eventTime": "2025-01-01T00:00:00.000Z",
        "eventVersion": "1.0", "region": "cn-hangzhou",
        "oss": {"bucket": {"name": "uploads-demo", "arn": "acs:oss:cn-hangzhou:1234567890123456:uploads-demo"},
                "object": {"key": "incoming/photo.jpg", "size": 1024, "eTag": "0123456789abcdef"},
                "ossSchemaVersion": "1.0"}}]}, indent=2)),
    "http": ("HTTP request (body)", json.dumps({"name": "world"}, indent=2)),
    "custom": ("Custom resource request", json.dumps({
        "RequestType": "Create", "RequestId": "00000000-0000-0000-0000-000000000000",
        "ResponseURL": "http://127.0.0.1:8000/", "StackId": "00000000-0000-0000-0000-000000000000",
        "StackName": "demo", "LogicalResourceId": "Greeting", "ResourceType": "Custom::Greeting",
        "ResourceProperties": {"Name": "World"}}, indent=2)),
}
