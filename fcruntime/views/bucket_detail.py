"""One bucket: its objects (prefix filter), with upload, download and delete.

Object writes go through fcruntime.services.oss (put_object / get_object / delete_object, which
also fire OSS triggers).
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from fcruntime import errors
from fcruntime.services import oss as objects
from fcruntime.views.common import get_bucket, page, require_role

LIMIT = 200
MAX_UPLOAD = 50 * 1024 * 1024


def _objects_available() -> bool:
    return all(hasattr(objects, n) for n in ("put_object", "get_object", "delete_object"))


@login_required
@require_http_methods(["GET", "POST"])
def bucket_detail(request: HttpRequest, bucket_name: str) -> HttpResponse:
    bucket = get_bucket(request, bucket_name)
    if request.method == "POST":
        return _write(request, bucket)
    prefix = request.GET.get("prefix", "")[:1024]
    qs = bucket.oss_objects.all()
    if prefix:
        qs = qs.filter(key__startswith=prefix)
    objects = list(qs.only("key", "size", "content_type", "last_modified", "etag").order_by("key")[:LIMIT + 1])
    context = {"bucket": bucket, "objects": objects[:LIMIT], "more": len(objects) > LIMIT, "prefix": prefix,
               "objects_available": _objects_available()}
    return page(request, "fcruntime/bucket_detail.html", context, partial="object-table")


def _write(request: HttpRequest, bucket) -> HttpResponse:
    require_role(request)
    if not _objects_available():
        raise Http404("Object operations are not available.")
    try:
        if request.POST.get("action") == "delete":
            objects.delete_object(bucket, request.POST.get("key", ""))
            messages.success(request, "Object deleted.")
        else:
            upload = request.FILES.get("file")
            if upload is None or upload.size > MAX_UPLOAD:
                raise errors.InvalidArgument(f"Choose a file of at most {MAX_UPLOAD} bytes.")
            key = (request.POST.get("prefix", "") + upload.name).lstrip("/")
            objects.put_object(bucket, key, upload.read(), content_type=upload.content_type or "")
            messages.success(request, f"Uploaded {key}.")
    except errors.FcError as exc:
        messages.error(request, f"{exc.code}: {exc.message}")
    return redirect("fc:bucket", bucket.name)


@login_required
@require_GET
def object_download(request: HttpRequest, bucket_name: str, key: str) -> HttpResponse:
    bucket = get_bucket(request, bucket_name)
    if not _objects_available():
        raise Http404("Object operations are not available.")
    try:
        obj, data = objects.get_object(bucket, key)
    except errors.FcError:
        raise Http404("Object not found.") from None
    response = HttpResponse(data, content_type="application/octet-stream")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''" + _quote(key.rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote
    return quote(name, safe="")
