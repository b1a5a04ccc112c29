"""factory_boy factories for the domain models; tests build their data from these."""

import datetime

import factory
from django.contrib.auth import get_user_model

from pavilion.core import roles
from pavilion.events.geometry import area_m2, rectangle
from pavilion.events.models import Event, Hall, NationalPavilion, Organiser, Show, Stand, Venue
from pavilion.exhibitors.models import Company, CompanyMember, Exhibitor, Product, ProductCategory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        # The role hook only adds a group: no second save of the user (an UPDATE for every user made).
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.django.Password("secret-password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            group = roles.ensure_roles()[extracted]
            self.groups.add(group)


class OrganiserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organiser

    name = "Caspian Event Organisers"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = "Baku Expo Center"
    city = "Baku"
    country = "AZ"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    name_en = factory.Sequence(lambda n: f"Test Event {n}")
    organiser = factory.SubFactory(OrganiserFactory)
    venue = factory.SubFactory(VenueFactory)
    start_date = datetime.date(2024, 9, 24)
    end_date = datetime.date(2024, 9, 26)
    time_zone = "Asia/Baku"


class ShowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Show

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"show-{n}")
    name_en = factory.Sequence(lambda n: f"Show {n}")


class HallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hall

    venue = factory.SubFactory(VenueFactory)
    code = factory.Sequence(lambda n: f"H{n}")
    name_en = factory.LazyAttribute(lambda hall: f"Hall {hall.code}")
    width_m = 100
    depth_m = 60


class StandFactory(factory.django.DjangoModelFactory):
    """Stands are laid out 4 m apart along the hall so that factory stands never overlap."""

    class Meta:
        model = Stand

    show = factory.SubFactory(ShowFactory)
    hall = factory.SubFactory(HallFactory, venue=factory.SelfAttribute("..show.event.venue"))
    code = factory.Sequence(lambda n: f"A{n}")
    polygon = factory.Sequence(lambda n: rectangle((n % 20) * 4.0, (n // 20) * 4.0, 3.0, 3.0))
    area_m2 = factory.LazyAttribute(lambda stand: area_m2(stand.polygon))


class PavilionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalPavilion

    show = factory.SubFactory(ShowFactory)
    country = "TR"
    name_en = "Türkiye National Pavilion"
    name_az = "Türkiyə milli pavilyonu"
    name_ru = "Национальный павильон Турции"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Company {n}")
    legal_name = factory.LazyAttribute(lambda company: f"{company.name} LLC")
    country = "AZ"
    is_demo = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductCategory
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    company = factory.SubFactory(CompanyFactory)
    show = factory.SubFactory(ShowFactory)


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    exhibitor = factory.SubFactory(ExhibitorFactory)
    name_en = factory.Sequence(lambda n: f"Product {n}")
    category = factory.SubFactory(CategoryFactory)
    control = "none"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompanyMember

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory(UserFactory, role=roles.EXHIBITOR_ADMIN)
    role = CompanyMember.Role.ADMIN
