import django.db.models.deletion
import modelcluster.fields
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0008_call_to_action_accepts_site_paths'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Menu',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('translation_key', models.UUIDField(default=uuid.uuid4, editable=False)),
                ('slot', models.CharField(choices=[('main', 'Main menu (header)'), ('footer', 'Footer menu')], max_length=20, verbose_name='place')),
                ('locale', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='wagtailcore.locale', verbose_name='locale')),
            ],
            options={
                'verbose_name': 'menu',
                'verbose_name_plural': 'menus',
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='MenuItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('label', models.CharField(blank=True, help_text="Leave empty to use the page's title or the section's usual name.", max_length=60, verbose_name='label')),
                ('link_section', models.CharField(blank=True, choices=[('events', 'Shared events'), ('events-month', 'Shared events, month view'), ('partners', 'Partner directory'), ('visits', 'Visit guide and calendar')], max_length=20, verbose_name='portal section')),
                ('link_url', models.URLField(blank=True, verbose_name='external address')),
                ('link_page', models.ForeignKey(blank=True, help_text="Readers see the page's translation in their language when there is one.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='page')),
                ('menu', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='portal.menu')),
            ],
            options={
                'verbose_name': 'menu link',
                'verbose_name_plural': 'menu links',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.AddConstraint(
            model_name='menu',
            constraint=models.UniqueConstraint(fields=('slot', 'locale'), name='portal_menu_one_per_locale'),
        ),
        migrations.AlterUniqueTogether(
            name='menu',
            unique_together={('translation_key', 'locale')},
        ),
    ]
