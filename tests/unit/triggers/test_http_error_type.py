"""HTTP-trigger responses of failed invocations: X-Fc-Error-Type is the executor's kind, never the errorType."""
from __future__ import annotations

import json

import pytest

from fcruntime.models import Invocation
from fcruntime.triggers.http import build_response


@pytest.mark.parametrize("kind", ["HandledInvocationError", "UnhandledInvocationError"])
def test_failed_invocation_sends_its_error_kind(kind):
    error = {"errorMessage": "x", "errorType": "Error"}
    inv = Invocation(request_id="r-1", status="failed", error_type="Error", error_kind=kind, error_message="x",
                     result=json.dumps(error).encode(), result_size=len(json.dumps(error)))
    response = build_response(inv)
    assert response.status_code == 502
    assert response["X-Fc-Error-Type"] == kind
    assert json.loads(response.content) == error


def test_a_row_without_a_kind_is_unhandled():
    inv = Invocation(request_id="r-2", status="failed", error_type="ValueError", error_message="bad")
    assert build_response(inv)["X-Fc-Error-Type"] == "UnhandledInvocationError"
