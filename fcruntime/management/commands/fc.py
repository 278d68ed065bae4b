"""`manage.py fc ...`: invoke functions, read their logs, list services and functions.

    fc invoke SERVICE FUNCTION [--event TEXT | --event-file PATH] [--qualifier Q] [--async] [--json]
    fc logs SERVICE FUNCTION [--tail N]
    fc services
    fc functions SERVICE
    fc oss put|ls|get|rm ...   (see _fc_oss.py)
    fc gc [--dry-run] [--json]

All but gc act for --user (default: the first admin) in that user's account (--account AccountId or
name to pick another of theirs) and --region (default: the first configured region). gc is host
maintenance across all accounts (fcruntime.services.gc): run it as the worker's user, or with the
worker's ROSCONSOLE_FC_WORK_DIR, so it sees the same work dir.
"""
from __future__ import annotations

import json
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from fcruntime import errors, services
from fcruntime.management.commands import _fc_oss
from rosconsole.accounts.models import Membership, Role
from rosconsole.accounts.services import first_admin


class Command(BaseCommand):
    help = "Function Compute: invoke functions, read invocation logs, list services and functions."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)

        def common(p):
            p.add_argument("--user", default=None, help="act for this user (default: the first admin)")
            p.add_argument("--account", default=None, help="AccountId or name, when the user has several")
            p.add_argument("--region", default=None, help=f"default {settings.ROSCONSOLE_DEFAULT_REGION}")
            return p

        inv = common(sub.add_parser("invoke", help="invoke a function and print its result"))
        inv.add_argument("service")
        inv.add_argument("function")
        inv.add_argument("--event", default="", help="the event, sent as UTF-8 bytes")
        inv.add_argument("--event-file", default=None, help="read the event bytes from a file ('-' for stdin)")
        inv.add_argument("--qualifier", default="LATEST")
        inv.add_argument("--async", dest="async_", action="store_true", help="queue it and print the RequestId")
        inv.add_argument("--log", action="store_true", help="also print the invocation's log tail to stderr")
        inv.add_argument("--json", action="store_true", help="print the invocation record as JSON")
        logs = common(sub.add_parser("logs", help="print the logs of the latest invocations"))
        logs.add_argument("service")
        logs.add_argument("function")
        logs.add_argument("--tail", type=int, default=1, help="how many recent invocations (default 1)")
        common(sub.add_parser("services", help="list services"))
        fns = common(sub.add_parser("functions", help="list the functions of a service"))
        fns.add_argument("service")
        _fc_oss.add_arguments(sub, common)
        gc = sub.add_parser("gc", help="remove old invocation records, spool files, unused code blobs and "
                                       "unpacked code (what beat runs every ROSCONSOLE_FC_GC_SECONDS)")
        gc.add_argument("--dry-run", action="store_true", help="only report what would be removed")
        gc.add_argument("--json", action="store_true", help="print the report as JSON")

    # --- who acts -------------------------------------------------------------------------------
    def _membership(self, opts, role: str) -> Membership:
        if opts["user"]:
            user = get_user_model().objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"User {opts['user']!r} does not exist")
        else:
            user = first_admin()
            if user is None:
                raise CommandError("There is no admin user yet; create one or pass --user")
        qs = Membership.objects.select_related("account").filter(user=user)
        if opts["account"]:
            qs = qs.filter(account__account_id=opts["account"]) | qs.filter(account__name=opts["account"])
        membership = qs.order_by("id").first()
        if membership is None:
            raise CommandError(f"User {user.username!r} belongs to no account"
                               + (f" {opts['account']!r}" if opts["account"] else ""))
        if not membership.allows(role):
            raise CommandError(f"This action needs the {role} role; {user.username} is {membership.role}")
        return membership

    def handle(self, *args, **opts):
        try:
            getattr(self, f"do_{opts['action']}")(opts)
        except errors.FcError as exc:
            raise CommandError(str(exc)) from None

    # --- actions --------------------------------------------------------------------------------
    def do_invoke(self, opts):
        account = self._membership(opts, Role.OPERATOR).account
        fn = services.find_function(account, opts["service"], opts["function"], opts["region"])
        if opts["event_file"]:
            path = opts["event_file"]
            event = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
        else:
            event = opts["event"].encode("utf-8")
        inv = services.invoke(fn, event, qualifier=opts["qualifier"], async_=opts["async_"], source="cli")
        if opts["json"]:
            self.stdout.write(json.dumps(_record(inv), ensure_ascii=False, indent=2))
        elif opts["async_"]:
            self.stdout.write(f"RequestId: {inv.request_id}")
        else:
            if opts["log"]:
                self.stderr.write(inv.log_tail)
            if inv.ok:
                self.stdout.write(services.payload_of(inv).decode("utf-8", "replace"))
            else:
                self.stdout.write(json.dumps(inv.error_json(), ensure_ascii=False))
        if not opts["async_"] and not inv.ok:
            sys.exit(1)

    def do_logs(self, opts):
        account = self._membership(opts, Role.VIEWER).account
        fn = services.find_function(account, opts["service"], opts["function"], opts["region"])
        rows = services.list_invocations(fn, limit=max(1, opts["tail"]))
        if not rows:
            self.stdout.write(f"No invocations of {fn.service.name}/{fn.name} yet")
            return
        for inv in reversed(rows):
            self.stdout.write(f"== {inv.created_at:%Y-%m-%dT%H:%M:%SZ} {inv.request_id} {inv.status} "
                              f"{inv.duration_ms:.1f} ms ({inv.source})")
            self.stdout.write(inv.logs.rstrip("\n"))

    def do_oss(self, opts):
        _fc_oss.run(self, opts)

    def do_gc(self, opts):
        from fcruntime.services.gc import collect, human

        report = collect(dry_run=opts["dry_run"])
        if opts["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
            return
        if report.skipped:
            self.stdout.write(f"Skipped: {report.skipped}")
            return
        verb = "Would remove" if report.dry_run else "Removed"
        rows = [("invocation records", report.invocations, None),
                ("spool files", report.spool_files, report.spool_bytes),
                ("code blobs", report.blobs, report.blob_bytes),
                ("unpacked trees", report.code_trees + report.layer_trees, report.tree_bytes),
                ("leftovers", report.temp_files, report.temp_bytes)]
        self.stdout.write(f"{verb} (work dir {report.work_dir}):")
        for label, count, size in rows:
            line = f"  {label:<20}{count:>8}" + (f"  {human(size):>10}" if size is not None else "")
            if label == "unpacked trees":
                line += f"  ({report.code_trees} code, {report.layer_trees} layers)"
            self.stdout.write(line)
        self.stdout.write(f"  {'total':<28}  {human(report.total_bytes):>10}")
        if report.kept_in_use:
            self.stdout.write(f"Kept {report.kept_in_use} unused trees that instances are running from")
        if report.trees_skipped:
            self.stdout.write("Another garbage collection holds the work dir: trees not collected")
        if report.errors:
            self.stderr.write(f"{report.errors} items could not be removed (see the log)")

    def do_services(self, opts):
        account = self._membership(opts, Role.VIEWER).account
        rows = services.list_services(account, opts["region"])
        if not rows:
            self.stdout.write("No services")
        for svc in rows:
            self.stdout.write(f"{svc.name}\t{svc.service_id}\t{svc.functions.count()} functions\t{svc.description}")

    def do_functions(self, opts):
        account = self._membership(opts, Role.VIEWER).account
        svc = services.get_service(account, opts["service"], opts["region"])
        rows = services.list_functions(svc)
        if not rows:
            self.stdout.write(f"No functions in {svc.name}")
        for fn in rows:
            self.stdout.write(f"{fn.name}\t{fn.runtime}\t{fn.handler}\t{fn.memory_size} MB\t{fn.timeout} s\t"
                              f"{fn.code_size} bytes")


def _record(inv) -> dict:
    return {
        "RequestId": inv.request_id, "Status": inv.status, "InvocationType": inv.invocation_type,
        "Result": services.payload_of(inv).decode("utf-8", "replace") if inv.is_terminal else None,
        "ErrorType": inv.error_type or None, "ErrorMessage": inv.error_message or None,
        "DurationMs": inv.duration_ms, "BilledMs": inv.billed_ms, "MaxMemoryMB": inv.max_memory_mb,
        "ColdStart": inv.cold_start, "InstanceId": inv.instance_id or None,
    }
