from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_api_key_credit_totals")]

    operations = [
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(
                choices=[
                    ("OWNER", "Owner"),
                    ("ADMIN", "Admin"),
                    ("RECRUITER", "Recruiter"),
                    ("VIEWER", "Viewer"),
                ],
                default="RECRUITER",
                max_length=16,
            ),
        ),
        # Keys made before scopes existed could do everything a key can: they keep that.
        migrations.AddField(
            model_name="apikey",
            name="scope",
            field=models.CharField(
                choices=[("READ", "Read only"), ("FULL", "Read and write")], default="FULL", max_length=8
            ),
        ),
    ]
