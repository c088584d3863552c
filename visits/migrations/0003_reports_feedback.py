"""Visit reports with photos, and partner feedback.

Cooperation staff and administrators get the new visits permissions, and may
choose and upload images (the report photos) in the root collection.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


STAFF_GROUPS = ["Cooperation staff", "Administrators"]


def grant_report_permissions(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally made after all migrations; this data needs them now.
    for label in ("visits", "wagtailimages"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    visit_permissions = Permission.objects.filter(
        content_type__app_label="visits",
        content_type__model__in=["visitreport", "visitreportphoto", "visitfeedback"],
    )
    image_permissions = Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=["add_image", "choose_image"]
    )
    root = Collection.objects.filter(depth=1).first()
    for name in STAFF_GROUPS:
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(*visit_permissions)
        if root is not None:
            for permission in image_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission
                )


class Migration(migrations.Migration):

    dependencies = [
        ('visits', '0002_topics_permissions_no_double_booking'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='VisitReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('summary', models.TextField(help_text='What the group saw, discussed and agreed. Separate paragraphs with an empty line; they become the paragraphs of the news draft.', verbose_name='summary')),
                ('attendance_count', models.PositiveSmallIntegerField(help_text='How many visitors actually came; statistics count this number.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='visitors who came')),
                ('participants_note', models.TextField(blank=True, help_text='For example: the academic director, four lecturers and all the librarians.', verbose_name='who took part')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('request', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='report', to='visits.visitrequest', verbose_name='visit request')),
            ],
            options={
                'verbose_name': 'visit report',
                'verbose_name_plural': 'visit reports',
                'ordering': ['-recorded_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='VisitReportPhoto',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('caption', models.CharField(blank=True, max_length=300, verbose_name='caption')),
                ('image', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtailimages.image', verbose_name='image')),
                ('report', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='photos', to='visits.visitreport')),
            ],
            options={
                'verbose_name': 'photo',
                'verbose_name_plural': 'photos',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='VisitFeedback',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rating', models.PositiveSmallIntegerField(help_text='1 (poor) to 5 (excellent).', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='rating')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='given at')),
                ('author', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                ('request', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='visits.visitrequest', verbose_name='visit request')),
            ],
            options={
                'verbose_name': 'visit feedback',
                'verbose_name_plural': 'visit feedback',
                'ordering': ['-created_at', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('rating__gte', 1), ('rating__lte', 5)), name='visits_visitfeedback_rating_range')],
            },
        ),
        migrations.AddConstraint(
            model_name='visitreport',
            constraint=models.CheckConstraint(condition=models.Q(('attendance_count__gte', 1)), name='visits_visitreport_attendance_positive'),
        ),
        migrations.RunPython(grant_report_permissions, migrations.RunPython.noop),
    ]
