"""POST `/stacks/<StackId>/signal/<handle id>/<token>`: a WaitConditionHandle signal (no login; the token
in the path is an HMAC only the engine can compute). Body: `{"status", "reason", "id", "data"}`."""
from __future__ import annotations

import hmac
import json

from django.db import transaction
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from stacks.engine import dispatch, events, states
from stacks.models import Stack, StackResource, WaitConditionSignal
from stacks.resources.wait_condition import signal_token

STATUSES = ("SUCCESS", "FAILURE", "WARNING")


@csrf_exempt
@require_POST
def signal(request: HttpRequest, stack_id, handle_id: str, token: str) -> JsonResponse:
    if not hmac.compare_digest(token, signal_token(str(stack_id), handle_id)):
        raise Http404("No such wait condition handle")
    handle = StackResource.objects.select_related("stack").filter(
        stack_id=stack_id, type="ALIYUN::ROS::WaitConditionHandle", physical_id=handle_id).exclude(
        status="DELETE_COMPLETE").first()
    if handle is None:
        raise Http404("No such wait condition handle")
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"Code": "InvalidParameter", "Message": "The body is not JSON."}, status=400)
    status = str(body.get("status") or body.get("Status") or "").upper() if isinstance(body, dict) else ""
    if status not in STATUSES:
        return JsonResponse({"Code": "InvalidParameter",
                             "Message": 'The specified parameter status is invalid, use "SUCCESS" or "FAILURE".'},
                            status=400)
    unique_id = record_signal(handle, status, body)
    return JsonResponse({"Status": status, "Id": unique_id})


def record_signal(handle: StackResource, status: str, body: dict) -> str:
    reason = str(body.get("reason") or body.get("Reason") or "")
    data = body.get("data", body.get("Data"))
    with transaction.atomic():
        Stack.objects.select_for_update(no_key=True).filter(pk=handle.stack_id).first()  # number ids one at a time
        signals = WaitConditionSignal.objects.filter(handle=handle.physical_id)
        unique_id = str(body.get("id") or body.get("UniqueId") or signals.count() + 1)
        WaitConditionSignal.objects.update_or_create(
            handle=handle.physical_id, unique_id=unique_id,
            defaults={"stack_id": handle.stack_id, "status": status, "reason": reason, "data": data})
        text = f"Signal received (id {unique_id}): {status}" + (f": {reason}" if reason else "")
        events.record(handle.stack, None, handle.logical_id, handle.type, handle.status, text, handle.physical_id)
        _wake_waiters(handle.stack_id)
    return unique_id


def _wake_waiters(stack_id) -> None:
    """Poll the stack's waiting WaitConditions now rather than at their next countdown."""
    waiting = StackResource.objects.filter(stack_id=stack_id, type="ALIYUN::ROS::WaitCondition",
                                           step_state=states.STEP_READY).values_list("step_operation", "logical_id")
    for operation_id, logical_id in waiting:
        dispatch.enqueue(operation_id, logical_id)
