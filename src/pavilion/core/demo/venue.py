"""The organiser, the Baku Expo Center and its halls, the event and its two shows."""

import datetime

from pavilion.core.demo import ADEX, EVENT_SLUG, SECUREX, Demo, layout
from pavilion.events.models import Event, Hall, Organiser, Show, Venue

ORGANISER = "Caspian Expo Organisers"  # invented; the real show is run by another company

SHOWS = (
    {
        "slug": ADEX,
        "name_en": "ADEX-2024", "name_az": "ADEX-2024", "name_ru": "ADEX-2024",
        "description_en": "Azerbaijan International Defence Exhibition: land, air and naval systems, "
        "weapons, electronics and the defence industry of Azerbaijan and its partners.",
        "description_az": "Azərbaycan Beynəlxalq Müdafiə Sərgisi: quru, hava və dəniz sistemləri, silahlar, "
        "elektronika, Azərbaycanın və tərəfdaşlarının müdafiə sənayesi.",
        "description_ru": "Азербайджанская международная оборонная выставка: сухопутные, авиационные и "
        "морские системы, вооружение, электроника, оборонная промышленность Азербайджана и его партнёров.",
        "colour": "#1f4e79",
    },
    {
        "slug": SECUREX,
        "name_en": "Securex Caspian 2024", "name_az": "Securex Caspian 2024", "name_ru": "Securex Caspian 2024",
        "description_en": "International exhibition of security, protection and rescue equipment: "
        "safe city, border security, law enforcement, fire and rescue, cyber security.",
        "description_az": "Təhlükəsizlik, mühafizə və xilasetmə vasitələrinin beynəlxalq sərgisi: təhlükəsiz "
        "şəhər, sərhəd təhlükəsizliyi, hüquq-mühafizə, yanğınsöndürmə və xilasetmə, kibertəhlükəsizlik.",
        "description_ru": "Международная выставка средств безопасности, охраны и спасения: безопасный город, "
        "охрана границ, правоохранительная деятельность, пожаротушение и спасение, кибербезопасность.",
        "colour": "#c0392b",
    },
)


def create_event(demo: Demo) -> None:
    organiser, created = Organiser.objects.get_or_create(
        name=ORGANISER, defaults={"website": "https://caspian-expo-organisers.example"}
    )
    demo.count("organisers", int(created))
    venue, created = Venue.objects.get_or_create(
        name_en="Baku Expo Center", country="AZ",
        defaults={
            "name_az": "Bakı Ekspo Mərkəzi", "name_ru": "Бакинский экспоцентр",
            "city_en": "Baku", "city_az": "Bakı", "city_ru": "Баку",
            "address_en": "Darnagul highway, Baku", "address_az": "Dərnəgül şossesi, Bakı",
            "address_ru": "Дарнагюльское шоссе, Баку",
        },
    )
    demo.count("venues", int(created))
    for order, spec in enumerate(layout.HALLS, 1):
        _hall, created = Hall.objects.get_or_create(
            venue=venue, code=spec.code,
            defaults={
                "name_en": spec.names[0], "name_az": spec.names[1], "name_ru": spec.names[2], "kind": spec.kind,
                "width_m": spec.width, "depth_m": spec.depth, "order": order,
            },
        )
        demo.count("halls", int(created))
    event, created = Event.objects.get_or_create(
        slug=EVENT_SLUG,
        defaults={
            "name_en": "ADEX & Securex Caspian 2024", "name_az": "ADEX və Securex Caspian 2024",
            "name_ru": "ADEX и Securex Caspian 2024", "organiser": organiser, "venue": venue,
            "start_date": datetime.date(2024, 9, 24), "end_date": datetime.date(2024, 9, 26),
            "time_zone": "Asia/Baku", "is_public": True,
        },
    )
    demo.count("events", int(created))
    for show in SHOWS:
        _show, created = Show.objects.get_or_create(slug=show["slug"], defaults={"event": event, **show})
        demo.count("shows", int(created))
