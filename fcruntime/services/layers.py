"""Layers: published, versioned ZIPs a function puts on sys.path / NODE_PATH (mounted at /opt)."""
from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from fcruntime import errors
from fcruntime.executor.spec import UnsupportedRuntime, check_runtime
from fcruntime.models import Layer
from fcruntime.services.code import code_bytes, store_zip
from fcruntime.services.common import LAYER_NAME_RE, account_of, check_name, region_or_default
from rosconsole.accounts.models import Account

LAYER_ARN_RE = re.compile(r"^acs:fc:(?P<region>[^:]+):(?P<account>\d+):layers/(?P<name>[^/]+)/versions/(?P<version>\d+)$")
# 2.0 API responses name layers "<hash>#<layerName>#<version>"
LAYER_REF_RE = re.compile(r"^[^#]*#(?P<name>[^#]+)#(?P<version>\d+)$")
MAX_LAYERS = 5


def publish_layer(account: Account | str, name: str, *, code: dict, compatible_runtime: list[str],
                  description: str = "", region: str | None = None) -> Layer:
    account = account_of(account)
    check_name("LayerName", name, LAYER_NAME_RE)
    if not compatible_runtime or not isinstance(compatible_runtime, list):
        raise errors.InvalidArgument("CompatibleRuntime needs at least one runtime")
    for rt in compatible_runtime:
        try:
            check_runtime(str(rt))
        except UnsupportedRuntime as exc:
            raise errors.InvalidArgument(exc.message) from None
    if code and (code.get("SourceCode") or code.get("sourceCode")) and not (code.get("ZipFile") or code.get("zipFile")):
        raise errors.InvalidArgument("Layer Code takes ZipFile or OssBucketName + OssObjectName")
    data, _ = code_bytes(account, str(compatible_runtime[0]), code)
    blob = store_zip(data)
    region = region_or_default(region)
    for _ in range(5):
        last = Layer.objects.filter(account=account, region=region, name=name).order_by("-version").first()
        try:
            with transaction.atomic():
                return Layer.objects.create(account=account, region=region, name=name,
                                            version=(last.version + 1 if last else 1), description=description or "",
                                            compatible_runtime=[str(r) for r in compatible_runtime],
                                            code_checksum=blob.checksum, code_blob=blob.key, code_size=blob.size)
        except IntegrityError:
            continue
    raise errors.FcError("concurrent layer publishing, retry")


def find_layer_by_arn(account: Account, arn: str) -> Layer | None:
    m = LAYER_ARN_RE.match(arn or "")
    if m:
        if m["account"] != account.account_id:
            return None
        return Layer.objects.filter(account=account, region=m["region"], name=m["name"], version=int(m["version"])).first()
    m = LAYER_REF_RE.match(arn or "")
    if m:
        return Layer.objects.filter(account=account, name=m["name"], version=int(m["version"])).first()
    return None


def check_layer_arns(account: Account, arns: list) -> None:
    if len(arns) > MAX_LAYERS:
        raise errors.InvalidArgument(f"a function can use at most {MAX_LAYERS} layers")
    for arn in arns:
        if find_layer_by_arn(account, str(arn)) is None:
            raise errors.LayerNotFound(str(arn))


def get_layer(account: Account | str, name: str, version: int, region: str | None = None) -> Layer:
    layer = Layer.objects.filter(account=account_of(account), region=region_or_default(region), name=name,
                                 version=int(version)).first()
    if layer is None:
        raise errors.LayerNotFound(f"{name}#{version}")
    return layer


def delete_layer_version(layer: Layer) -> None:
    layer.delete()
