"""ALIYUN::FC::Layer: publish a layer version (every property is replace-only). Ref = the layer version ARN."""
from __future__ import annotations

from fcruntime import services
from fcruntime.resources.common import account, fc_step, props
from fcruntime.services.layers import find_layer_by_arn
from stacks.resources.base import Prop, Provider, ProviderRequest, StepResult, done


class LayerProvider(Provider):
    TYPE = "ALIYUN::FC::Layer"
    PROPERTIES = {
        "LayerName": Prop("String", required=True, update="replace"),
        "CompatibleRuntime": Prop("List", required=True, update="replace"),
        "Code": Prop("Map", required=True, update="replace", description="ZipFile, or OssBucketName + OssObjectName"),
        "Description": Prop("String", update="replace"),
    }
    ATTRIBUTES = ("LayerName", "Version", "Arn")
    MAX_STEP_SECONDS = 120

    @fc_step
    def create(self, request: ProviderRequest) -> StepResult:
        p = props(self, request)
        layer = services.publish_layer(account(request), p["LayerName"], code=p.get("Code") or {},
                                       compatible_runtime=list(p.get("CompatibleRuntime") or []),
                                       description=p.get("Description") or "", region=request.region)
        return done(layer.arn, {"LayerName": layer.name, "Version": layer.version, "Arn": layer.arn})

    @fc_step
    def delete(self, request: ProviderRequest) -> StepResult:
        layer = find_layer_by_arn(account(request), request.physical_id or "")
        if layer is None:
            return done(request.physical_id)
        services.delete_layer_version(layer)
        return done(request.physical_id)

