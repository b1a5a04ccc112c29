"""Deals signed at ADEX and Securex Caspian 2024 (invented): contracts, memoranda and letters of intent
between demo exhibitors, the Turkish delegation and government bodies, in every confidentiality and
announcement state, some with disclosed values. A deal is known by its English title: a second run
creates nothing."""

import datetime
import zoneinfo
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import override_settings

from pavilion.core.demo import EVENT_SLUG, Demo
from pavilion.core.demo.accounts import exhibitor_account_company
from pavilion.deals import services
from pavilion.deals.models import Deal
from pavilion.events.models import Event, Show
from pavilion.exhibitors.models import Company, ProductCategory
from pavilion.registrations.models import Delegation

# Government bodies by their names in English, Azerbaijani and Russian, with their country.
MODI = (("Ministry of Defence Industry of Azerbaijan", "Azərbaycan Respublikasının Müdafiə Sənayesi Nazirliyi",
         "Министерство оборонной промышленности Азербайджанской Республики"), "AZ")
BORDER = (("State Border Service of Azerbaijan", "Azərbaycan Respublikasının Dövlət Sərhəd Xidməti",
           "Государственная пограничная служба Азербайджанской Республики"), "AZ")
EMERGENCY = (("Ministry of Emergency Situations of Azerbaijan", "Azərbaycan Respublikasının Fövqəladə Hallar Nazirliyi",
              "Министерство по чрезвычайным ситуациям Азербайджанской Республики"), "AZ")
PAKISTAN = (("Ministry of Defence Production of Pakistan", "Pakistanın Müdafiə İstehsalı Nazirliyi",
             "Министерство оборонного производства Пакистана"), "PK")
KAZAKHSTAN = (("Ministry of Defence and Aerospace Industry of Kazakhstan",
               "Qazaxıstan Respublikasının Müdafiə və Aerokosmik Sənaye Nazirliyi",
               "Министерство оборонной и аэрокосмической промышленности Республики Казахстан"), "KZ")
GEORGIA = (("Ministry of Internal Affairs of Georgia", "Gürcüstanın Daxili İşlər Nazirliyi",
            "Министерство внутренних дел Грузии"), "GE")
UZBEKISTAN = (("State Committee for Defence Industry of Uzbekistan",
               "Özbəkistan Respublikasının Müdafiə Sənayesi üzrə Dövlət Komitəsi",
               "Государственный комитет оборонной промышленности Республики Узбекистан"), "UZ")
ACADEMY = (("National Aviation Academy", "Milli Aviasiya Akademiyası", "Национальная академия авиации"), "AZ")

PUBLIC, ORGANISER, PARTIES = "public", "organiser", "parties"
ANNOUNCED, PLANNED, DRAFT, WITHDRAWN = "announced", "planned", "draft", "withdrawn"
# The demo's clock is the first morning, 24 September 10:00 in Baku, and the register is as it stood
# then: deals signed that morning and announced at once (ANNOUNCED) or at a press conference planned
# later (PLANNED, day, time); deals announced at the press briefing on the eve of the show, ahead of
# their signing on a later day (AHEAD: the public page's "Signings to come"); announcements planned
# for the closing press conference after their signing (CLOSING). Every write is made at its own
# time on the Pavilion clock, so the demo is the same whenever it is loaded.
AHEAD, CLOSING = "ahead", (PLANNED, 26, "17:30")
DEMO_CLOCK = (24, "10:00")
BRIEFING = (23, "18:00")  # the press briefing on the eve of the show
WITHDRAWAL = (24, "09:35")  # the buyer of the body armour asked for confidentiality

# (kind, day of September, time, show, category, control, value, currency, disclosed, confidentiality,
#  announcement, parties, (title en, az, ru), (subject en, az, ru)); the announcement is ANNOUNCED,
#  AHEAD, DRAFT, WITHDRAWN (announced ahead, then withdrawn) or (PLANNED, day, time).
# Parties: ("company", category, role) draws an exhibitor of that category; ("account", role) is the
# company of the `exhibitor` demo account; ("delegation", role) the Turkish delegation; a body is (name, country, role).
DEALS = [
    ("contract", 24, "09:15", "adex", "armoured-vehicles", "ML6", "48500000", "USD", True, PUBLIC, ANNOUNCED,
     [("company", "armoured-vehicles", "supplier"), (*MODI, "buyer")],
     ("Supply of armoured patrol vehicles", "Zirehli patrul maşınlarının tədarükü",
      "Поставка бронированных патрульных машин"),
     ("Forty 4×4 armoured patrol vehicles with spare parts and crew training.",
      "Ehtiyat hissələri və ekipaj təlimi ilə qırx ədəd 4×4 zirehli patrul maşını.",
      "Сорок бронированных патрульных машин 4×4 с запасными частями и обучением экипажей.")),
    ("mou", 24, "09:30", "adex", "unmanned-aerial-vehicles", "ML10", None, "", False, PUBLIC, ANNOUNCED,
     [("account", "partner"), ("company", "unmanned-aerial-vehicles", "partner")],
     ("Memorandum on joint production of unmanned aerial systems",
      "Pilotsuz uçan sistemlərin birgə istehsalı haqqında memorandum",
      "Меморандум о совместном производстве беспилотных авиационных систем"),
     ("Assembly of tactical drones in Azerbaijan and a shared maintenance centre.",
      "Taktiki dronların Azərbaycanda yığılması və ortaq texniki xidmət mərkəzi.",
      "Сборка тактических беспилотников в Азербайджане и общий центр техобслуживания.")),
    ("loi", 24, "09:45", "securex", "firefighting", "none", None, "", False, PUBLIC, (PLANNED, 24, "16:00"),
     [(*EMERGENCY, "buyer"), ("company", "firefighting", "supplier")],
     ("Letter of intent on firefighting vehicles", "Yanğınsöndürmə maşınları üzrə niyyət məktubu",
      "Письмо о намерениях по пожарным автомобилям"),
     ("Airport crash tenders and urban fire engines for the regions.",
      "Regionlar üçün hava limanı qəza-xilasetmə və şəhər yanğınsöndürmə maşınları.",
      "Аэродромные аварийно-спасательные и городские пожарные автомобили для регионов.")),
    ("contract", 24, "15:30", "adex", "ammunition", "ML3", "12750000", "EUR", False, PARTIES, DRAFT,
     [("company", "ammunition", "supplier"), (*PAKISTAN, "buyer")],
     ("Ammunition supply contract", "Sursat tədarükü müqaviləsi", "Контракт на поставку боеприпасов"),
     ("Medium-calibre ammunition, delivered in three lots.", "Orta çaplı sursat, üç partiyada çatdırılma.",
      "Боеприпасы среднего калибра, поставка тремя партиями.")),
    ("contract", 24, "16:45", "securex", "perimeter-intrusion-detection", "none", "3200000", "AZN", True, PUBLIC,
     AHEAD, [("company", "perimeter-intrusion-detection", "supplier"), (*BORDER, "buyer")],
     ("Perimeter protection for border checkpoints", "Sərhəd keçid məntəqələrinin perimetr mühafizəsi",
      "Защита периметра пограничных пунктов пропуска"),
     ("Fence sensors and a monitoring centre for six checkpoints.",
      "Altı keçid məntəqəsi üçün hasar sensorları və monitorinq mərkəzi.",
      "Датчики на ограждении и центр мониторинга для шести пунктов пропуска.")),
    ("mou", 24, "17:30", "adex", "simulators", "none", None, "", False, PUBLIC, DRAFT,
     [("account", "partner"), (*ACADEMY, "partner")],
     ("Memorandum on simulator training", "Simulyator təlimi haqqında memorandum",
      "Меморандум о тренажёрной подготовке"),
     ("Joint courses for maintenance crews on the company's simulators.",
      "Şirkətin simulyatorlarında texniki heyət üçün birgə kurslar.",
      "Совместные курсы для технического персонала на тренажёрах компании.")),
    ("contract", 25, "10:30", "adex", "radar", "ML5", "27000000", "USD", True, PUBLIC, AHEAD,
     [("company", "radar", "supplier"), (*KAZAKHSTAN, "buyer")],
     ("Air surveillance radars", "Hava müşahidə radarları", "Радиолокационные станции обзора воздушного пространства"),
     ("Four mobile 3D air surveillance radars with integration into the national network.",
      "Dörd mobil 3D hava müşahidə radarı və milli şəbəkəyə inteqrasiya.",
      "Четыре мобильные трёхкоординатные РЛС обзора с интеграцией в национальную сеть.")),
    ("mou", 25, "11:00", "adex", "armoured-vehicles", "ML6", None, "", False, PUBLIC, AHEAD,
     [("delegation", "partner"), ("account", "partner")],
     ("Memorandum on armoured vehicle cooperation", "Zirehli texnika üzrə əməkdaşlıq memorandumu",
      "Меморандум о сотрудничестве в области бронетехники"),
     ("Co-development of a mine-protected vehicle family.", "Minadan qorunan maşın ailəsinin birgə hazırlanması.",
      "Совместная разработка семейства машин с противоминной защитой.")),
    ("contract", 25, "11:45", "securex", "video-surveillance", "none", "1850000", "AZN", True, PUBLIC,
     (PLANNED, 25, "12:30"),
     [("company", "video-surveillance", "supplier"), (*GEORGIA, "buyer")],
     ("Video surveillance for road border crossings", "Avtomobil sərhəd keçidləri üçün videomüşahidə",
      "Видеонаблюдение на автомобильных пограничных переходах"),
     ("Cameras with licence-plate recognition at four crossings.",
      "Dörd keçiddə nömrə nişanlarını tanıyan kameralar.",
      "Камеры с распознаванием номеров на четырёх переходах.")),
    ("loi", 25, "12:30", "adex", "air-defence", "ML4", None, "", False, ORGANISER, DRAFT,
     [(*UZBEKISTAN, "buyer"), ("company", "air-defence", "supplier")],
     ("Letter of intent on short-range air defence", "Qısa mənzilli hava hücumundan müdafiə üzrə niyyət məktubu",
      "Письмо о намерениях по ПВО малой дальности"),
     ("Evaluation of a short-range system before a tender.", "Tenderdən əvvəl qısa mənzilli sistemin qiymətləndirilməsi.",
      "Оценка комплекса малой дальности перед тендером.")),
    ("contract", 25, "13:15", "securex", "cbrn-protection", "1A004", "640000", "EUR", True, PUBLIC, AHEAD,
     [("company", "cbrn-protection", "supplier"), (*EMERGENCY, "buyer")],
     ("CBRN protective suits for rescue teams", "Xilasedici qruplar üçün KBRN qoruyucu kostyumları",
      "Костюмы защиты от ОМП для спасательных отрядов"),
     ("Two thousand suits and detection kits.", "İki min kostyum və aşkarlama dəstləri.",
      "Две тысячи костюмов и наборы обнаружения.")),
    ("contract", 25, "14:00", "adex", "tactical-communications", "5A002", "9400000", "USD", False, ORGANISER, DRAFT,
     [("company", "tactical-communications", "supplier"), (*MODI, "buyer")],
     ("Encrypted tactical radios", "Şifrələnmiş taktiki radiostansiyalar", "Защищённые тактические радиостанции"),
     ("Handheld and vehicle radios with crypto modules.", "Kripto modullu portativ və maşın radiostansiyaları.",
      "Носимые и возимые радиостанции с криптомодулями.")),
    ("mou", 24, "09:05", "securex", "cyber-security", "none", None, "", False, PUBLIC, ANNOUNCED,
     [("company", "network-security", "partner"), ("company", "secure-communications", "partner")],
     ("Memorandum on a cyber-security training centre", "Kibertəhlükəsizlik təlim mərkəzi haqqında memorandum",
      "Меморандум о центре подготовки по кибербезопасности"),
     ("A joint centre in Baku for incident response exercises.",
      "Bakıda insidentlərə cavab təlimləri üçün birgə mərkəz.",
      "Совместный центр в Баку для учений по реагированию на инциденты.")),
    ("contract", 25, "16:00", "adex", "body-armour", "ML13", "2100000", "USD", True, PUBLIC, WITHDRAWN,
     [("company", "body-armour", "supplier"), (*GEORGIA, "buyer")],
     ("Body armour for special units", "Xüsusi bölmələr üçün bədən zirehləri", "Бронежилеты для специальных подразделений"),
     ("Level IV plates and carriers; the announcement was withdrawn at the buyer's request.",
      "IV səviyyəli lövhələr və jiletlər; elan alıcının xahişi ilə geri götürülüb.",
      "Пластины IV класса и чехлы; объявление отозвано по просьбе покупателя.")),
    ("loi", 24, "09:50", "securex", "search-and-rescue", "none", None, "", False, PUBLIC, ANNOUNCED,
     [("company", "search-and-rescue", "supplier")],
     ("Letter of intent on search and rescue equipment", "Axtarış-xilasetmə avadanlığı üzrə niyyət məktubu",
      "Письмо о намерениях по поисково-спасательному оборудованию"),
     ("The company offers thermal cameras and rescue tools to regional services.",
      "Şirkət regional xidmətlərə termal kameralar və xilasetmə alətləri təklif edir.",
      "Компания предлагает региональным службам тепловизоры и спасательный инструмент.")),
    ("contract", 25, "17:15", "adex", "maintenance-repair", "none", "5600000", "AZN", False, PARTIES, DRAFT,
     [("account", "supplier"), (*MODI, "buyer")],
     ("Maintenance of tracked vehicles", "Tırtıllı maşınlara texniki xidmət", "Техническое обслуживание гусеничной техники"),
     ("A three-year service contract for the repair base.", "Təmir bazası üçün üç illik xidmət müqaviləsi.",
      "Трёхлетний контракт на обслуживание ремонтной базы.")),
    ("mou", 26, "10:15", "adex", "satellites", "9A004", None, "", False, PUBLIC, AHEAD,
     [("company", "satellites", "partner"), (*KAZAKHSTAN, "partner")],
     ("Memorandum on small Earth observation satellites", "Kiçik Yer müşahidə peykləri haqqında memorandum",
      "Меморандум о малых спутниках дистанционного зондирования Земли"),
     ("Joint study of a small satellite constellation.", "Kiçik peyk qrupunun birgə tədqiqi.",
      "Совместное исследование группировки малых спутников.")),
    ("contract", 26, "11:00", "adex", "small-arms", "ML1", "4300000", "USD", True, PUBLIC, AHEAD,
     [("company", "small-arms", "supplier"), ("delegation", "buyer")],
     ("Small arms for the gendarmerie", "Jandarma üçün atıcı silahlar", "Стрелковое оружие для жандармерии"),
     ("Rifles and pistols with training of instructors.", "Təlimatçıların hazırlığı ilə tüfənglər və tapançalar.",
      "Винтовки и пистолеты с подготовкой инструкторов.")),
    ("contract", 26, "11:45", "securex", "screening-detection", "none", "980000", "EUR", True, PUBLIC, AHEAD,
     [("company", "screening-detection", "supplier"), (*BORDER, "buyer")],
     ("Cargo screening systems", "Yük yoxlama sistemləri", "Системы досмотра грузов"),
     ("Two X-ray portals for trucks at the southern border.", "Cənub sərhədində yük maşınları üçün iki rentgen portalı.",
      "Два рентгеновских портала для грузовиков на южной границе.")),
    ("mou", 26, "12:30", "adex", "unmanned-maritime-systems", "ML9", None, "", False, PARTIES, DRAFT,
     [("company", "unmanned-maritime-systems", "partner"), ("delegation", "partner")],
     ("Memorandum on unmanned surface vessels", "Pilotsuz səth gəmiləri haqqında memorandum",
      "Меморандум о безэкипажных надводных катерах"),
     ("Trials on the Caspian Sea in 2025.", "2025-ci ildə Xəzər dənizində sınaqlar.",
      "Испытания на Каспийском море в 2025 году.")),
    ("contract", 26, "13:30", "adex", "optronics-night-vision", "ML15", "7800000", "USD", False, PUBLIC, CLOSING,
     [("company", "optronics-night-vision", "supplier"), (*PAKISTAN, "buyer")],
     ("Thermal sights and night-vision goggles", "Termal nişangahlar və gecəgörmə eynəkləri",
      "Тепловизионные прицелы и очки ночного видения"),
     ("To be announced at the closing press conference.", "Yekun mətbuat konfransında elan olunacaq.",
      "Будет объявлен на заключительной пресс-конференции.")),
    ("loi", 26, "14:00", "securex", "emergency-medical", "none", None, "", False, ORGANISER, DRAFT,
     [(*EMERGENCY, "buyer")],
     ("Letter of intent on field hospitals", "Səhra hospitalları üzrə niyyət məktubu",
      "Письмо о намерениях по полевым госпиталям"),
     ("The ministry's intent to procure two deployable field hospitals.",
      "Nazirliyin iki səyyar səhra hospitalı almaq niyyəti.",
      "Намерение министерства закупить два развёртываемых полевых госпиталя.")),
    ("contract", 26, "15:00", "adex", "counter-uas", "ML11", "15200000", "EUR", True, PUBLIC, AHEAD,
     [("company", "counter-uas", "supplier"), (*MODI, "buyer")],
     ("Counter-drone systems for critical sites", "Kritik obyektlər üçün antidron sistemləri",
      "Противодроновые системы для критических объектов"),
     ("Detection and jamming systems at energy facilities.", "Enerji obyektlərində aşkarlama və susdurma sistemləri.",
      "Системы обнаружения и подавления на объектах энергетики.")),
    ("mou", 26, "16:00", "securex", "access-control", "none", None, "", False, PUBLIC, CLOSING,
     [("company", "access-control", "partner"), ("company", "video-surveillance", "partner")],
     ("Memorandum on integrated access control", "İnteqrasiya olunmuş giriş nəzarəti haqqında memorandum",
      "Меморандум об интегрированной системе контроля доступа"),
     ("A common platform for access control and video analytics.", "Giriş nəzarəti və video analitika üçün ortaq platforma.",
      "Общая платформа контроля доступа и видеоаналитики.")),
    ("contract", 26, "17:00", "adex", "helicopters", "ML10", "61000000", "USD", True, PUBLIC, DRAFT,
     [("company", "helicopters", "supplier"), (*MODI, "buyer")],
     ("Training helicopters", "Təlim helikopterləri", "Учебные вертолёты"),
     ("Six light training helicopters with simulators; awaiting the organiser's announcement.",
      "Simulyatorlarla altı yüngül təlim helikopteri; təşkilatçının elanını gözləyir.",
      "Шесть лёгких учебных вертолётов с тренажёрами; ожидает объявления организатора.")),
]


def _company_by_category(slug: str, taken: set[int]) -> Company | None:
    """An exhibitor of the event offering that category, the same one on every run."""
    companies = Company.objects.filter(is_demo=True, exhibitors__show__event__slug=EVENT_SLUG,
                                       exhibitors__categories__slug=slug).distinct().order_by("name")
    return next((company for company in companies if company.pk not in taken), None)


def _parties(spec, account: Company | None, delegation: Delegation | None) -> list[services.PartyData] | None:
    parties, taken = [], set()
    for item in spec:
        role = item[-1]
        if item[0] == "company":
            company = _company_by_category(item[1], taken)
            if company is None:
                return None
            taken.add(company.pk)
            parties.append(services.PartyData(kind="company", role=role, company=company))
        elif item[0] == "account":
            if account is None:
                return None
            taken.add(account.pk)
            parties.append(services.PartyData(kind="company", role=role, company=account))
        elif item[0] == "delegation":
            if delegation is None:
                return None
            parties.append(services.PartyData(kind="delegation", role=role, delegation=delegation))
        else:
            (name_en, name_az, name_ru), country = item[0], item[1]
            parties.append(services.PartyData(kind="government", role=role, name=name_en, name_az=name_az,
                                              name_ru=name_ru, country=country))
    return parties


def create_deals(demo: Demo) -> None:
    event = Event.objects.filter(slug=EVENT_SLUG).first()
    if event is None:
        return
    zone = zoneinfo.ZoneInfo(event.time_zone)
    existing = set(Deal.objects.filter(event=event).values_list("title_en", flat=True))
    shows = {show.slug.split("-")[0]: show for show in Show.objects.filter(event=event)}
    account = exhibitor_account_company(demo)
    delegation = Delegation.objects.filter(event=event, country="TR").order_by("pk").first()
    organiser = get_user_model().objects.filter(username="organiser").first()
    categories = {category.slug: category for category in ProductCategory.objects.all()}
    for (kind, day, time, show, category, control, value, currency, disclosed, confidentiality, announcement,
         party_spec, titles, subjects) in DEALS:
        if titles[0] in existing:
            continue
        parties = _parties(party_spec, account, delegation)
        if parties is None:
            continue  # a smaller demo (scale) may lack an exhibitor of that trade
        hour, minute = map(int, time.split(":"))
        signed_at = datetime.datetime(2024, 9, day, hour, minute, tzinfo=zone)
        with _clock(_written(signed_at, zone)):
            deal = services.deal_record(
                actor=organiser, event=event, kind=kind, title_en=titles[0], title_az=titles[1], title_ru=titles[2],
                subject_en=subjects[0], subject_az=subjects[1], subject_ru=subjects[2], parties=parties,
                signed_at=signed_at, control=control, value=Decimal(value) if value else None, currency=currency,
                value_disclosed=disclosed, confidentiality=confidentiality, show=shows.get(show),
                **_place(day, hour), categories=[categories[category]] if category in categories else [],
            )
        _announce(organiser, deal, announcement, signed_at, zone)
        demo.count("deals", 1)


LOUNGE = ("VIP lounge, Hall 1", "VIP zalı, 1 saylı zal", "VIP-зал, зал 1")
SIGNING_AREA = ("Signing area, Hall 2", "İmzalanma zonası, 2 saylı zal", "Зона подписания, зал 2")


def _place(day: int, hour: int) -> dict[str, str]:
    """The place of signing in English, Azerbaijani and Russian (`place_en`, `place_az`, `place_ru`)."""
    place = LOUNGE if (day + hour) % 3 == 0 else SIGNING_AREA
    return dict(zip(("place_en", "place_az", "place_ru"), place, strict=True))


def _at(day: int, time: str, zone) -> datetime.datetime:
    hour, minute = map(int, time.split(":"))
    return datetime.datetime(2024, 9, day, hour, minute, tzinfo=zone)


def _clock(moment: datetime.datetime):
    """The Pavilion clock at `moment`: each write is made when it happened, before the demo's 10:00."""
    return override_settings(PAVILION_CLOCK=moment.isoformat())


def _written(signed_at: datetime.datetime, zone) -> datetime.datetime:
    """When the organiser entered the deal: just after its signing that morning, or for a signing to
    come, at the briefing on the eve of the show."""
    if signed_at < _at(*DEMO_CLOCK, zone):
        return signed_at + datetime.timedelta(minutes=5)
    return _at(*BRIEFING, zone)


def _announce(organiser, deal: Deal, announcement, signed_at: datetime.datetime, zone) -> None:
    if announcement == ANNOUNCED:  # signed that morning, announced at once
        with _clock(_written(signed_at, zone)):
            services.deal_announce(actor=organiser, deal=deal)
    elif announcement in (AHEAD, WITHDRAWN):
        with _clock(_at(*BRIEFING, zone)):
            services.deal_announce(actor=organiser, deal=deal)
        if announcement == WITHDRAWN:
            with _clock(_at(*WITHDRAWAL, zone)):
                services.deal_withdraw(actor=organiser, deal=deal, reason="The buyer asked for confidentiality.")
    elif isinstance(announcement, tuple):  # (PLANNED, day, time)
        _planned, day, time = announcement
        with _clock(_written(signed_at, zone)):
            services.deal_announce(actor=organiser, deal=deal, at=_at(day, time, zone))
