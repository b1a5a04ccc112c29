import pytest

from tests.factories import ProductFactory, StandFactory


@pytest.mark.django_db
def test_factories_build_a_consistent_world():
    product = ProductFactory()
    stand = StandFactory(show=product.exhibitor.show)
    assert stand.hall.venue == product.exhibitor.show.event.venue
    assert float(stand.area_m2) == 9.0
