"""Chair and Member are no longer global groups: they are held in a body (bodies.BodyRole).
The IGF Secretariat stays a group: it acts in every body."""

from django.db import migrations

BODY_ROLE_GROUPS = ("Chair", "Member")


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=BODY_ROLE_GROUPS).delete()


def restore_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in BODY_ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("mag_portal", "0001_roles")]
    operations = [migrations.RunPython(remove_groups, restore_groups)]
