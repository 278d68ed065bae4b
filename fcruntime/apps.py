from django.apps import AppConfig


class FcruntimeConfig(AppConfig):
    name = "fcruntime"
    verbose_name = "Function Compute"
