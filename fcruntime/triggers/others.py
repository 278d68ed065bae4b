"""Event shapes of the trigger types that do not fire locally (fc-spec §6.2), for "send test event".

Each builder takes the trigger's type, config, source ARN, region and account and returns the event a
real event source would deliver, filled with plausible values derived from the configuration.
"""
from __future__ import annotations

import hashlib
import json
import time
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, Callable


def _arn_tail(source_arn: str, marker: str) -> str:
    return source_arn.split(marker, 1)[1] if marker in (source_arn or "") else ""


def log_event(config: dict, source_arn: str, region: str, account_id: str) -> Any:
    project = _arn_tail(source_arn, "project/") or (config.get("logConfig") or {}).get("project", "")
    now = int(time.time())
    return {"parameter": dict(config.get("functionParameter") or {}),
            "source": {"endpoint": f"http://{region}-intranet.log.aliyuncs.com", "projectName": project,
                       "logstoreName": (config.get("sourceConfig") or {}).get("logstore", ""), "shardId": 0,
                       "beginCursor": "MTU1NTM5MDI5ODcxMDk2OTQ5NQ==", "endCursor": "MTU1NTM5MDI5ODcxMDk2OTQ5Ng=="},
            "jobName": hashlib.sha1(source_arn.encode()).hexdigest(), "taskId": str(uuid.uuid4()),
            "cursorTime": now}


def mns_topic_event(config: dict, source_arn: str, region: str, account_id: str) -> Any:
    message = "hello from rosconsole"
    if config.get("notifyContentFormat") == "JSON":
        topic = _arn_tail(source_arn, "topics/").strip("/") or "test-topic"
        return {"TopicOwner": account_id, "Message": message, "Subscriber": account_id,
                "PublishTime": int(time.time() * 1000), "SubscriptionName": f"fc-{topic}",
                "MessageMD5": hashlib.md5(message.encode()).hexdigest().upper(), "TopicName": topic,
                "MessageId": uuid.uuid4().hex.upper()}
    return message  # STREAM: the raw message body


def cdn_events_event(config: dict, source_arn: str, region: str, account_id: str) -> Any:
    now = datetime.now(timezone(timedelta(hours=8))).replace(microsecond=0)
    domain = ((config.get("filter") or {}).get("domain") or ["example.com"])[0]
    name = config.get("eventName") or "LogFileCreated"
    params: dict[str, Any] = {"domain": domain}
    if name == "LogFileCreated":
        params.update(startTime=int(time.time()) - 3600, endTime=int(time.time()), fileSize=1024,
                      filePath=f"http://cdnlog.cn-hangzhou.oss.aliyun-inc.com/{domain}/2018_06_14/{domain}.gz")
    elif name.startswith("CachedObjects"):
        params.update(objectPath=[f"/{domain}/index.html"], createTime=int(time.time()) - 5,
                      completeTime=int(time.time()), objectType="File", taskId=uuid.uuid4().hex[:11])
    else:
        params.update(status="online" if name in ("CdnDomainStarted", "CdnDomainAdded") else "offline")
    return {"events": [{"eventName": name, "eventSource": "cdn", "region": region,
                        "eventVersion": config.get("eventVersion") or "1.0.0", "eventTime": now.isoformat(),
                        "traceId": uuid.uuid4().hex, "userIdentity": {"aliUid": account_id},
                        "resource": {"domain": domain}, "eventParameter": params}]}


def tablestore_event(config: dict, source_arn: str, region: str, account_id: str) -> Any:
    ts = int(time.time() * 1000000)
    return {"Version": "Sync-v1", "Records": [{
        "Type": "PutRow", "Info": {"Timestamp": ts},
        "PrimaryKey": [{"ColumnName": "id", "Value": 1}],
        "Columns": [{"Type": "Put", "ColumnName": "value", "Value": "hello", "Timestamp": ts // 1000}]}]}


def eventbridge_event(config: dict, source_arn: str, region: str, account_id: str) -> Any:
    kind = ((config.get("eventSourceConfig") or {}).get("eventSourceType") or "Default")
    now = datetime.now(timezone.utc)
    return [{"id": str(uuid.uuid4()), "source": f"acs:{kind.lower()}", "specversion": "1.0",
             "type": "mns:Queue:SendMessage" if kind == "MNS" else f"{kind}:TestEvent",
             "datacontenttype": "application/json; charset=utf-8", "subject": source_arn or f"acs:{kind.lower()}",
             "time": now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z",
             "aliyunaccountid": account_id, "aliyunpublishtime": now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
             "aliyunoriginalaccountid": account_id, "aliyuneventbusname": "default",
             "aliyunregionid": region, "aliyunpublishaddr": "127.0.0.1",
             "data": {"messageBody": "hello from rosconsole"}}]


BUILDERS: dict[str, Callable[[dict, str, str, str], Any]] = {
    "log": log_event, "mns_topic": mns_topic_event, "cdn_events": cdn_events_event,
    "tablestore": tablestore_event, "eventbridge": eventbridge_event,
}


def sample_event(trigger_type: str, config: dict, source_arn: str, region: str, account_id: str) -> bytes:
    """The test event bytes (JSON, or the raw body for an MNS STREAM topic)."""
    doc = BUILDERS[trigger_type](config or {}, source_arn or "", region, account_id)
    if isinstance(doc, str):
        return doc.encode("utf-8")
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
