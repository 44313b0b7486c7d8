"""The default body, the MAG: every cycle, document and template from before bodies belongs to
it (the apps' own migrations assign them)."""

from django.db import migrations

MAG = {
    "slug": "mag",
    "name": "Multistakeholder Advisory Group",
    "short_name": "MAG",
    "kind": "advisory_group",
    "description": (
        "The Multistakeholder Advisory Group advises the United Nations Secretary-General on "
        "the programme and schedule of the Internet Governance Forum."
    ),
    "is_default": True,
}


def create_default(apps, schema_editor):
    Body = apps.get_model("bodies", "Body")
    if not Body.objects.filter(is_default=True).exists():
        Body.objects.get_or_create(slug=MAG["slug"], defaults=MAG)


def remove_default(apps, schema_editor):
    Body = apps.get_model("bodies", "Body")
    Body.objects.filter(slug=MAG["slug"], is_default=True).delete()


class Migration(migrations.Migration):
    dependencies = [("bodies", "0001_initial")]
    operations = [migrations.RunPython(create_default, remove_default)]
