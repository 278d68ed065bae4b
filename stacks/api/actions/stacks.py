"""CreateStack, UpdateStack, DeleteStack, SetDeletionProtection, ContinueCreateStack, CancelUpdateStack.

Every change goes through stacks.services (the one path for console, CLI and API).
"""
from __future__ import annotations

from typing import Any

from stacks.api import idempotency
from stacks.api.actions import lookups
from stacks.api.actions.templates import template_text
from stacks.api.context import ApiContext
from stacks.api.errors import ApiError, invalid_parameter, not_supported

ENABLED = ("Enabled", "Disabled")
DRY_RUN_KEYS = ("ParametersAllowedToBeModified", "ParametersNotAllowedToBeModified",
                "ParametersConditionallyAllowedToBeModified", "ParametersUncertainlyAllowedToBeModified",
                "ParametersCauseInterruptionIfModified", "ParametersConditionallyCauseInterruptionIfModified",
                "ParametersUncertainlyCauseInterruptionIfModified", "ParametersCauseReplacementIfModified",
                "ParametersConditionallyCauseReplacementIfModified", "ParametersUncertainlyCauseReplacementIfModified")


def refuse(ctx: ApiContext, *names: str, why: str = "") -> None:
    """Options this installation cannot honour are refused by name, never silently ignored."""
    for name in names:
        sent = [v for k, v in ctx.params.values.items() if k == name or k.startswith(name + ".")]
        if any(v != "" for v in sent):
            raise not_supported(f"{name}{f' ({why})' if why else ''}")


def tags_dict(ctx: ApiContext) -> dict[str, str]:
    tags: dict[str, str] = {}
    for tag in ctx.params.tags("Tags"):
        if tag["Key"] in tags:
            raise invalid_parameter("Tags", f'the tag key "{tag["Key"]}" is given more than once')
        tags[tag["Key"]] = tag["Value"]
    return tags


def create_stack(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    region = ctx.region()
    p = ctx.params
    refuse(ctx, "NotificationURLs", why="stack notifications are not sent by this installation")
    refuse(ctx, "StackPolicyURL", "TemplateScratchRegionId", "ResourceGroupId", "RamRoleName")
    options = p.items("CreateOptions") + ([p.string("CreateOption")] if p.string("CreateOption") else [])
    for option in options:
        if option != "KeepStackOnCreationComplete":
            raise not_supported(f"CreateOption {option}")

    def run() -> dict[str, Any]:
        stack = services.create_stack(
            ctx.user, ctx.account, name=p.required("StackName", max_length=255), template_body=template_text(ctx),
            parameters=p.parameters(), region=region, disable_rollback=bool(p.boolean("DisableRollback", False)),
            timeout_in_minutes=p.integer("TimeoutInMinutes", 60), tags=tags_dict(ctx),
            deletion_protection=p.enum("DeletionProtection", ENABLED, "Disabled") == "Enabled",
            parallelism=p.integer("Parallelism", 0, min_value=0), stack_policy_body=p.string("StackPolicyBody"))
        return {"StackId": str(stack.pk)}

    return idempotency.once(ctx, run)


def update_stack(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    ctx.region()
    p = ctx.params
    refuse(ctx, "StackPolicyURL", "StackPolicyDuringUpdateURL", "RamRoleName", "ResourceGroupId", "DryRunOptions")
    refuse(ctx, "Tags", why="tags are set at creation")
    stack = lookups.stack(ctx, p.required("StackId"))
    text = template_text(ctx, required=False)
    parameters = p.parameters() if p.has("Parameters") else None
    replacement = p.enum("ReplacementOption", ENABLED, "Disabled") == "Enabled"
    kwargs: dict[str, Any] = dict(
        template_body=text, parameters=parameters,
        use_previous_parameters=bool(p.boolean("UsePreviousParameters", False)), replacement_option=replacement,
        taint_resources=p.items("TaintResources"), timeout_in_minutes=p.integer("TimeoutInMinutes"),
        parallelism=p.integer("Parallelism", min_value=0))
    if p.boolean("DryRun", False):
        result = services.update_stack(ctx.user, ctx.account, stack, dry_run=True, **kwargs)
        return {"StackId": str(stack.pk), "DryRunResult": {k: v for k, v in dict(result).items() if k in DRY_RUN_KEYS}}

    def run() -> dict[str, Any]:
        services.update_stack(ctx.user, ctx.account, stack, stack_policy_body=p.string("StackPolicyBody"),
                              stack_policy_during_update_body=p.string("StackPolicyDuringUpdateBody"), **kwargs)
        return {"StackId": str(stack.pk)}

    return idempotency.once(ctx, run)


def delete_stack(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    ctx.region()
    p = ctx.params
    refuse(ctx, "DeleteOptions", "RamRoleName")
    stack = lookups.stack(ctx, p.required("StackId"))
    services.delete_stack(ctx.user, ctx.account, stack,
                          retain_all_resources=bool(p.boolean("RetainAllResources", False)),
                          retain_resources=p.items("RetainResources"))
    return {}


def set_deletion_protection(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    ctx.region()
    p = ctx.params
    enabled = p.enum("DeletionProtection", ENABLED)
    if enabled is None:
        raise ApiError("MissingParameter", "The input parameter DeletionProtection should be specified.")
    stack = lookups.stack(ctx, p.required("StackId"))
    services.set_deletion_protection(ctx.user, ctx.account, stack, enabled == "Enabled")
    return {}


def continue_create_stack(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    ctx.region()
    p = ctx.params
    refuse(ctx, "RecreatingOptions", "RamRoleName")
    stack = lookups.stack(ctx, p.required("StackId"))
    kwargs: dict[str, Any] = dict(
        mode=p.enum("Mode", ("Recreate", "Ignore"), "Recreate") or "Recreate",
        recreating_resources=p.items("RecreatingResources"), template_body=template_text(ctx, required=False),
        parameters=p.parameters() if p.has("Parameters") else None)
    if p.boolean("DryRun", False):
        result = services.continue_create_stack(ctx.user, ctx.account, stack, dry_run=True, **kwargs)
        return {"StackId": str(stack.pk), "DryRunResult": dict(result)}
    services.continue_create_stack(ctx.user, ctx.account, stack, parallelism=p.integer("Parallelism", min_value=0),
                                   **kwargs)
    return {"StackId": str(stack.pk)}


def cancel_update_stack(ctx: ApiContext) -> dict[str, Any]:
    from stacks import services

    ctx.region()
    p = ctx.params
    stack = lookups.stack(ctx, p.required("StackId"))
    services.cancel_update_stack(ctx.user, ctx.account, stack,
                                 cancel_type=p.enum("CancelType", ("Quick", "Safe"), "Quick") or "Quick")
    return {}
