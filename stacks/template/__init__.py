"""The ROS template language (pure Python, no Django): load, validate, resolve."""
from __future__ import annotations

from .context import StackContext
from .errors import AttributeUnavailable, TemplateError, TemplateErrors
from .loader import Template, load
from .resolved import ResolvedTemplate, ResourceDefinition
from .validate import validate

__all__ = ["load", "validate", "StackContext", "Template", "TemplateError", "TemplateErrors", "ResolvedTemplate",
           "ResourceDefinition", "AttributeUnavailable"]
