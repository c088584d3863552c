"""Cooperation staff and administrators manage partners in the Wagtail admin."""

from django.db import migrations

GROUPS = ["Cooperation staff", "Administrators"]
MODELS = {
    "institution": "institution",
    "membership": "membership",
    "agreement": "agreement",
    "agreementdocument": "agreement document",
    "partneractivity": "partner activity",
    "scopearea": "scope area",
}
ACTIONS = ["add", "change", "delete", "view"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    permissions = []
    for model, verbose in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="partners", model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose}"},
            )
            permissions.append(permission)
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_documents_invitations_activities"),
        ("portal", "0003_staff_groups"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
