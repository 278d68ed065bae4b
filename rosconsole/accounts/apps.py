from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rosconsole.accounts"
    label = "accounts"
    verbose_name = "Accounts"
