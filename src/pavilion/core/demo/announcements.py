"""Demo announcements of ADEX & Securex Caspian 2024, around the demo clock (24 September, 10:00 in
Baku): the shuttle buses (public), Hall 3 closing for an official visit (urgent, to everyone), the
exhibitors' delivery hours and the first day's closing, scheduled for 16:00. In the three languages;
none is e-mailed (the demo's people are invented). Fixed times, so the demo is the same on any clock."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model

from pavilion.core.demo import EVENT_SLUG, Demo
from pavilion.events.models import Announcement, Event

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
Audience, Importance = Announcement.Audience, Announcement.Importance


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2024, 9, day, hour, minute, tzinfo=BAKU)


# audience, importance, publish_at, expires_at, (title en, az, ru), (body en, az, ru)
ANNOUNCEMENTS = [
    (Audience.PUBLIC, Importance.NORMAL, _at(23, 18), _at(26, 20), (
        "Free shuttle buses from Koroghlu metro every 10 minutes",
        "Koroğlu metrosundan hər 10 dəqiqədən bir pulsuz servis avtobusları",
        "Бесплатные автобусы от метро «Кёроглу» каждые 10 минут",
    ), (
        "From 24 to 26 September shuttle buses run between Koroghlu metro station and the Baku Expo Center "
        "every 10 minutes, from 09:00 to 19:00. They are free for everyone with a badge or a visitor ticket.",
        "24–26 sentyabr tarixlərində servis avtobusları Koroğlu metro stansiyası ilə Bakı Ekspo Mərkəzi arasında "
        "saat 09:00-dan 19:00-dək hər 10 dəqiqədən bir hərəkət edir. Beyci və ya ziyarətçi bileti olanlar üçün "
        "pulsuzdur.",
        "С 24 по 26 сентября автобусы курсируют между станцией метро «Кёроглу» и Бакинским экспоцентром "
        "каждые 10 минут с 09:00 до 19:00. Проезд бесплатный для всех, у кого есть бейдж или билет посетителя.",
    )),
    (Audience.EVERYONE, Importance.URGENT, _at(24, 9, 30), _at(24, 18), (
        "Hall 3 closes from 17:00 to 18:00 for an official visit",
        "3 saylı zal rəsmi səfərlə əlaqədar 17:00-dan 18:00-dək bağlanır",
        "Зал 3 закрыт с 17:00 до 18:00 в связи с официальным визитом",
    ), (
        "Today Hall 3 is closed to visitors from 17:00 to 18:00 for a VIP visit. Exhibitors in Hall 3 stay at "
        "their stands with their badges visible; please follow the stewards' directions.",
        "Bu gün 3 saylı zal VIP səfəri ilə əlaqədar saat 17:00-dan 18:00-dək ziyarətçilər üçün bağlıdır. "
        "3 saylı zalın eksponentləri beycləri görünən halda öz stendlərində qalırlar; nizamçıların "
        "göstərişlərinə əməl edin.",
        "Сегодня зал 3 закрыт для посетителей с 17:00 до 18:00 в связи с визитом VIP-гостей. Экспоненты "
        "зала 3 остаются на своих стендах с бейджами на виду; следуйте указаниям распорядителей.",
    )),
    (Audience.EXHIBITORS, Importance.NORMAL, _at(24, 8), _at(26, 18), (
        "Stand deliveries through the service gate until 09:30",
        "Stendlərə yük çatdırılması 09:30-dək xidməti darvazadan",
        "Доставка грузов на стенды через служебные ворота до 09:30",
    ), (
        "On the open days goods for the stands are delivered through the service gate between 08:00 and 09:30 "
        "only. Delivery vehicles leave the loading area by 09:45; after that, carry small parcels by hand.",
        "Sərgi günlərində stendlər üçün yüklər yalnız saat 08:00-dan 09:30-dək xidməti darvazadan gətirilir. "
        "Yük maşınları yükləmə meydançasını saat 09:45-dək tərk edir; bundan sonra kiçik bağlamaları əldə "
        "gətirin.",
        "В дни выставки грузы для стендов доставляются только через служебные ворота с 08:00 до 09:30. "
        "Грузовые машины покидают зону разгрузки до 09:45; после этого небольшие посылки проносите вручную.",
    )),
    (Audience.EVERYONE, Importance.NORMAL, _at(24, 16), _at(24, 19), (
        "The halls close at 18:00 today",
        "Zallar bu gün saat 18:00-da bağlanır",
        "Сегодня залы закрываются в 18:00",
    ), (
        "The first day ends at 18:00: please leave the halls by 18:15. The last shuttle bus to Koroghlu metro "
        "leaves the main entrance at 19:00. The halls open again tomorrow at 10:00.",
        "Birinci gün saat 18:00-da başa çatır: zalları saat 18:15-dək tərk edin. Koroğlu metrosuna son servis "
        "avtobusu saat 19:00-da əsas girişdən yola düşür. Zallar sabah saat 10:00-da yenidən açılır.",
        "Первый день завершается в 18:00: просим покинуть залы до 18:15. Последний автобус до метро "
        "«Кёроглу» отправляется от главного входа в 19:00. Завтра залы открываются в 10:00.",
    )),
]


def create_announcements(demo: Demo) -> None:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is None:
        return
    organiser = get_user_model().objects.filter(username="organiser").first()
    existing = set(Announcement.objects.filter(event=event).values_list("title_en", flat=True))
    for audience, importance, publish_at, expires_at, titles, bodies in ANNOUNCEMENTS:
        if titles[0] in existing:
            continue
        Announcement.objects.create(
            event=event, audience=audience, importance=importance, publish_at=publish_at, expires_at=expires_at,
            created_by=organiser, created_at=publish_at, updated_at=publish_at,
            **dict(zip(("title_en", "title_az", "title_ru"), titles, strict=True)),
            **dict(zip(("body_en", "body_az", "body_ru"), bodies, strict=True)))
        demo.count("announcements", 1)
