import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0002_newsroom_workflow'),
        ('visits', '0003_reports_feedback'),
    ]

    operations = [
        migrations.AlterField(
            model_name='visitrequest',
            name='report_article',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='news.newspage', verbose_name='report article'),
        ),
    ]
