"""Layers: `/layers`, `/layers/{name}/versions[/{v}]`, `/layerarn/{arn}`."""
from __future__ import annotations

from django.core import signing as django_signing
from django.http import HttpResponse
from django.urls import reverse

from fcruntime import errors, services
from fcruntime.api.http import ApiRequest, iso, json_response, no_content
from fcruntime.api.views.common import paginate, parse_limit, region_of
from fcruntime.api.views.functions import CODE_LINK_SALT
from fcruntime.models import Layer
from fcruntime.services.layers import find_layer_by_arn


def layer_doc(req: ApiRequest, layer: Layer) -> dict:
    token = django_signing.dumps({"b": layer.code_blob, "c": layer.code_checksum, "f": f"{layer.name}-{layer.version}"},
                                 salt=CODE_LINK_SALT)
    url = req.http.build_absolute_uri(reverse("fc-api:function-code-download", kwargs={"token": token}))
    return {
        "layerName": layer.name,
        "version": layer.version,
        "description": layer.description,
        "code": {"repositoryType": "OSS", "location": url},
        "codeSize": layer.code_size,
        "codeChecksum": layer.code_checksum,
        "createTime": iso(layer.created_at),
        "acl": 0,
        "compatibleRuntime": list(layer.compatible_runtime),
        "arn": layer.arn,
    }


def _version(raw: str) -> int:
    if not raw.isdigit():
        raise errors.InvalidArgument(f"layer version must be a positive integer, got '{raw}'")
    return int(raw)


def publish_layer_version(req: ApiRequest, layer: str) -> HttpResponse:
    body = req.json()
    code = body.get("code")
    if not isinstance(code, dict) or not code:
        raise errors.InvalidArgument("code is required: give code.zipFile or code.ossBucketName + ossObjectName")
    row = services.publish_layer(req.account, layer, code=code, compatible_runtime=body.get("compatibleRuntime"),
                                 description=str(body.get("description") or ""), region=region_of(req))
    return json_response(layer_doc(req, row))


def _rows(req: ApiRequest):
    return Layer.objects.filter(account=req.account, region=region_of(req)).select_related("account")


def list_layers(req: ApiRequest) -> HttpResponse:
    """The newest version of each layer."""
    latest: dict[str, Layer] = {}
    for row in _rows(req).order_by("name", "-version"):
        latest.setdefault(row.name, row)
    page, next_token = paginate(req, list(latest.values()), key=lambda layer: layer.name)
    doc: dict = {"layers": [layer_doc(req, layer) for layer in page]}
    if next_token:
        doc["nextToken"] = next_token
    return json_response(doc)


def list_layer_versions(req: ApiRequest, layer: str) -> HttpResponse:
    rows = list(_rows(req).filter(name=layer).order_by("version"))
    if not rows:
        raise errors.LayerNotFound(layer)
    start = _version(req.query("startVersion") or "1")
    rows = [r for r in rows if r.version >= start]
    limit = parse_limit(req)
    doc: dict = {"layers": [layer_doc(req, r) for r in rows[:limit]]}
    if len(rows) > limit:
        doc["nextVersion"] = rows[limit].version
    return json_response(doc)


def get_layer_version(req: ApiRequest, layer: str, version: str) -> HttpResponse:
    return json_response(layer_doc(req, services.get_layer(req.account, layer, _version(version), region_of(req))))


def delete_layer_version(req: ApiRequest, layer: str, version: str) -> HttpResponse:
    services.delete_layer_version(services.get_layer(req.account, layer, _version(version), region_of(req)))
    return no_content()


def get_layer_by_arn(req: ApiRequest, arn: str) -> HttpResponse:
    row = find_layer_by_arn(req.account, arn)
    if row is None:
        raise errors.LayerNotFound(arn)
    return json_response(layer_doc(req, row))
