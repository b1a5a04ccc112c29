"""Demo programme of ADEX & Securex Caspian 2024 (24–26 September, Asia/Baku): the opening
ceremony with the head of state's tour, conferences and panels on air defence, unmanned systems,
cyber security, land systems and emergency rescue, live demonstrations in the outdoor arena and
press briefings; 30 sessions in five rooms, 25 invented speakers (marked as demo), the demo
visitor's personal programme, invitations to the ceremony and the admission scans at its door."""

import datetime
import zoneinfo

from django.contrib.auth import get_user_model

from pavilion.accreditation import defaults as accreditation_defaults
from pavilion.accreditation import scanning
from pavilion.accreditation import services as accreditation_services
from pavilion.accreditation.models import Badge, Device, Gate, Zone
from pavilion.core.demo import EVENT_SLUG, Demo
from pavilion.core.demo.accreditation import last_contact
from pavilion.events.models import Event, Hall
from pavilion.programme import seats, services
from pavilion.programme.models import Bookmark, Room, Session, SessionAdmission, Speaker, Track
from pavilion.registrations.models import Registration

BAKU = zoneinfo.ZoneInfo("Asia/Baku")

# code, en, az, ru, capacity, zone code, door gate code (created here), hall code
ROOMS = [
    ("plenary", "Plenary hall", "Plenar zal", "Пленарный зал", 400, "conference-rooms", "plenary-door", None),
    ("room-a", "Conference room A", "Konfrans zalı A", "Конференц-зал A", 120, "conference-rooms", "room-a-door", None),
    ("room-b", "Conference room B", "Konfrans zalı B", "Конференц-зал B", 80, "conference-rooms", "room-b-door", None),
    ("briefing", "Briefing room", "Brifinq otağı", "Зал брифингов", 40, "conference-rooms", "briefing-door", None),
    ("arena", "Outdoor demonstration arena", "Açıq nümayiş meydançası", "Открытая демонстрационная площадка",
     1500, "hall-od", "arena-gate", "OD"),
]
# code, en, az, ru, colour
TRACKS = [
    ("official", "Official programme", "Rəsmi proqram", "Официальная программа", "#7a1f3d"),
    ("air-defence", "Air and missile defence", "Hava və raketdən müdafiə", "ПВО и ПРО", "#1f4e79"),
    ("unmanned", "Unmanned systems", "Pilotsuz sistemlər", "Беспилотные системы", "#2e7d32"),
    ("cyber", "Cyber security", "Kibertəhlükəsizlik", "Кибербезопасность", "#6a1b9a"),
    ("land", "Land systems and industry", "Quru sistemləri və sənaye", "Сухопутные системы и промышленность",
     "#8d6e00"),
    ("rescue", "Emergency rescue (Securex)", "Fövqəladə xilasetmə (Securex)", "Аварийно-спасательные работы (Securex)",
     "#c0392b"),
]
# name, title en/az/ru, organisation en/az/ru, country (all invented)
SPEAKERS = [
    ("Elnur Qasımov", "Deputy Minister", "Nazir müavini", "Заместитель министра",
     "Ministry of Defence Industry (demo)", "Müdafiə Sənayesi Nazirliyi (demo)", "Министерство оборонной промышленности (демо)", "AZ"),
    ("Leyla Əliyeva", "Director of international cooperation", "Beynəlxalq əməkdaşlıq direktoru",
     "Директор по международному сотрудничеству", "Caspian Defence Cluster", "Xəzər Müdafiə Klasteri",
     "Каспийский оборонный кластер", "AZ"),
    ("Mehmet Yılmaz", "Chief engineer, air defence", "Baş mühəndis, hava hücumundan müdafiə", "Главный инженер по ПВО",
     "Anatolia Air Systems", "Anatolia Air Systems", "Anatolia Air Systems", "TR"),
    ("Colonel (ret.) Rashad Babayev", "Senior fellow", "Baş elmi işçi", "Старший научный сотрудник",
     "Baku Centre for Security Studies", "Bakı Təhlükəsizlik Araşdırmaları Mərkəzi", "Бакинский центр исследований безопасности", "AZ"),
    ("Anna Kowalczyk", "Programme manager, C-UAS", "Proqram meneceri, PUA-ya qarşı sistemlər", "Руководитель программы противодействия БПЛА",
     "Vistula Defence", "Vistula Defence", "Vistula Defence", "PL"),
    ("Dr Tamar Gelashvili", "Head of research", "Tədqiqat rəhbəri", "Руководитель исследований",
     "Kartli Drone Lab", "Kartli Drone Lab", "Kartli Drone Lab", "GE"),
    ("Ahmet Demir", "Chief executive", "Baş icraçı direktor", "Генеральный директор",
     "Bosphorus UAV", "Bosphorus UAV", "Bosphorus UAV", "TR"),
    ("Nigar Hüseynova", "Head of the national CERT (demo)", "Milli CERT-in rəhbəri (demo)", "Руководитель национального CERT (демо)",
     "State Cyber Agency (demo)", "Dövlət Kiber Agentliyi (demo)", "Государственное киберагентство (демо)", "AZ"),
    ("Jean-Marc Laurent", "Director, critical infrastructure security", "Kritik infrastrukturun təhlükəsizliyi üzrə direktor",
     "Директор по безопасности критической инфраструктуры", "Secure Grid Europe", "Secure Grid Europe",
     "Secure Grid Europe", "FR"),
    ("Dr Aliya Nurlanovna", "Professor of information security", "İnformasiya təhlükəsizliyi professoru",
     "Профессор информационной безопасности", "Steppe Technical University", "Steppe Texniki Universiteti",
     "Степной технический университет", "KZ"),
    ("Farid Mammadli", "Head of armoured vehicles", "Zirehli texnika şöbəsinin rəhbəri", "Руководитель направления бронетехники",
     "Ganja Machine Works", "Gəncə Maşınqayırma Zavodu", "Гянджинский машиностроительный завод", "AZ"),
    ("Oğuz Kaya", "Export director", "İxrac direktoru", "Директор по экспорту",
     "Konya Land Systems", "Konya Land Systems", "Konya Land Systems", "TR"),
    ("Dr Rahim Mahmudov", "Adviser on procurement", "Satınalma üzrə müşavir", "Советник по закупкам",
     "Caspian Defence Cluster", "Xəzər Müdafiə Klasteri", "Каспийский оборонный кластер", "AZ"),
    ("Sevda Rzayeva", "Head of the rescue service (demo)", "Xilasetmə xidmətinin rəisi (demo)", "Начальник спасательной службы (демо)",
     "Emergency Rescue Service (demo)", "Fövqəladə Xilasetmə Xidməti (demo)", "Аварийно-спасательная служба (демо)", "AZ"),
    ("Markus Weber", "Product manager, firefighting robots", "Məhsul meneceri, yanğınsöndürən robotlar",
     "Менеджер продукта, пожарные роботы", "Rhein Rescue Technik", "Rhein Rescue Technik", "Rhein Rescue Technik", "DE"),
    ("Dr Zhang Wei", "Chief scientist, search and rescue sensors", "Baş alim, axtarış-xilasetmə sensorları",
     "Главный научный сотрудник, поисково-спасательные датчики", "Huaxin Sensing", "Huaxin Sensing", "Huaxin Sensing", "CN"),
    ("Gulnara Sadykova", "Director of civil protection training", "Mülki müdafiə təlimləri direktoru",
     "Директор по подготовке гражданской защиты", "Central Asian Rescue Academy", "Mərkəzi Asiya Xilasetmə Akademiyası",
     "Центральноазиатская академия спасателей", "UZ"),
    ("Vusal Ismayilov", "Head of border technology", "Sərhəd texnologiyaları rəhbəri", "Руководитель пограничных технологий",
     "Caspian Border Systems", "Xəzər Sərhəd Sistemləri", "Каспийские пограничные системы", "AZ"),
    ("Elena Petrova", "Defence editor", "Müdafiə redaktoru", "Редактор отдела обороны",
     "Caspian Defence Review", "Caspian Defence Review", "Caspian Defence Review", "AZ"),
    ("Arif Najafov", "Test pilot", "Sınaq pilotu", "Лётчик-испытатель",
     "Bosphorus UAV", "Bosphorus UAV", "Bosphorus UAV", "AZ"),
    ("Dr Ilham Rustamov", "Head of radar design", "Radar layihələndirmə rəhbəri", "Руководитель разработки радаров",
     "Absheron Electronics", "Abşeron Elektronika", "Апшерон Электроникс", "AZ"),
    ("Sarah Mitchell", "Analyst, air power", "Analitik, hava qüvvələri", "Аналитик по военной авиации",
     "Northern Strategy Institute", "Northern Strategy Institute", "Northern Strategy Institute", "GB"),
    ("Kamal Aliyev", "Head of training simulators", "Təlim simulyatorları rəhbəri", "Руководитель направления тренажёров",
     "Absheron Electronics", "Abşeron Elektronika", "Апшерон Электроникс", "AZ"),
    ("Dr Nino Beridze", "Expert in chemical, biological and radiological protection",
     "Kimyəvi, bioloji və radioloji müdafiə üzrə ekspert", "Эксперт по химической, биологической и радиационной защите",
     "Kartli Drone Lab", "Kartli Drone Lab", "Kartli Drone Lab", "GE"),
    ("Murad Hasanli", "Master of ceremonies", "Mərasim aparıcısı", "Ведущий церемонии",
     "Caspian Expo Organisers", "Caspian Expo Organisers", "Caspian Expo Organisers", "AZ"),
]
# day, start, end, room, kind, track, admission, languages, interpretation, (en, az, ru), speaker indexes (chair first)
SESSIONS = [
    (24, "10:00", "11:30", "plenary", "ceremony", "official", "invitation", "az", "en ru",
     ("Opening ceremony of ADEX-2024 and Securex Caspian 2024, and the head of state's tour of the exhibition",
      "ADEX-2024 və Securex Caspian 2024 sərgilərinin açılış mərasimi və dövlət başçısının sərgi ilə tanışlığı",
      "Церемония открытия ADEX-2024 и Securex Caspian 2024 и осмотр выставки главой государства"), [24, 0]),
    (24, "12:00", "13:30", "plenary", "conference", "land", "badge", "az en", "ru",
     ("Defence industry of Azerbaijan: partnerships to 2030", "Azərbaycanın müdafiə sənayesi: 2030-cu ilədək tərəfdaşlıqlar",
      "Оборонная промышленность Азербайджана: партнёрства до 2030 года"), [1, 0, 12, 11]),
    (24, "12:00", "13:15", "room-a", "panel", "air-defence", "registered", "en", "ru az",
     ("Layered air defence against drones and cruise missiles", "Pilotsuz uçuş aparatlarına və qanadlı raketlərə qarşı eşelonlaşdırılmış hava hücumundan müdafiə",
      "Эшелонированная ПВО против беспилотников и крылатых ракет"), [3, 2, 4, 21]),
    (24, "12:30", "13:30", "room-b", "conference", "cyber", "badge", "en", "ru",
     ("Protecting critical infrastructure from cyber attacks", "Kritik infrastrukturun kiberhücumlardan qorunması",
      "Защита критической инфраструктуры от кибератак"), [7, 8, 9]),
    (24, "14:00", "15:30", "room-a", "conference", "unmanned", "badge", "en", "az ru",
     ("Unmanned aerial systems: lessons from recent conflicts", "Pilotsuz aviasiya sistemləri: son münaqişələrin dərsləri",
      "Беспилотные авиационные системы: уроки недавних конфликтов"), [21, 5, 6]),
    (24, "14:00", "15:00", "room-b", "panel", "rescue", "badge", "ru", "en az",
     ("Earthquake response in the Caucasus: search and rescue", "Qafqazda zəlzələyə cavab: axtarış və xilasetmə",
      "Реагирование на землетрясения на Кавказе: поиск и спасание"), [13, 16, 15]),
    (24, "15:00", "15:45", "arena", "demonstration", "unmanned", "open", "az en", "",
     ("Live demonstration: reconnaissance UAV take-off and landing", "Canlı nümayiş: kəşfiyyat PUA-sının uçuşu və enişi",
      "Показ в реальном времени: взлёт и посадка разведывательного БПЛА"), [19]),
    (24, "16:00", "16:45", "briefing", "press", "official", "badge", "az", "en ru",
     ("Press briefing: first day of the exhibition", "Mətbuat brifinqi: sərginin ilk günü",
      "Пресс-брифинг: первый день выставки"), [18, 1]),
    (24, "16:00", "17:30", "plenary", "panel", "air-defence", "badge", "en", "az ru",
     ("Integrated air and missile defence: radars, command and control", "İnteqrasiya olunmuş hava və raketdən müdafiə: radarlar, idarəetmə",
      "Интегрированная ПВО и ПРО: радары, управление"), [21, 20, 2]),
    (24, "16:00", "17:00", "room-a", "workshop", "land", "registered", "en", "",
     ("Workshop: training simulators for armoured crews", "Seminar: zirehli texnika heyətləri üçün təlim simulyatorları",
      "Семинар: тренажёры для экипажей бронетехники"), [22, 10]),
    (25, "10:00", "11:30", "plenary", "conference", "unmanned", "badge", "en", "az ru",
     ("Counter-UAS: detecting and defeating small drones", "PUA-ya qarşı mübarizə: kiçik dronların aşkarlanması və zərərsizləşdirilməsi",
      "Противодействие БПЛА: обнаружение и поражение малых дронов"), [3, 4, 20, 2]),
    (25, "10:00", "11:00", "room-a", "panel", "cyber", "badge", "en", "ru",
     ("Cyber security of defence supply chains", "Müdafiə təchizat zəncirlərinin kibertəhlükəsizliyi",
      "Кибербезопасность цепочек поставок в обороне"), [9, 8, 12]),
    (25, "10:00", "11:00", "room-b", "conference", "rescue", "badge", "ru", "en az",
     ("Fire and rescue robots in industrial accidents", "Sənaye qəzalarında yanğınsöndürmə və xilasetmə robotları",
      "Пожарные и спасательные роботы при промышленных авариях"), [13, 14]),
    (25, "11:30", "12:15", "arena", "demonstration", "rescue", "open", "az", "en ru",
     ("Live demonstration: firefighting robot and rescue team", "Canlı nümayiş: yanğınsöndürən robot və xilasetmə qrupu",
      "Показ в реальном времени: пожарный робот и спасательная команда"), [14, 13]),
    (25, "12:00", "13:30", "plenary", "panel", "land", "badge", "en", "az ru",
     ("Armoured vehicles for mountain terrain", "Dağlıq ərazi üçün zirehli texnika",
      "Бронетехника для горной местности"), [12, 10, 11]),
    (25, "12:00", "13:00", "room-a", "briefing", "air-defence", "registered", "en", "",
     ("Technical briefing: short-range air defence radars", "Texniki brifinq: qısa mənzilli hava hücumundan müdafiə radarları",
      "Технический брифинг: радары ПВО ближнего действия"), [20]),
    (25, "12:00", "13:00", "room-b", "workshop", "cyber", "registered", "en", "",
     ("Workshop: incident response for operational technology", "Seminar: əməliyyat texnologiyalarında insidentlərə cavab",
      "Семинар: реагирование на инциденты в операционных технологиях"), [7, 9]),
    (25, "14:00", "15:30", "plenary", "conference", "rescue", "badge", "az ru", "en",
     ("Civil protection: training the first responders", "Mülki müdafiə: ilk cavab verənlərin hazırlığı",
      "Гражданская защита: подготовка первых реагирующих"), [16, 13, 23]),
    (25, "14:00", "15:00", "room-a", "panel", "unmanned", "badge", "en", "ru",
     ("Drones for border surveillance", "Sərhəd müşahidəsi üçün dronlar", "Дроны для наблюдения за границей"),
     [17, 5, 6]),
    (25, "15:00", "15:45", "arena", "demonstration", "land", "open", "az en", "",
     ("Live demonstration: armoured vehicle mobility course", "Canlı nümayiş: zirehli texnikanın manevr kursu",
      "Показ в реальном времени: трасса проходимости бронетехники"), [10]),
    (25, "16:00", "16:45", "briefing", "press", "official", "badge", "en", "az ru",
     ("Press briefing: contracts signed at the show", "Mətbuat brifinqi: sərgidə imzalanmış müqavilələr",
      "Пресс-брифинг: контракты, подписанные на выставке"), [18, 12]),
    (25, "16:00", "17:00", "room-b", "panel", "cyber", "badge", "en", "ru",
     ("Artificial intelligence in cyber defence", "Kibermüdafiədə süni intellekt",
      "Искусственный интеллект в киберобороне"), [9, 7]),
    (26, "10:00", "11:00", "plenary", "conference", "rescue", "badge", "en", "az ru",
     ("Chemical, biological and radiological protection of cities", "Şəhərlərin kimyəvi, bioloji və radioloji müdafiəsi",
      "Химическая, биологическая и радиационная защита городов"), [23, 16]),
    (26, "10:00", "11:00", "room-a", "panel", "air-defence", "badge", "en", "ru",
     ("Air power in the South Caucasus: the next decade", "Cənubi Qafqazda hava gücü: növbəti onillik",
      "Авиация на Южном Кавказе: следующее десятилетие"), [3, 21]),
    (26, "10:30", "11:15", "arena", "demonstration", "unmanned", "open", "en", "",
     ("Live demonstration: counter-drone jamming", "Canlı nümayiş: dronlara qarşı radioelektron susdurma",
      "Показ в реальном времени: подавление дронов средствами РЭБ"), [4]),
    (26, "11:30", "12:30", "room-b", "briefing", "rescue", "registered", "ru", "",
     ("Briefing: search and rescue sensors", "Brifinq: axtarış və xilasetmə sensorları",
      "Брифинг: датчики для поиска и спасания"), [15]),
    (26, "11:30", "13:00", "plenary", "panel", "land", "badge", "en", "az ru",
     ("Exporting defence products: compliance and offsets", "Müdafiə məhsullarının ixracı: uyğunluq və ofset",
      "Экспорт оборонной продукции: соответствие требованиям и офсеты"), [1, 11, 12]),
    (26, "12:00", "13:00", "room-a", "conference", "unmanned", "badge", "en", "ru",
     ("Training UAV operators with simulators", "Simulyatorlarla PUA operatorlarının hazırlığı",
      "Подготовка операторов БПЛА на тренажёрах"), [22, 19]),
    (26, "14:00", "15:00", "plenary", "ceremony", "official", "badge", "az", "en ru",
     ("Closing session and awards of the exhibition", "Sərginin bağlanış sessiyası və mükafatlandırma",
      "Заключительная сессия и награждение участников выставки"), [24, 0, 1]),
    (26, "14:00", "15:00", "briefing", "press", "official", "badge", "en", "az ru",
     ("Press briefing: results of ADEX-2024 and Securex Caspian 2024", "Mətbuat brifinqi: ADEX-2024 və Securex Caspian 2024 yekunları",
      "Пресс-брифинг: итоги ADEX-2024 и Securex Caspian 2024"), [18]),
]
ABSTRACTS = {
    "ceremony": ("Official programme of the exhibition.", "Sərginin rəsmi proqramı.", "Официальная программа выставки."),
    "conference": ("Talks followed by questions from the audience.", "Məruzələr və auditoriyanın sualları.",
                   "Доклады и вопросы из зала."),
    "panel": ("A moderated discussion between industry, government and experts.",
              "Sənaye, dövlət və ekspertlər arasında moderatorlu müzakirə.",
              "Модерируемая дискуссия представителей промышленности, государства и экспертов."),
    "demonstration": ("Watch from the stands of the outdoor arena; hearing protection is handed out at the gate.",
                      "Açıq meydançanın tribunalarından izləyin; qulaqlıqlar girişdə verilir.",
                      "Наблюдайте с трибун открытой площадки; средства защиты слуха выдаются на входе."),
    "briefing": ("A technical briefing for registered attendees: seats are limited.",
                 "Qeydiyyatdan keçmiş iştirakçılar üçün texniki brifinq: yerlərin sayı məhduddur.",
                 "Технический брифинг для зарегистрированных участников: число мест ограничено."),
    "workshop": ("A hands-on workshop for registered attendees: seats are limited.",
                 "Qeydiyyatdan keçmiş iştirakçılar üçün praktiki seminar: yerlərin sayı məhduddur.",
                 "Практический семинар для зарегистрированных участников: число мест ограничено."),
    "press": ("For accredited media; questions in Azerbaijani, English and Russian.",
              "Akkreditə olunmuş media üçün; suallar azərbaycan, ingilis və rus dillərində.",
              "Для аккредитованных СМИ; вопросы на азербайджанском, английском и русском языках."),
}
VISITOR_BOOKMARKS = [2, 5, 6, 8, 10, 16]  # indexes into SESSIONS, none overlapping: panels, a demonstration, ...


def _at(day: int, clock: str) -> datetime.datetime:
    hour, minute = map(int, clock.split(":"))
    return datetime.datetime(2024, 9, day, hour, minute, tzinfo=BAKU)


def create_programme(demo: Demo) -> None:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    organiser = get_user_model().objects.filter(username="organiser").first()
    if event is None:
        return
    rooms = _rooms(demo, event, organiser)
    tracks = _tracks(demo, event)
    speakers = _speakers(demo, event, organiser)
    sessions = _sessions(demo, event, organiser, rooms, tracks, speakers)
    _bookmarks(demo, event, organiser, sessions)
    _admissions(demo, event, organiser, sessions)


def _rooms(demo: Demo, event, organiser) -> dict:
    rooms = {room.code: room for room in Room.objects.filter(event=event)}
    zones = {zone.code: zone for zone in Zone.objects.filter(event=event)}
    for order, (code, en, az, ru, capacity, zone_code, gate_code, hall_code) in enumerate(ROOMS):
        if code in rooms:
            continue
        zone = zones.get(zone_code)
        gate = Gate.objects.filter(event=event, code=gate_code).first()
        if gate is None and zone is not None:
            names = accreditation_defaults.gate_names(accreditation_defaults.DOOR_NAME, {"en": en, "az": az, "ru": ru})
            gate = accreditation_services.gate_create(actor=organiser, zone=zone, code=gate_code, **names)
            demo.count("gates", 1)
        hall = Hall.objects.filter(venue_id=event.venue_id, code=hall_code).first() if hall_code else None
        rooms[code] = services.room_create(actor=organiser, event=event, code=code, name_en=en, name_az=az,
                                           name_ru=ru, capacity=capacity, zone=zone, gate=gate, hall=hall,
                                           order=order)
        demo.count("rooms", 1)
    return rooms


def _tracks(demo: Demo, event) -> dict:
    tracks = {track.code: track for track in Track.objects.filter(event=event)}
    for code, en, az, ru, colour in TRACKS:
        if code not in tracks:
            tracks[code] = services.track_create(actor=None, event=event, code=code, name_en=en, name_az=az,
                                                 name_ru=ru, colour=colour)
            demo.count("tracks", 1)
    return tracks


def _speakers(demo: Demo, event, organiser) -> list:
    existing = {speaker.name: speaker for speaker in Speaker.objects.filter(event=event)}
    speakers = []
    for name, t_en, t_az, t_ru, o_en, o_az, o_ru, country in SPEAKERS:
        speaker = existing.get(name)
        if speaker is None:
            speaker = services.speaker_create(
                actor=organiser, event=event, name=name, title_en=t_en, title_az=t_az, title_ru=t_ru,
                organisation_en=o_en, organisation_az=o_az, organisation_ru=o_ru, country=country, is_demo=True,
                bio_en=f"{name} is an invented speaker of the Pavilion demo: {t_en.lower()}, {o_en}.",
                bio_az=f"{name} Pavilion demosunun uydurma məruzəçisidir: {t_az.lower()}, {o_az}.",
                bio_ru=f"{name} — вымышленный докладчик демо-версии Pavilion: {t_ru.lower()}, {o_ru}.")
            demo.count("speakers", 1)
        speakers.append(speaker)
    return speakers


def _sessions(demo: Demo, event, organiser, rooms, tracks, speakers) -> list:
    existing = {session.title_en: session for session in Session.objects.filter(event=event)}
    sessions = []
    for day, start, end, room, kind, track, admission, languages, interpretation, titles, people in SESSIONS:
        session = existing.get(titles[0])
        if session is None:
            roles = [(speakers[index], "chair" if position == 0 and len(people) > 2 else "speaker")
                     for position, index in enumerate(people)]
            abstract = ABSTRACTS[kind]
            session = services.session_create(
                actor=organiser, event=event, speakers=roles, kind=kind, status=Session.Status.PUBLISHED,
                title_en=titles[0], title_az=titles[1], title_ru=titles[2], abstract_en=abstract[0],
                abstract_az=abstract[1], abstract_ru=abstract[2], track=tracks[track], room=rooms[room],
                starts_at=_at(day, start), ends_at=_at(day, end), languages=languages,
                interpretation=interpretation, admission=admission)
            demo.count("sessions", 1)
        sessions.append(session)
    return sessions


def _approved(event, **filters):
    return Registration.objects.filter(event=event, status=Registration.Status.APPROVED, **filters).order_by("pk")


def _bookmarks(demo: Demo, event, organiser, sessions) -> None:
    visitor = _approved(event, person__user__username="visitor").first()
    if visitor is not None and not Bookmark.objects.filter(registration=visitor).exists():
        for index in VISITOR_BOOKMARKS:
            seats.bookmark_add(actor=visitor.person.user, session=sessions[index], registration=visitor)
        demo.count("bookmarks", len(VISITOR_BOOKMARKS))
    ceremony = sessions[0]
    if Bookmark.objects.filter(session=ceremony, invited=True).exists():
        return
    guests = list(_approved(event, category__code__in=["vip", "delegation-member"])) + ([visitor] if visitor else [])
    for registration in guests:
        seats.session_invite(actor=organiser, session=ceremony, registration=registration)
    demo.count("invitations", len(guests))


def _admissions(demo: Demo, event, organiser, sessions) -> None:
    """The guests come through the plenary hall's door before the ceremony; two visitors who were
    not invited are turned away."""
    ceremony = sessions[0]
    gate = ceremony.room.gate
    if gate is None or SessionAdmission.objects.filter(session=ceremony).exists():
        return
    device = Device.objects.filter(event=event, gate=gate).first()
    if device is None:
        device, _token = accreditation_services.device_enrol(actor=organiser, gate=gate, name="Plenary hall door scanner")
        demo.count("gate devices", 1)
    invited = set(Bookmark.objects.filter(session=ceremony, status="confirmed").values_list("registration_id", flat=True))
    badges = list(Badge.objects.filter(event=event, status=Badge.Status.VALID).select_related("registration__category")
                  .order_by("serial"))
    guests = [badge for badge in badges if badge.registration_id in invited]
    others = [badge for badge in badges if badge.registration_id not in invited
              and badge.registration.category.code == "trade-visitor"][:2]
    point = scanning.Checkpoint.load(device)
    for minute, badge in enumerate(guests + others):
        scanning.scan_record(point=point, offline=True, scan=scanning.ScanInput(
            qr=badge.token, gate=gate.code, direction="in", scanned_at=_at(24, "09:40") + datetime.timedelta(minutes=minute),
            nonce=f"demo-programme-{badge.serial}"))
    last_contact([device])
    demo.count("session admissions", SessionAdmission.objects.filter(session=ceremony).count())
