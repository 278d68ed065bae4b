"""Qualifiers, layers and provisioned instances through a real worker."""
from __future__ import annotations

import time

import pytest

from fcruntime import services
from fcruntime.models import ProvisionConfig
from tests.web.fcruntime.helpers import b64, make_zip

pytestmark = [pytest.mark.integration]


@pytest.fixture
def acme(transactional_db, make_user):
    return make_user("alice", "acme", "admin").memberships.get().account


def test_versions_and_aliases_run_their_snapshot(celery_worker, acme):
    svc = services.create_service(acme, "svc")
    fn = services.create_function(svc, "f", runtime="python3.9", handler="index.handler",
                                  code={"SourceCode": "def handler(e, c):\n    return 'one'\n"})
    services.publish_version(svc)
    fn = services.update_function(fn, code={"SourceCode": "def handler(e, c):\n    return 'two:' + c.service.qualifier\n"})
    services.create_alias(svc, "prod", "1")
    assert bytes(services.invoke(fn, b"").result) == b"two:LATEST"
    one = services.invoke(fn, b"", qualifier="1")
    assert bytes(one.result) == b"one" and one.version_id == "1"
    assert bytes(services.invoke(fn, b"", qualifier="prod").result) == b"one"


def test_layer_is_importable(celery_worker, acme):
    layer = services.publish_layer(acme, "greet", compatible_runtime=["python3.9"],
                                   code={"ZipFile": b64(make_zip({"python/greet.py": "def hi():\n    return 'hi from layer'\n"}))})
    svc = services.create_service(acme, "svc")
    fn = services.create_function(svc, "f", runtime="python3.9", handler="index.handler", layers=[layer.arn],
                                  code={"SourceCode": "import greet\ndef handler(e, c):\n    return greet.hi()\n"})
    inv = services.invoke(fn, b"")
    assert inv.status == "succeeded", inv.error_message
    assert bytes(inv.result) == b"hi from layer"


def test_provision_config_prewarms(celery_worker, acme):
    svc = services.create_service(acme, "svc")
    fn = services.create_function(svc, "f", runtime="python3.9", handler="index.handler",
                                  code={"SourceCode": "def handler(e, c):\n    return 'warm'\n"})
    row = services.put_provision_config(fn, "LATEST", 2)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        row.refresh_from_db()
        if row.current == 2:
            break
        time.sleep(0.2)
    assert row.current == 2
    assert services.resource_name(row) == f"{acme.account_id}#svc#LATEST#f"
    services.delete_provision_config(row)
    assert not ProvisionConfig.objects.exists()
