from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("stacks", "0001_initial")]

    operations = [
        migrations.AddField(model_name="stack", name="stack_policy", field=models.JSONField(blank=True, null=True)),
    ]
