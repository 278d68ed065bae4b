import os

from django.core.management.base import BaseCommand

from rosconsole.accounts.models import Role
from rosconsole.accounts.services import create_user


class Command(BaseCommand):
    help = "Create the first admin user `admin` unless one exists (password from ROSCONSOLE_ADMIN_PASSWORD, else generated and printed once)."

    def handle(self, *args, **opts):
        from django.contrib.auth import get_user_model

        if get_user_model().objects.filter(is_superuser=True).exists():
            return
        password = os.environ.get("ROSCONSOLE_ADMIN_PASSWORD") or None
        user, generated = create_user("admin", role=Role.ADMIN, password=password, superuser=True)
        self.stdout.write("Created the first admin user: admin")
        if generated:
            self.stdout.write(f"Generated password (shown once): {generated}")
