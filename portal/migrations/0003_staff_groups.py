"""Name the staff roles.

Wagtail creates "Editors" (may edit pages, not publish) and "Moderators"
(may publish). In this newsroom they are the writers (Penulis) and the
editors, so they are renamed; cooperation staff and administrators are added.
"""

from django.db import migrations

RENAMES = [("Editors", "Writers"), ("Moderators", "Editors")]
NEW_GROUPS = ["Cooperation staff", "Administrators"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for old, new in RENAMES:
        if not Group.objects.filter(name=new).exists():
            Group.objects.filter(name=old).update(name=new)
        Group.objects.get_or_create(name=new)
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for name in NEW_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=NEW_GROUPS).delete()
    for old, new in reversed(RENAMES):
        Group.objects.filter(name=new).update(name=old)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_pages"),
        ("wagtailcore", "0002_initial_data"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
