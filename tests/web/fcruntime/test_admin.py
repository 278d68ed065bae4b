"""The admin lists every fcruntime model for a superuser."""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from fcruntime import services

pytestmark = pytest.mark.django_db

MODELS = ("service", "function", "version", "alias", "trigger", "provisionconfig", "layer", "customdomain",
          "invocation", "bucket", "object")


def test_admin_changelists(client, alice):
    account = alice.memberships.get().account
    svc = services.create_service(account, "svc")
    fn = services.create_function(svc, "f", runtime="python3.9", handler="index.handler",
                                  code={"SourceCode": "def handler(e, c):\n    return 1\n"})
    services.create_bucket(account, "bkt-1")
    from fcruntime.models import Invocation
    Invocation.objects.create(account=account, function=fn, service_name="svc", function_name="f")
    admin = get_user_model().objects.create_superuser("root", password="password-123", email="")
    client.force_login(admin)
    for name in MODELS:
        resp = client.get(f"/admin/fcruntime/{name}/")
        assert resp.status_code == 200, name
    assert client.get(f"/admin/fcruntime/function/{fn.pk}/change/").status_code == 200
    inv = Invocation.objects.get()
    assert client.get(f"/admin/fcruntime/invocation/{inv.pk}/change/").status_code == 200
