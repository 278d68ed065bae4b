"""Reference and lookup functions: Ref, Fn::GetAtt, Fn::FindInMap, Fn::GetAZs,
Fn::GetStackOutput, Fn::MarketplaceImage."""
from __future__ import annotations

from typing import Any, Iterator

from ..errors import InvalidTemplate
from .base import Intrinsic, resolve_value, to_text
from .context import ResolveContext

DEFAULT_ZONES: dict[str, list[str]] = {
    "cn-hangzhou": ["cn-hangzhou-g", "cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"],
    "cn-shanghai": ["cn-shanghai-e", "cn-shanghai-f", "cn-shanghai-g", "cn-shanghai-l"],
    "cn-beijing": ["cn-beijing-f", "cn-beijing-g", "cn-beijing-h", "cn-beijing-i"],
    "cn-shenzhen": ["cn-shenzhen-d", "cn-shenzhen-e", "cn-shenzhen-f"],
    "ap-southeast-1": ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"],
    "us-west-1": ["us-west-1a", "us-west-1b"],
    "eu-central-1": ["eu-central-1a", "eu-central-1b"],
}


class Ref(Intrinsic):
    """A parameter's typed value, a resource's physical id, a pseudo parameter or a Local.

    Takes the form::

        {"Ref": "Name"}
    """

    name = "Ref"

    def check(self) -> None:
        if not isinstance(self.args, str) or not self.args:
            raise self.error("the argument must be a literal name")

    def own_references(self) -> Iterator[Any]:
        yield self.args

    def resolve(self, ctx: ResolveContext) -> Any:
        return ctx.lookup(self.args, self.path)


class GetAtt(Intrinsic):
    """An attribute of a resource (``Outputs.Key`` of a nested stack).

    Takes the form::

        {"Fn::GetAtt": ["LogicalId", "AttributeName"]}
        {"Fn::GetAtt": "LogicalId.AttributeName"}
    """

    name = "Fn::GetAtt"

    def check(self) -> None:
        if isinstance(self.args, str) and "." in self.args:
            from ..loader import split_getatt
            self.args = split_getatt(self.args)
        if not isinstance(self.args, list) or len(self.args) < 2:
            raise self.error("the argument must be [LogicalId, AttributeName]")
        if not isinstance(self.args[0], str) or not self.args[0]:
            raise self.error("the logical id must be a literal string")
        if len(self.args) > 2:
            if not all(isinstance(a, str) for a in self.args[1:]):
                raise self.error("the attribute name must be a string")
            self.args = [self.args[0], ".".join(self.args[1:])]
        if not isinstance(self.args[1], (str, Intrinsic)):
            raise self.error("the attribute name must be a string")

    @property
    def resource(self) -> str:
        return self.args[0]

    @property
    def attribute(self) -> str | None:
        return self.args[1] if isinstance(self.args[1], str) else None

    def own_references(self) -> Iterator[Any]:
        yield (self.args[0], self.attribute or "")

    def resolve(self, ctx: ResolveContext) -> Any:
        attribute = resolve_value(self.args[1], ctx)
        if isinstance(attribute, (int, float)) and not isinstance(attribute, bool):
            attribute = to_text(attribute)
        if not isinstance(attribute, str):
            raise self.error("the attribute name must resolve to a string")
        return ctx.get_att(self.args[0], attribute, self.path)


class FindInMap(Intrinsic):
    """A value from the Mappings section.

    Takes the form::

        {"Fn::FindInMap": ["MapName", "TopKey", "SecondKey"]}
    """

    name = "Fn::FindInMap"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) != 3:
            raise self.error("the argument must be [MapName, TopKey, SecondKey]")

    def resolve(self, ctx: ResolveContext) -> Any:
        keys = [to_text(resolve_value(a, ctx)) for a in self.args]
        value: Any = ctx.mappings
        for depth, key in enumerate(keys):
            if not isinstance(value, dict) or key not in value:
                what = ("mapping", "top-level key", "second-level key")[depth]
                raise InvalidTemplate(self.path, reason=f"{self.name}: {what} {key!r} not found in Mappings")
            value = value[key]
        return value


class GetAZs(Intrinsic):
    """The zone ids of a region ("" means the stack's region).

    Takes the form::

        {"Fn::GetAZs": {"Ref": "ALIYUN::Region"}}
    """

    name = "Fn::GetAZs"

    def check(self) -> None:
        if not isinstance(self.args, (str, Intrinsic)) and self.args is not None:
            raise self.error("the argument must be a region id")

    def resolve(self, ctx: ResolveContext) -> Any:
        region = to_text(resolve_value(self.args, ctx)) or ctx.region
        zones = ctx.regions_zones or DEFAULT_ZONES
        return list(zones.get(region, []))


class GetStackOutput(Intrinsic):
    """An output of another stack; None when the stack or output is missing.

    Takes the form::

        {"Fn::GetStackOutput": ["StackIdOrName", "OutputKey", "RegionId"]}
    """

    name = "Fn::GetStackOutput"

    def check(self) -> None:
        if not isinstance(self.args, list) or len(self.args) not in (2, 3):
            raise self.error("the argument must be [StackId, OutputKey] or [StackId, OutputKey, RegionId]")

    def resolve(self, ctx: ResolveContext) -> Any:
        args = [resolve_value(a, ctx) for a in self.args]
        if any(a in (None, "") for a in args) or ctx.get_stack_output is None:
            return None
        region = to_text(args[2]) if len(args) == 3 else None
        try:
            return ctx.get_stack_output(to_text(args[0]), to_text(args[1]), region)
        except LookupError:
            return None


class MarketplaceImage(Intrinsic):
    """The default image id of a Marketplace product.

    Locally there is no Marketplace: the result is the deterministic fake id
    ``"m-marketplace-<productCode>"``.

    Takes the form::

        {"Fn::MarketplaceImage": "cmjj0xxxx"}
    """

    name = "Fn::MarketplaceImage"

    def check(self) -> None:
        if not isinstance(self.args, (str, Intrinsic)):
            raise self.error("the argument must be a product code")

    def resolve(self, ctx: ResolveContext) -> Any:
        return f"m-marketplace-{to_text(resolve_value(self.args, ctx))}"
