from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "pavilion.events"
    label = "events"
    verbose_name = "Events and venue"
