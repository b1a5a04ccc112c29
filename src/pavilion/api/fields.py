"""Field types of the API's request bodies."""

from typing import Annotated

from pydantic import BeforeValidator, Field


def _not_a_boolean(value):
    """Pydantic takes JSON `true` for the integer 1 (and `false` for 0): an id or a priority sent as
    a boolean is a client's mistake, not company 1 or priority "low"."""
    if isinstance(value, bool):
        raise ValueError("must be a whole number, not true or false")
    return value


# An integer of a JSON body (an id, a priority, a length): a boolean is refused.
Whole = Annotated[int, BeforeValidator(_not_a_boolean)]

# A row's id in a JSON body: a whole number from 1 to the largest the database's integer holds
# (larger ones cannot exist and would overflow it). The bounds sit in the type, not in the field's
# Field(), so that an optional id (`Id | None`) still shows them in the OpenAPI schema as
# minimum and maximum.
Id = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(_not_a_boolean)]
