from tests.exhibitors.catalogue_data import catalogue  # noqa: F401  (fixture)
