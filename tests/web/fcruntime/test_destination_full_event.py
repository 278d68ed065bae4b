"""An async invocation's destination gets the whole event, also when it was spooled (over 64 KB)."""
from __future__ import annotations

import json
import os

import pytest

from fcruntime import services
from fcruntime.models import Invocation, InvocationStatus
from fcruntime.services import runner
from fcruntime.services.invoke import EVENT_CAP, full_event, start_invocation
from fcruntime.services.versions import resolve

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def test_spooled_event_reaches_the_destination_whole_and_then_goes(acme):
    svc = services.create_service(acme, "svc")
    code = {"SourceCode": "def handler(e, c):\n    return e\n"}
    sink = services.create_function(svc, "sink", runtime="python3.9", handler="index.handler", code=code)
    arn = services.function_arn(svc.region, acme.account_id, svc.name, sink.name, "LATEST")
    fn = services.create_function(svc, "f", runtime="python3.9", handler="index.handler", code=code,
                                  async_configuration={"Destination": {"OnSuccess": arn}})
    payload = b"e" * (EVENT_CAP + 30_000)  # spooled: the row keeps only the first 64 KB
    inv = start_invocation(fn, payload, async_=True)
    assert inv.event_path and os.path.exists(inv.event_path)

    Invocation.objects.filter(pk=inv.pk).update(status=InvocationStatus.SUCCEEDED, result=b"ok")
    inv.refresh_from_db()
    runner._finish(inv, resolve(fn, "LATEST"), {})

    inv.refresh_from_db()
    child = Invocation.objects.get(request_id=inv.destination_request_id)
    record = json.loads(full_event(child))
    assert record["requestPayload"] == payload.decode()
    assert not os.path.exists(inv.event_path)
