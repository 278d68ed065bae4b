"""Versions and aliases: `/services/{s}/versions[/{id}]`, `/services/{s}/aliases[/{a}]`."""
from __future__ import annotations

from django.http import HttpResponse

from fcruntime import errors
from fcruntime.api import serializers
from fcruntime.api.http import ApiRequest, json_response, no_content
from fcruntime.api.views.common import get_service, paginate, parse_limit, split_qualifier
from fcruntime import services

DIRECTIONS = ("BACKWARD", "FORWARD")


def _service(req: ApiRequest, service: str):
    name, qualifier = split_qualifier(service)
    if qualifier:
        raise errors.InvalidArgument(f"a qualifier is not allowed here: '{service}'")
    return get_service(req, name)


# --- versions -----------------------------------------------------------------------------------

def publish_version(req: ApiRequest, service: str) -> HttpResponse:
    row = _service(req, service)
    body = req.json()
    version = services.publish_version(row, str(body.get("description") or ""))
    return json_response(serializers.version_doc(version))


def list_versions(req: ApiRequest, service: str) -> HttpResponse:
    """Newest first (BACKWARD, the default) or oldest first (FORWARD); startKey/nextToken are version ids."""
    row = _service(req, service)
    direction = (req.query("direction") or "BACKWARD").upper()
    if direction not in DIRECTIONS:
        raise errors.InvalidArgument(f"direction must be BACKWARD or FORWARD, got '{direction}'")
    limit = parse_limit(req)
    rows = sorted(row.versions.all(), key=lambda v: int(v.version_id) if v.version_id.isdigit() else 0,
                  reverse=direction == "BACKWARD")
    start = req.query("nextToken") or req.query("startKey")
    if start:
        if not start.isdigit():
            raise errors.InvalidArgument(f"startKey/nextToken must be a version id, got '{start}'")
        bound = int(start)
        rows = [v for v in rows if (int(v.version_id) <= bound if direction == "BACKWARD" else int(v.version_id) >= bound)]
    page = rows[:limit]
    doc: dict = {"versions": [serializers.version_doc(v) for v in page], "direction": direction}
    if len(rows) > limit:
        doc["nextToken"] = rows[limit].version_id
    return json_response(doc)


def delete_version(req: ApiRequest, service: str, version: str) -> HttpResponse:
    row = _service(req, service)
    services.delete_version(services.get_version(row, version))
    return no_content()


# --- aliases ------------------------------------------------------------------------------------

def _weights(body: dict) -> tuple[str | None, float | None]:
    """`additionalVersionWeight: {"<ver>": 0.x}` (at most one entry) → (version, weight)."""
    weights = body.get("additionalVersionWeight")
    if weights in (None, {}):
        return None, None
    if not isinstance(weights, dict) or len(weights) > 1:
        raise errors.InvalidArgument("additionalVersionWeight must map at most one version id to a weight in 0..1")
    (version, weight), = weights.items()
    try:
        return str(version), float(weight)
    except (TypeError, ValueError):
        raise errors.InvalidArgument(f"additionalVersionWeight['{version}'] must be a number, got {weight!r}") from None


def create_alias(req: ApiRequest, service: str) -> HttpResponse:
    row = _service(req, service)
    body = req.json()
    name = body.get("aliasName")
    if not name:
        raise errors.InvalidArgument("aliasName is required")
    if not body.get("versionId"):
        raise errors.InvalidArgument("versionId is required")
    extra, weight = _weights(body)
    alias = services.create_alias(row, str(name), str(body["versionId"]), additional_version=extra,
                                  additional_weight=weight, description=str(body.get("description") or ""))
    return json_response(serializers.alias_doc(alias), etag=_alias_etag(alias))


def list_aliases(req: ApiRequest, service: str) -> HttpResponse:
    row = _service(req, service)
    rows = list(row.aliases.select_related("version", "additional_version"))
    page, next_token = paginate(req, rows, key=lambda a: a.name)
    doc: dict = {"aliases": [serializers.alias_doc(a) for a in page]}
    if next_token:
        doc["nextToken"] = next_token
    return json_response(doc)


def get_alias(req: ApiRequest, service: str, alias: str) -> HttpResponse:
    row = services.get_alias(_service(req, service), alias)
    return json_response(serializers.alias_doc(row), etag=_alias_etag(row))


def update_alias(req: ApiRequest, service: str, alias: str) -> HttpResponse:
    """Fields left out of the body keep their values (the SDK sends only what it was given)."""
    row = services.get_alias(_service(req, service), alias)
    body = req.json()
    version_id = str(body.get("versionId") or row.version.version_id)
    if "additionalVersionWeight" in body:
        extra, weight = _weights(body)
    else:
        extra = row.additional_version.version_id if row.additional_version_id else None
        weight = row.additional_weight if extra else None
        if extra == version_id:  # the kept canary became the main version: drop it
            extra, weight = None, None
    description = str(body["description"]) if body.get("description") is not None else row.description
    row = services.update_alias(row, version_id, additional_version=extra, additional_weight=weight,
                                description=description)
    return json_response(serializers.alias_doc(row), etag=_alias_etag(row))


def delete_alias(req: ApiRequest, service: str, alias: str) -> HttpResponse:
    services.delete_alias(services.get_alias(_service(req, service), alias))
    return no_content()


def _alias_etag(alias) -> str:
    from fcruntime.api.http import etag_for

    return etag_for(alias.pk, alias.modified_at.isoformat())
