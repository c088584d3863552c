"""Reference data and database guarantees that models cannot express.

- The usual visit topics, in both languages (staff may add more).
- Cooperation staff and administrators may manage visits.
- On PostgreSQL an exclusion constraint: one booked visit per venue place at
  any moment. The scheduling service assigns places under a venue row lock;
  this is the last line of defence if anything bypasses it.
"""

from django.db import migrations

TOPICS = [
    ("perpustakaan-digital", "Perpustakaan digital", "Digital library", 10),
    ("manajemen-perpustakaan", "Manajemen perpustakaan", "Library management", 20),
    ("literasi-kesehatan", "Literasi kesehatan", "Health literacy", 30),
    ("repositori", "Repositori institusi", "Institutional repository", 40),
    ("otomasi", "Otomasi perpustakaan", "Library automation", 50),
    ("layanan-pemustaka", "Layanan pemustaka", "User services", 60),
    ("literasi-informasi", "Literasi informasi", "Information literacy", 70),
]

STAFF_GROUPS = ["Cooperation staff", "Administrators"]

BOOKED = "'scheduled', 'completed', 'reported'"
CONSTRAINT = "visits_visitrequest_no_double_booking"


def add_topics(apps, schema_editor):
    Topic = apps.get_model("visits", "Topic")
    for slug, name_id, name_en, order in TOPICS:
        Topic.objects.get_or_create(
            slug=slug, defaults={"name_id": name_id, "name_en": name_en, "sort_order": order}
        )


def grant_permissions(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; this data needs them now.
    app_config = apps.get_app_config("visits")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="visits")
    for name in STAFF_GROUPS:
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*permissions)


def add_exclusion_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE visits_visitrequest ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(venue_id WITH =, venue_place WITH =, "
        "tstzrange(scheduled_start, scheduled_end, '[)') WITH &&) "
        f"WHERE (state IN ({BOOKED}))"
    )


def drop_exclusion_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE visits_visitrequest DROP CONSTRAINT IF EXISTS {CONSTRAINT}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_venues_requests"),
        ("portal", "0003_staff_groups"),
    ]

    operations = [
        migrations.RunPython(add_topics, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
        migrations.RunPython(add_exclusion_constraint, drop_exclusion_constraint),
    ]
