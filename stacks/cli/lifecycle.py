"""`manage.py stack create|update|continue|delete|show|events|list`: thin wrappers over stacks.services.

Each function takes the parsed options, writes to the given streams and returns the exit code.
`--wait` polls the database (the truth), printing events as they arrive, and exits non-zero unless
the stack ends CREATE_COMPLETE / UPDATE_COMPLETE / DELETE_COMPLETE.
"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Callable, TextIO

from django.contrib.auth import get_user_model

from rosconsole.accounts.models import Account
from rosconsole.accounts.services import first_admin
from stacks import errors, services
from stacks.engine import states
from stacks.engine.describe import ros_time
from stacks.models import Stack, StackEvent
from stacks.template import TemplateError
from stacks.template.report import format_error_lines

POLL_SECONDS = 0.5


class CliError(Exception):
    """A user error of the CLI itself (unknown user, bad -p syntax, unreadable file)."""


def actor_and_account(username: str | None) -> tuple[Any, Account]:
    if username:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CliError(f"User {username!r} does not exist")
    else:
        user = first_admin()
        if user is None:
            raise CliError("No admin user exists; create one with `manage.py user create NAME --role admin`")
    membership = user.memberships.select_related("account").first()
    if membership is None:
        raise CliError(f"User {user.username!r} belongs to no account")
    return user, membership.account


def parse_parameters(pairs: list[str] | None) -> dict[str, str]:
    result = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CliError(f"-p {pair!r}: use KEY=VALUE")
        result[key] = value
    return result


def read_template(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None


def run(action: Callable[..., int], opts: dict, stdout: TextIO, stderr: TextIO) -> int:
    """Run one subcommand, turning the spec's errors into `CODE: message` lines and exit code 1."""
    try:
        return action(opts, stdout, stderr)
    except TemplateError as exc:
        for line in format_error_lines(exc):
            print(line, file=stderr)
    except errors.StackError as exc:
        print(f"{exc.code}: {exc.message}", file=stderr)
    except CliError as exc:
        print(f"Error: {exc}", file=stderr)
    return 1


def create(opts: dict, stdout: TextIO, stderr: TextIO) -> int:
    actor, account = actor_and_account(opts.get("user"))
    stack = services.create_stack(
        actor, account, name=opts["name"], template_body=read_template(opts["file"]),
        parameters=parse_parameters(opts.get("parameter")), region=opts.get("region"),
        disable_rollback=opts.get("disable_rollback", False), timeout_in_minutes=opts.get("timeout") or 60,
        simulate_unsupported=opts.get("simulate_unsupported", False))
    return _started(stack, opts, stdout, stderr, after=0)


def update(opts: dict, stdout: TextIO, stderr: TextIO) -> int:
    actor, account = actor_and_account(opts.get("user"))
    stack = services.get_stack(actor, account, name=opts["name"], region=opts.get("region"))
    after = _last_sequence(stack)
    body = read_template(opts["file"]) if opts.get("file") else None
    stack = services.update_stack(actor, account, stack, template_body=body,
                                  parameters=parse_parameters(opts.get("parameter")), use_previous_parameters=True,
                                  replacement_option=opts.get("replacement", False))
    return _started(stack, opts, stdout, stderr, after=after)


def continue_(opts: dict, stdout: TextIO, stderr: TextIO) -> int:
    """ContinueCreateStack; with --dry-run, the DryRunResult lists (JSON with --json)."""
    actor, account = actor_and_account(opts.get("user"))
    stack = services.get_stack(actor, account, name=opts["name"], region=opts.get("region"))
    after = _last_sequence(stack)
    extra = {}
    if opts.get("file"):
        extra["template_body"] = read_template(opts["file"])
    if opts.get("parameter"):
        extra["parameters"] = parse_parameters(opts.get("parameter"))
    if opts.get("recreate"):
        extra["recreating_resources"] = opts["recreate"]
    result = services.continue_create_stack(actor, account, stack, mode=opts.get("mode") or "Recreate",
                                            dry_run=bool(opts.get("dry_run")), **extra)
    if opts.get("dry_run"):
        lists = dict(result)
        if opts.get("json"):
            print(json.dumps(lists, ensure_ascii=False), file=stdout)
        else:
            for key, names in lists.items():
                print(f"{key}: {', '.join(names) or '-'}", file=stdout)
        return 0
    return _started(result, opts, stdout, stderr, after=after)


def delete(opts: dict, stdout: TextIO, stderr: TextIO) -> int:
    actor, account = actor_and_account(opts.get("user"))
    stack = services.get_stack(actor, account, name=opts["name"], region=opts.get("region"))
    after = _last_sequence(stack)
    stack = services.delete_stack(actor, account, stack, retain_resources=opts.get("retain") or [])
    return _started(stack, opts, stdout, stderr, after=after)


def _last_sequence(stack: Stack) -> int:
    return stack.events.order_by("-sequence").values_list("sequence", flat=True).first() or 0


def _started(stack: Stack, opts: dict, stdout: TextIO, stderr: TextIO, after: int) -> int:
    if opts.get("json") and not opts.get("wait"):
        print(json.dumps({"StackId": str(stack.pk)}), file=stdout)
        return 0
    print(f"StackId: {stack.pk}", file=stdout)
    if not opts.get("wait"):
        return 0
    final = wait(stack.pk, stdout, after=after)
    print(f"{final.name}: {final.status} {final.status_reason}".rstrip(), file=stdout)
    return 0 if final.status in states.SUCCESS_STATES else 2


def wait(stack_id: Any, stdout: TextIO, after: int = 0, timeout: float | None = None) -> Stack:
    """Block until the stack is terminal, printing each new event once."""
    started = time.monotonic()
    while True:
        for event in StackEvent.objects.filter(stack_id=stack_id, sequence__gt=after).order_by("sequence"):
            print(event_line(event), file=stdout)
            after = event.sequence
        stack = Stack.objects.get(pk=stack_id)
        if states.is_terminal(stack.status) and not StackEvent.objects.filter(
                stack_id=stack_id, sequence__gt=after).exists():
            return stack
        if timeout is not None and time.monotonic() - started > timeout:
            return stack
        time.sleep(POLL_SECONDS)


def event_line(event: StackEvent) -> str:
    return (f"{ros_time(event.created_at)}  {event.logical_id:<24} {event.resource_type:<28} "
            f"{event.status:<28} {event.status_reason}")


def show(opts: dict, stdout: TextIO, stderr: TextIO) -> int:
    actor, account = actor_and_account(opts.get("user"))
    stack = services.get_stack(actor, account, name=opts["name"], region=opts.get("region"))
    body = services.describe_stack(actor, account, stack)
    if opts.get("json"):
        print(json.dumps(body, indent=2, ensure_ascii=False, default=str), file=stdout)
        return 0
    for key in ("StackName", "StackId", "Status", "StatusReason", "RegionId", "CreateTime", "UpdateTime",
                "DisableRollback", "TimeoutInMinutes", "DeletionProtection"):
        print(f"{key}: {body.get(key) if body.get(key) is not None else ''}", file=stdout)
    print("Parameters:", file=stdout)
    for p in body["Parameters"]:
        print(f"  {p['ParameterKey']} = {p['ParameterValue']}", file=stdout)
    print("Outputs:", file=stdout)
    for o in body["Outputs"]:
        value = o["OutputValue"] if not o.get("Error") else f"(unavailable: {o['Error']})"
        print(f"  {o['OutputKey']} = {json.dumps(value) if not isinstance(value, str) else value}"
              f"  # {o['Description']}", file=stdout)
    return 0


def events(opts: dict, stdout: TextIO, stderr: TextIO) -> int:
    actor, account = actor_and_account(opts.get("user"))
    stack = services.get_stack(actor, account, name=opts["name"], region=opts.get("region"))
    for event in services.stack_events(actor, account, stack):
        print(event_line(event), file=stdout)
    return 0


def list_(opts: dict, stdout: TextIO, stderr: TextIO) -> int:
    actor, account = actor_and_account(opts.get("user"))
    for stack in services.list_stacks(actor, account, region=opts.get("region")):
        print(f"{stack.name:<32} {stack.status:<28} {stack.region:<16} {ros_time(stack.created_at)}  {stack.pk}",
              file=stdout)
    return 0
