"""Stack detail, Parameters tab: user parameters (NoEcho masked) and the pseudo parameters."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from stacks.views.common import current_account, get_stack, page, tab_context
from stacks.views.display import parameter_rows


@login_required
@require_GET
def stack_parameters(request: HttpRequest, stack_id: str) -> HttpResponse:
    stack = get_stack(request, stack_id)
    account_id = current_account(request).account_id
    pseudo = {"ALIYUN::StackName": stack.name, "ALIYUN::StackId": str(stack.id), "ALIYUN::Region": stack.region,
              "ALIYUN::AccountId": account_id, "ALIYUN::TenantId": account_id}
    context = tab_context(stack, "parameters", parameters=parameter_rows(stack.parameters, stack.no_echo),
                          pseudo=parameter_rows(pseudo))
    return page(request, "stacks/stack_parameters.html", context, partial="parameters-panel")
