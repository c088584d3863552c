"""Editors and cooperation staff manage event registration in the admin."""

from django.db import migrations

GROUPS = ["Editors", "Cooperation staff"]
ACTIONS = ["add", "change", "delete", "view"]
MODELS = {"registrationsetup": "event registration", "registration": "registrant"}


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    permissions = []
    for model, label in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="events", model=model)
        permissions += [
            Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {label}"},
            )[0]
            for action in ACTIONS
        ]
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="events",
        codename__in=[f"{a}_{m}" for a in ACTIONS for m in MODELS],
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0005_registration"),
        ("portal", "0003_staff_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
