"""OSS buckets of the account; create and delete through fcruntime.services."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from fcruntime import errors, services
from fcruntime.models import Bucket
from fcruntime.views.common import current_account, page, region, require_role


@login_required
@require_http_methods(["GET", "POST"])
def bucket_list(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        require_role(request)
        try:
            services.create_bucket(current_account(request), request.POST.get("name", "").strip(),
                                   region=region(request))
            messages.success(request, "Bucket created.")
            return redirect("fc:buckets")
        except errors.FcError as exc:
            error = f"{exc.code}: {exc.message}"
    rows = (Bucket.objects.filter(account=current_account(request))
            .annotate(object_count=Count("oss_objects"), total_size=Sum("oss_objects__size")).order_by("name"))
    return page(request, "fcruntime/bucket_list.html", {"buckets": rows, "error": error},
                partial="bucket-table", status=400 if error else 200)
