"""Internal console functions accepted as pass-through: Fn::ResourceFacade, Fn::TransformNamespace.

ROS accepts them without documenting them; locally they only return their (resolved) argument.
"""
from __future__ import annotations

from typing import Any

from .base import Intrinsic, resolve_value
from .context import ResolveContext


class ResourceFacade(Intrinsic):
    """Pass-through: the resolved argument.

    Takes the form::

        {"Fn::ResourceFacade": value}
    """

    name = "Fn::ResourceFacade"

    def resolve(self, ctx: ResolveContext) -> Any:
        return resolve_value(self.args, ctx)


class TransformNamespace(Intrinsic):
    """Pass-through: the value of the last item (the expression); any other shape as is.

    Takes the form (seen in Composer-generated Conditions)::

        {"Fn::TransformNamespace": ["Condition", "DsVsw.", expression]}
    """

    name = "Fn::TransformNamespace"

    def resolve(self, ctx: ResolveContext) -> Any:
        if isinstance(self.args, list) and len(self.args) == 3:
            return resolve_value(self.args[2], ctx)
        return resolve_value(self.args, ctx)
