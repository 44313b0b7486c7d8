"""Joins the Terms of Reference and roster migrations, written in parallel."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("membership", "0001_roster"), ("membership", "0001_tor")]
    operations = []
