"""`manage.py stack validate|create|update|continue|delete|show|events|list` (logic in stacks.cli)."""
from __future__ import annotations

from django.core.management.base import BaseCommand

from stacks.cli import lifecycle


class Command(BaseCommand):
    help = "Validate templates and create, update, delete and inspect stacks (acts for --user, default first admin)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        validate = sub.add_parser("validate", help="validate a template file")
        validate.add_argument("file")
        validate.add_argument("--json", action="store_true")
        create = self._stack_parser(sub, "create", "create a stack")
        create.add_argument("file")
        self._params(create)
        create.add_argument("--disable-rollback", action="store_true")
        create.add_argument("--timeout", type=int, default=60, help="TimeoutInMinutes (10-1440)")
        create.add_argument("--simulate-unsupported", action="store_true",
                            help="simulate resource types that are not emulated (never presented as real)")
        self._waiting(create)
        update = self._stack_parser(sub, "update", "update a stack (parameters not given keep their values)")
        update.add_argument("file", nargs="?")
        self._params(update)
        update.add_argument("--replacement", action="store_true", help="ReplacementOption=Enabled")
        self._waiting(update)
        resume = self._stack_parser(sub, "continue", "continue creating a CREATE_FAILED stack (ContinueCreateStack)")
        resume.add_argument("file", nargs="?", help="a modified template (only Description, Metadata, Resources "
                                                   "and Outputs may change)")
        self._params(resume)
        resume.add_argument("--mode", choices=("Recreate", "Ignore"), default="Recreate")
        resume.add_argument("--recreate", action="append", metavar="LOGICAL_ID",
                            help="also re-create this created resource (and what depends on it)")
        resume.add_argument("--dry-run", action="store_true", help="print which parameters may change; start nothing")
        self._waiting(resume)
        delete = self._stack_parser(sub, "delete", "delete a stack")
        delete.add_argument("--retain", action="append", metavar="LOGICAL_ID", help="keep this resource")
        self._waiting(delete)
        show = self._stack_parser(sub, "show", "print the stack (GetStack)")
        show.add_argument("--json", action="store_true")
        self._stack_parser(sub, "events", "print the stack's events")
        listing = sub.add_parser("list", help="list stacks")
        listing.add_argument("--user", default=None)
        listing.add_argument("--region", default=None)

    @staticmethod
    def _stack_parser(sub, name: str, text: str):
        parser = sub.add_parser(name, help=text)
        parser.add_argument("name", metavar="NAME")
        parser.add_argument("--user", default=None, help="act for this user (default: the first admin)")
        parser.add_argument("--region", default=None)
        return parser

    @staticmethod
    def _params(parser) -> None:
        parser.add_argument("-p", "--parameter", action="append", metavar="KEY=VALUE")

    @staticmethod
    def _waiting(parser) -> None:
        parser.add_argument("--wait", action="store_true", help="block until the stack is terminal")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        action = opts["action"]
        if action == "validate":
            from stacks.cli.validate import run

            code = run(opts["file"], opts["json"], self.stdout._out, self.stderr._out)
        else:
            handler = {"create": lifecycle.create, "update": lifecycle.update, "continue": lifecycle.continue_,
                       "delete": lifecycle.delete,
                       "show": lifecycle.show, "events": lifecycle.events, "list": lifecycle.list_}[action]
            code = lifecycle.run(handler, opts, self.stdout._out, self.stderr._out)
        if code:
            raise SystemExit(code)
