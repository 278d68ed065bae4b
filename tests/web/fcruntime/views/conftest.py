"""FC page fixtures: a service with an inline-source function, and invocations written directly."""
from __future__ import annotations

import pytest

SOURCE = "def handler(event, context):\n    print('hello log')\n    return event\n"


@pytest.fixture
def fn(acme):
    from fcruntime import services

    service = services.create_service(acme, "svc", region="cn-hangzhou", description="demo service")
    return services.create_function(service, "echo", runtime="python3.10", handler="index.handler",
                                    code={"SourceCode": SOURCE}, environment_variables={"GREETING": "hi"})


@pytest.fixture
def make_invocation(fn):
    from fcruntime.models import Invocation

    def make(status="succeeded", result=b'{"ok": true}', logs="hello log\n", **fields):
        return Invocation.objects.create(account=fn.service.account, function=fn, service_name=fn.service.name,
                                         function_name=fn.name, status=status, result=result,
                                         result_size=len(result), logs=logs, duration_ms=12.5, max_memory_mb=20,
                                         event=b'{"k": 1}', **fields)

    return make
