"""Function page, Configuration tab."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from fcruntime import services
from fcruntime.views.common import function_context, get_function, page


@login_required
@require_GET
def function_detail(request: HttpRequest, service_name: str, function_name: str) -> HttpResponse:
    fn = get_function(request, service_name, function_name)
    arn = services.function_arn(fn.service.region, fn.service.account.account_id, fn.service.name, fn.name)
    return page(request, "fcruntime/function_detail.html", function_context(fn, "config", arn=arn))
