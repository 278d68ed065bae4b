"""`/2016-08-15/proxy/...` routes (included by fcruntime.api.urls when this module exists)."""
from __future__ import annotations

from django.urls import re_path

from fcruntime.triggers.http import proxy

urlpatterns = [
    re_path(r"^(?P<target>[^/]+)/(?P<function>[^/]+)(?P<rest>/.*)?$", proxy, name="fc-http-trigger"),
]
