from django.core.management.base import BaseCommand, CommandError

from rosconsole.accounts.models import Role
from rosconsole.accounts.services import AccountError, create_user


class Command(BaseCommand):
    help = "Manage console users: `user create USERNAME [--account NAME] [--role viewer|operator|admin] [--password P]`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a user (and the account, if missing)")
        create.add_argument("username")
        create.add_argument("--account", default=None, help="account name (default: 'default')")
        create.add_argument("--role", default=Role.OPERATOR, choices=Role.values)
        create.add_argument("--password", default=None, help="password (generated and printed when omitted)")
        create.add_argument("--superuser", action="store_true", help="also a Django admin superuser")

    def handle(self, *args, **opts):
        try:
            user, generated = create_user(
                opts["username"], account_name=opts["account"], role=opts["role"],
                password=opts["password"], superuser=opts["superuser"],
            )
        except AccountError as exc:
            raise CommandError(str(exc)) from None
        membership = user.memberships.select_related("account").first()
        self.stdout.write(f"Created user {user.username} in account {membership.account.name} "
                          f"({membership.account.account_id}) as {membership.role}")
        if generated:
            self.stdout.write(f"Password: {generated}")
