from django.db import migrations, models
from django.db.models import Case, Value, When

HANDLED = "HandledInvocationError"
UNHANDLED = "UnhandledInvocationError"


def backfill(apps, schema_editor):
    """Rows written before the field existed: only an errorType named after the kind tells it."""
    Invocation = apps.get_model("fcruntime", "Invocation")
    Invocation.objects.filter(status__in=("failed", "timed_out"), error_kind="").update(
        error_kind=Case(When(error_type=HANDLED, then=Value(HANDLED)), default=Value(UNHANDLED)))


class Migration(migrations.Migration):

    dependencies = [
        ('fcruntime', '0003_modified_auto_now'),
    ]

    operations = [
        migrations.AddField(
            model_name='invocation',
            name='error_kind',
            field=models.CharField(blank=True, default='', max_length=32),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
