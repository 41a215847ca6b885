"""Editors add and change feeds and read what each feed listed (claims/roles.py lists the
same permissions for new installs). Written out here, not imported from claims: sources
never imports claims."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
GRANTED = ["view_feed", "add_feed", "change_feed", "view_feeditem"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="sources", codename__in=GRANTED)
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="sources", codename__in=GRANTED))


class Migration(migrations.Migration):
    # After the migration that creates the role groups.
    dependencies = [("sources", "0007_feeds"), ("claims", "0002_roles")]

    operations = [migrations.RunPython(grant, revoke)]
