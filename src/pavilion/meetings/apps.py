from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "pavilion.meetings"
    label = "meetings"
    verbose_name = "Meetings"
