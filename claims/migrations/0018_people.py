"""People: invitations (a hashed token, an expiry, one use) and the permission to invite
reporters and editors, change their roles and deactivate them, granted to the Editors role;
when each reporter last opened their articles (what was reviewed since)."""

import django.contrib.auth.models
import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure this one exists now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label="claims", codename="manage_people"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="claims", codename="manage_people"))


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('claims', '0017_review_desk'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Person',
            fields=[
            ],
            options={
                'verbose_name': 'person',
                'verbose_name_plural': 'people',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('auth.user',),
            managers=[
                ('objects', django.contrib.auth.models.UserManager()),
            ],
        ),
        migrations.CreateModel(
            name='Invitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('username', models.CharField(help_text='The name the new colleague signs in with.', max_length=150)),
                ('email', models.EmailField(blank=True, help_text='Kept on the account; no mail is sent: pass the link on yourself.', max_length=254)),
                ('role', models.CharField(choices=[('reporter', 'Reporter'), ('editor', 'Editor')], default='reporter', max_length=10)),
                ('token_sha256', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('expires_at', models.DateTimeField(editable=False)),
                ('accepted_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('created_by', models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='invitations_sent', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, editable=False, help_text='The account the invitation made.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'permissions': [('manage_people', 'Can invite reporters and editors, change their roles and deactivate them')],
            },
        ),
        migrations.CreateModel(
            name='ArticlesSeen',
            fields=[
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to=settings.AUTH_USER_MODEL)),
                ('seen_at', models.DateTimeField()),
            ],
            options={
                'verbose_name': 'articles seen',
                'verbose_name_plural': 'articles seen',
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
