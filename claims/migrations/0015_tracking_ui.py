"""Editors read statements and fact-checks and decide on matches (claim tracking's admin
pages). The permissions the role gains in claims/roles.py, given to the existing group."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims.roles import EDITORS, roles_install

GRANTED = ["view_statement", "view_factcheck", "view_claimmatch", "change_claimmatch", "view_historicalclaimmatch"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    # Adds what claims/roles.py lists and the group lacks; never removes.
    roles_install(
        group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission"),
        names=[EDITORS],
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=EDITORS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="claims", codename__in=GRANTED))


class Migration(migrations.Migration):
    dependencies = [("claims", "0014_claim_checkworthiness")]

    operations = [migrations.RunPython(grant, revoke)]
