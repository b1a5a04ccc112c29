"""A deal's value of at most 15 significant digits (it reads back exactly on SQLite too), and a
government body's name in Azerbaijani and Russian beside English. A stored value of 10^12 or more
would stop PostgreSQL narrowing the column: none was accepted for a real deal."""

from django.db import migrations, models

import pavilion.deals.models


class Migration(migrations.Migration):

    dependencies = [
        ('deals', '0002_place_in_languages'),
    ]

    operations = [
        migrations.AddField(
            model_name='dealparty',
            name='name_az',
            field=models.CharField(blank=True, max_length=250),
        ),
        migrations.AddField(
            model_name='dealparty',
            name='name_ru',
            field=models.CharField(blank=True, max_length=250),
        ),
        migrations.AlterField(
            model_name='deal',
            name='value',
            field=pavilion.deals.models.AmountField(blank=True, decimal_places=2, max_digits=14, null=True),
        ),
        migrations.AlterField(
            model_name='dealparty',
            name='name',
            field=models.CharField(blank=True, help_text="the body's name in English, when it is not a company or delegation", max_length=250),
        ),
    ]
