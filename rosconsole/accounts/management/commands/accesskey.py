import json

from django.core.management.base import BaseCommand, CommandError

from rosconsole.accounts.models import AccessKey
from rosconsole.accounts.services import AccountError, create_access_key


class Command(BaseCommand):
    help = "Manage API access keys: `accesskey create USERNAME [--json]`, `accesskey revoke ACCESS_KEY_ID`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create an AccessKey; the secret is printed once")
        create.add_argument("username")
        create.add_argument("--account", default=None)
        create.add_argument("--json", action="store_true")
        revoke = sub.add_parser("revoke", help="revoke an AccessKey at once")
        revoke.add_argument("access_key_id")

    def handle(self, *args, **opts):
        if opts["action"] == "revoke":
            updated = AccessKey.objects.filter(access_key_id=opts["access_key_id"]).update(is_active=False)
            if not updated:
                raise CommandError(f"AccessKey {opts['access_key_id']!r} does not exist")
            self.stdout.write(f"Revoked {opts['access_key_id']}")
            return
        try:
            key = create_access_key(opts["username"], opts["account"])
        except AccountError as exc:
            raise CommandError(str(exc)) from None
        body = {"AccessKeyId": key.access_key_id, "AccessKeySecret": key.secret}
        if opts["json"]:
            self.stdout.write(json.dumps(body))
        else:
            self.stdout.write(f"AccessKeyId:     {key.access_key_id}\nAccessKeySecret: {key.secret}\n"
                              "Keep the secret now: it is not shown again.")
