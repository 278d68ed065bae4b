"""Versions, aliases, triggers, provision configs and paging through the SDK (no worker needed)."""
from __future__ import annotations

import fc2
import pytest


def _err(call):
    with pytest.raises(fc2.FcError) as err:
        call()
    return err.value


def test_versions_and_aliases(fc, service_with_function):
    svc, fn = service_with_function
    v1 = fc.publish_version(svc, description="first").data
    assert v1["versionId"] == "1" and v1["description"] == "first" and v1["createdTime"].endswith("Z")
    fc.update_function(svc, fn, description="changed", memorySize=512)
    assert fc.publish_version(svc).data["versionId"] == "2"
    fc.publish_version(svc)

    listed = fc.list_versions(svc).data
    assert [v["versionId"] for v in listed["versions"]] == ["3", "2", "1"] and listed["direction"] == "BACKWARD"
    page = fc.list_versions(svc, limit=2, direction="FORWARD").data
    assert [v["versionId"] for v in page["versions"]] == ["1", "2"] and page["nextToken"] == "3"
    rest = fc.list_versions(svc, limit=2, direction="FORWARD", nextToken=page["nextToken"]).data
    assert [v["versionId"] for v in rest["versions"]] == ["3"] and "nextToken" not in rest

    # a version shows the function as published
    assert fc.get_function(svc, fn, qualifier="1").data["memorySize"] == 128
    assert fc.get_function(svc, fn, qualifier="2").data["memorySize"] == 512
    assert fc.get_function(svc, fn).data["description"] == "changed"
    assert [f["functionName"] for f in fc.list_functions(svc, qualifier="1").data["functions"]] == [fn]

    alias = fc.create_alias(svc, "prod", "1", description="live", additionalVersionWeight={"2": 0.25}).data
    assert alias == {**alias, "aliasName": "prod", "versionId": "1", "description": "live",
                     "additionalVersionWeight": {"2": 0.25}}
    assert fc.get_function(svc, fn, qualifier="prod").data["memorySize"] == 128
    assert fc.get_service(svc, qualifier="prod").data["serviceName"] == svc

    updated = fc.update_alias(svc, "prod", "2").data
    assert updated["versionId"] == "2" and updated["description"] == "live"
    assert updated["additionalVersionWeight"] == {}  # main version cannot be its own canary
    fc.update_alias(svc, "prod", None, additionalVersionWeight={"3": 0.5})
    assert fc.get_alias(svc, "prod").data["additionalVersionWeight"] == {"3": 0.5}
    fc.create_alias(svc, "beta", "3")
    assert [a["aliasName"] for a in fc.list_aliases(svc).data["aliases"]] == ["beta", "prod"]
    assert [a["aliasName"] for a in fc.list_aliases(svc, prefix="p").data["aliases"]] == ["prod"]

    assert _err(lambda: fc.create_alias(svc, "prod", "1")).err_code == "AliasAlreadyExists"
    assert _err(lambda: fc.create_alias(svc, "bad", "9")).err_code == "VersionNotFound"
    assert _err(lambda: fc.create_alias(svc, "w", "1", additionalVersionWeight={"2": 1.5})).status_code == 400
    assert _err(lambda: fc.get_alias(svc, "nope")).err_code == "AliasNotFound"
    in_use = _err(lambda: fc.delete_version(svc, "3"))
    assert in_use.status_code == 409

    fc.delete_alias(svc, "beta")
    fc.delete_alias(svc, "prod")
    fc.delete_version(svc, "3")
    assert [v["versionId"] for v in fc.list_versions(svc).data["versions"]] == ["2", "1"]
    assert _err(lambda: fc.delete_version(svc, "3")).err_code == "VersionNotFound"


def test_trigger_crud(fc, service_with_function):
    svc, fn = service_with_function
    timer = fc.create_trigger(svc, fn, "tick", "timer", {"cronExpression": "@every 5m", "payload": "p", "enable": True},
                              None, None, description="ticks").data
    assert timer["triggerName"] == "tick" and timer["triggerType"] == "timer" and timer["qualifier"] == "LATEST"
    assert timer["triggerConfig"]["cronExpression"] == "@every 5m" and timer["triggerId"]
    http = fc.create_trigger(svc, fn, "web", "http", {"authType": "anonymous", "methods": ["GET", "post"]},
                             None, None).data
    assert http["triggerConfig"]["methods"] == ["GET", "POST"]
    assert http["urlInternet"].endswith(f"/2016-08-15/proxy/{svc}/{fn}/")

    assert [t["triggerName"] for t in fc.list_triggers(svc, fn).data["triggers"]] == ["tick", "web"]
    page = fc.list_triggers(svc, fn, limit=1).data
    assert [t["triggerName"] for t in page["triggers"]] == ["tick"] and page["nextToken"] == "web"
    assert fc.get_trigger(svc, fn, "tick").data["description"] == "ticks"

    upd = fc.update_trigger(svc, fn, "tick", triggerConfig={"cronExpression": "0 0 4 * * *", "enable": False}).data
    assert upd["triggerConfig"]["cronExpression"] == "0 0 4 * * *" and upd["triggerConfig"]["enable"] is False
    assert upd["description"] == "ticks"

    assert _err(lambda: fc.create_trigger(svc, fn, "tick", "timer", {"cronExpression": "@every 1m"}, None, None)
                ).err_code == "TriggerAlreadyExists"
    assert _err(lambda: fc.create_trigger(svc, fn, "x", "timer", {}, None, None)).status_code == 400
    assert _err(lambda: fc.create_trigger(svc, fn, "x", "http", {"authType": "nobody", "methods": ["GET"]},
                                          None, None)).status_code == 400
    assert _err(lambda: fc.create_trigger(svc, fn, "x", "carrier_pigeon", {}, None, None)).status_code == 400
    assert _err(lambda: fc.create_trigger(svc, fn, "x", "timer", {"cronExpression": "@every 1m"}, None, None,
                                          qualifier="nope")).err_code == "AliasNotFound"
    assert _err(lambda: fc.get_trigger(svc, fn, "nope")).err_code == "TriggerNotFound"

    assert _err(lambda: fc.delete_function(svc, fn)).err_code == "FunctionNotEmpty"
    fc.delete_trigger(svc, fn, "tick")
    fc.delete_trigger(svc, fn, "web")
    assert fc.list_triggers(svc, fn).data["triggers"] == []
    fc.delete_function(svc, fn)


def test_provision_config(fc, service_with_function):
    svc, fn = service_with_function
    fc.publish_version(svc)
    fc.create_alias(svc, "prod", "1")
    put = fc.put_provision_config(svc, "prod", fn, 2).data
    assert put["target"] == 2
    assert put["resource"].endswith(f"#{svc}#prod#{fn}")
    got = fc.get_provision_config(svc, "prod", fn).data
    assert got["target"] == 2 and "current" in got
    listed = fc.list_provision_configs(svc, "prod").data["provisionConfigs"]
    assert [c["resource"] for c in listed] == [put["resource"]]
    assert fc.list_provision_configs(None, None).data["provisionConfigs"][0]["target"] == 2
    assert _err(lambda: fc.put_provision_config(svc, "nope", fn, 1)).err_code == "AliasNotFound"
    assert _err(lambda: fc.put_provision_config(svc, "prod", fn, -1)).status_code == 400
    assert _err(lambda: fc.get_provision_config(svc, "LATEST", fn)).status_code == 404


def test_service_paging(fc):
    names = [f"svc-{i:02d}" for i in range(7)] + ["other"]
    for name in names:
        fc.create_service(name)
    seen, token = [], None
    while True:
        doc = fc.list_services(limit=3, nextToken=token, prefix="svc-").data
        seen += [s["serviceName"] for s in doc["services"]]
        token = doc.get("nextToken")
        if not token:
            break
    assert seen == [f"svc-{i:02d}" for i in range(7)]
    assert [s["serviceName"] for s in fc.list_services(startKey="svc-05").data["services"]] == ["svc-05", "svc-06"]
    assert len(fc.list_services().data["services"]) == 8
    assert _err(lambda: fc.list_services(limit=1000)).status_code == 400
    assert _err(lambda: fc.list_services(limit="x")).status_code == 400
