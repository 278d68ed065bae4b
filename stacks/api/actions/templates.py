"""ValidateTemplate, GetTemplateSummary, GetTemplate."""
from __future__ import annotations

from typing import Any

from stacks.api.context import ApiContext
from stacks.api.errors import ApiError, missing_parameter, not_supported
from stacks.template import StackContext, load, validate

VERSION = "2015-09-01"


def template_text(ctx: ApiContext, *, required: bool = True) -> str | None:
    """The template given inline; TemplateURL/TemplateId sources are refused precisely."""
    source = ctx.params.template_source()
    if "TemplateBody" in source:
        return source["TemplateBody"]
    if "TemplateURL" in source:
        raise not_supported("TemplateURL (fetching templates from URLs)")
    if "TemplateId" in source:
        raise not_supported("TemplateId (the template library)")
    if "TemplateScratchId" in source:
        raise not_supported("TemplateScratchId (resource scenarios)")
    if required:
        raise missing_parameter("TemplateBody")
    return None


def stack_context(ctx: ApiContext, **extra: Any) -> StackContext:
    return StackContext(region=ctx.region(required=False), account_id=ctx.account.account_id,
                        tenant_id=ctx.account.account_id, **extra)


def validate_template(ctx: ApiContext) -> dict[str, Any]:
    option = ctx.params.enum("ValidationOption", ("None", "EnableTerraformValidation",
                                                  "EnableFastTerraformValidation"), default="None")
    if option != "None":
        raise not_supported(f"ValidationOption {option} (Terraform stacks)")
    if ctx.params.has("UpdateInfoOptions"):
        raise not_supported("UpdateInfoOptions (the UpdateInfo analysis)")
    text = template_text(ctx)
    resolved = validate(load(text), {}, stack_context(ctx), mode="validate")
    return resolved.summary()


def template_summary(text: str, ctx: ApiContext, parameters: dict[str, str]) -> dict[str, Any]:
    template = load(text)
    resolved = validate(template, parameters, stack_context(ctx), mode="validate")
    summary = resolved.summary()
    metadata = template.body.get("Metadata")
    body: dict[str, Any] = {
        "Description": summary["Description"],
        "Parameters": summary["Parameters"],
        "ResourceTypes": sorted(set(summary["ResourceTypes"]["Resources"]) | set(summary["ResourceTypes"]["DataSources"])),
        "Version": str(template.body.get("ROSTemplateFormatVersion") or VERSION),
    }
    if isinstance(metadata, dict):
        body["Metadata"] = metadata
    return body


def get_template_summary(ctx: ApiContext) -> dict[str, Any]:
    parameters = ctx.params.parameters()
    text = template_text(ctx, required=False)
    if text is None:
        from stacks.api.actions import lookups

        if ctx.params.string("ChangeSetId"):
            change_set = lookups.change_set(ctx, ctx.params.required("ChangeSetId"))
            text = lookups.change_set_template_text(change_set)
        elif ctx.params.string("StackId"):
            text = lookups.stack_template_text(lookups.stack(ctx, ctx.params.required("StackId")))
        elif ctx.params.string("StackGroupName"):
            raise not_supported("StackGroupName (stack groups)")
        else:
            raise missing_parameter("TemplateBody")
    return template_summary(text, ctx, parameters)


def get_template(ctx: ApiContext) -> dict[str, Any]:
    from stacks.api.actions import lookups

    stage = ctx.params.enum("TemplateStage", ("Processed", "Original"), default="Processed")
    if ctx.params.string("StackGroupName"):
        raise not_supported("StackGroupName (stack groups)")
    if ctx.params.string("TemplateId"):
        raise not_supported("TemplateId (the template library)")
    if ctx.params.string("ChangeSetId"):
        change_set = lookups.change_set(ctx, ctx.params.required("ChangeSetId"))
        return {"TemplateBody": lookups.change_set_template_text(change_set),
                "ChangeSetId": str(change_set.pk), "StackId": str(change_set.stack.pk),
                "RegionId": change_set.stack.region}
    stack_id = ctx.params.string("StackId")
    if not stack_id:
        raise ApiError("MissingParameter", "The input parameter StackId should be specified "
                                           "(or ChangeSetId, StackGroupName, TemplateId).")
    stack = lookups.stack(ctx, stack_id)
    del stage  # the template is stored as submitted; transforms are not supported, so both stages are equal
    return {"TemplateBody": lookups.stack_template_text(stack), "StackId": str(stack.pk),
            "RegionId": stack.region}
