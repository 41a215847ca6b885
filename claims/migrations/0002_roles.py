"""Groups Editors and Reporters with the model permissions the admin enforces."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Editors": {
        "claims": ["view_claim", "change_claim", "add_verdict", "change_verdict", "view_verdict",
                   "add_evidence", "change_evidence", "delete_evidence", "view_evidence"],
        "sources": ["view_article", "add_article", "view_outlet", "add_outlet", "view_speaker", "change_speaker",
                    "add_speaker", "view_speakeralias", "add_speakeralias", "change_speakeralias",
                    "delete_speakeralias"],
    },
    "Reporters": {
        "claims": ["view_claim"],
        "sources": ["view_article", "add_article", "view_outlet", "add_outlet"],
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, by_app in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, codenames in by_app.items():
            perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            group.permissions.add(*perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
