"""Functions: `/services/{s[.q]}/functions[/{f}[/code]]`, and the signed code download link."""
from __future__ import annotations

import base64
import binascii

from django.core import signing as django_signing
from django.http import FileResponse, HttpResponse
from django.urls import reverse

from fcruntime import blobstore, errors
from fcruntime.api import errors as api_errors
from fcruntime.api import serializers
from fcruntime.api.http import ApiRequest, check_if_match, json_response, no_content
from fcruntime.api.views.common import (get_function, get_service, paginate, snapshot_config, split_qualifier,
                                        version_for_qualifier)
from fcruntime.executor.checksum import crc64
from fcruntime import services

CODE_LINK_SECONDS = 600
CODE_LINK_SALT = "fcruntime.api.function-code"
CODE_BODY_LIMIT = 140 * 1024 * 1024  # 100 MB zip, base64-encoded, inside JSON


def _code_from(body: dict, required: bool) -> dict | None:
    code = body.get("code")
    if code in (None, {}):
        if required:
            raise errors.InvalidArgument("code is required: give code.zipFile or code.ossBucketName + ossObjectName")
        return None
    if not isinstance(code, dict):
        raise errors.InvalidArgument("code must be an object with zipFile or ossBucketName + ossObjectName")
    allowed = {"zipFile", "ossBucketName", "ossObjectName", "checksum"}
    unknown = set(code) - allowed
    if unknown:
        raise errors.InvalidArgument(f"unknown code fields: {', '.join(sorted(unknown))}")
    return {k: v for k, v in code.items() if k != "checksum"}


def _check_code_checksum(req: ApiRequest, body: dict, code: dict | None) -> None:
    """`X-Fc-Code-Checksum` header (or code.checksum) must match the CRC-64 of the uploaded zip."""
    wanted = req.header("X-Fc-Code-Checksum") or (body.get("code") or {}).get("checksum")
    if not wanted or not code or not code.get("zipFile"):
        return
    try:
        data = base64.b64decode(str(code["zipFile"]), validate=True)
    except (binascii.Error, ValueError):
        raise errors.InvalidArgument("code.zipFile is not valid base64") from None
    actual = str(crc64(data))
    if str(wanted) != actual:
        raise errors.InvalidArgument(f"code checksum mismatch: expected {wanted}, got {actual}")


def _function_response(fn, config=None) -> HttpResponse:
    return json_response(serializers.function_doc(fn, config), etag=serializers.function_etag(fn))


def _plain_service(req: ApiRequest, service: str):
    name, qualifier = split_qualifier(service)
    if qualifier:
        raise errors.InvalidArgument(f"a qualifier is not allowed here: '{service}'")
    return get_service(req, name)


def create_function(req: ApiRequest, service: str) -> HttpResponse:
    row = _plain_service(req, service)
    body = req.json()
    name = body.get("functionName")
    if not name:
        raise errors.InvalidArgument("functionName is required")
    for required in ("runtime", "handler"):
        if not body.get(required):
            raise errors.InvalidArgument(f"{required} is required")
    code = _code_from(body, required=True)
    _check_code_checksum(req, body, code)
    kwargs = serializers.function_kwargs(body)
    runtime, handler = kwargs.pop("runtime"), kwargs.pop("handler")
    fn = services.create_function(row, str(name), runtime=runtime, handler=handler, code=code, **kwargs)
    return _function_response(fn)


def list_functions(req: ApiRequest, service: str) -> HttpResponse:
    name, qualifier = split_qualifier(service)
    row = get_service(req, name)
    version = version_for_qualifier(row, qualifier)
    rows = services.list_functions(row)
    if version is not None:
        rows = [fn for fn in rows if fn.name in version.snapshot]
    page, next_token = paginate(req, rows, key=lambda fn: fn.name)
    doc: dict = {"functions": [serializers.function_doc(fn, snapshot_config(fn, version)) for fn in page]}
    if next_token:
        doc["nextToken"] = next_token
    return json_response(doc)


def _qualified_function(req: ApiRequest, service: str, function: str):
    name, qualifier = split_qualifier(service)
    fn = get_function(req, name, function)
    version = version_for_qualifier(fn.service, qualifier)
    return fn, snapshot_config(fn, version)


def get_function_view(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn, config = _qualified_function(req, service, function)
    return _function_response(fn, config)


def update_function(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn = services.get_function(_plain_service(req, service), function)
    check_if_match(req, serializers.function_etag(fn))
    body = req.json()
    code = _code_from(body, required=False)
    _check_code_checksum(req, body, code)
    kwargs = serializers.function_kwargs(body, current_extra=fn.extra)
    fn = services.update_function(fn, code=code, **kwargs)
    return _function_response(fn)


def delete_function(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn = services.get_function(_plain_service(req, service), function)
    check_if_match(req, serializers.function_etag(fn))
    services.delete_function(fn)
    return no_content()


def get_function_code(req: ApiRequest, service: str, function: str) -> HttpResponse:
    fn, config = _qualified_function(req, service, function)
    src = config if config is not None else fn
    token = django_signing.dumps({"b": src.code_blob, "c": src.code_checksum, "f": fn.name}, salt=CODE_LINK_SALT)
    url = req.http.build_absolute_uri(reverse("fc-api:function-code-download", kwargs={"token": token}))
    return json_response({"url": url, "checksum": src.code_checksum})


def download_code(req: ApiRequest, token: str) -> HttpResponse:
    """The link GetFunctionCode hands out: the zip itself, for CODE_LINK_SECONDS, no other credential."""
    try:
        claim = django_signing.loads(token, salt=CODE_LINK_SALT, max_age=CODE_LINK_SECONDS)
    except django_signing.SignatureExpired:
        raise api_errors.DownloadLinkExpired("the code download link has expired; call GetFunctionCode again") from None
    except django_signing.BadSignature:
        raise api_errors.DownloadLinkExpired("the code download link is not valid") from None
    key = str(claim.get("b", ""))
    if not key or not blobstore.exists(key):
        raise api_errors.ResourceNotFound("the code package no longer exists")
    response = FileResponse(open(blobstore.path_for(key), "rb"), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{claim.get("f") or "code"}.zip"'
    response["X-Fc-Code-Checksum"] = str(claim.get("c", ""))
    return response
