"""The API's field errors (pydantic's) in the request's language, as its other errors are: by the error's
type and its numbers; a type not known gets pydantic's English. The body keeps its shape
`{"detail", "errors": [{"field", "message"}]}`."""

import datetime
import enum
from typing import Annotated, Literal

import pytest
from django.utils import translation
from pydantic import BaseModel, Field, Json, ValidationError

from pavilion.api.api import _field_messages
from pavilion.api.fields import Whole
from tests.factories import EventFactory


@pytest.fixture
def sessions_url(db):
    return f"/api/v1/events/{EventFactory(is_public=True).slug}/sessions"


@pytest.mark.parametrize(("query", "language", "field", "message"), [
    ("limit=0", "ru", "limit", "Должно быть не меньше 1"),
    ("limit=0", "az", "limit", "1 və ya daha böyük olmalıdır"),
    ("limit=0", "en", "limit", "Input should be greater than or equal to 1"),
    ("limit=501", "ru", "limit", "Должно быть не больше 500"),
    ("limit=many", "az", "limit", "Tam ədəd olmalıdır"),
    ("day=someday", "ru", "day", "Должно быть датой в виде ГГГГ-ММ-ДД"),
    ("room=" + "r" * 41, "ru", "room", "Строка должна содержать не более 40 символов"),
    ("room=" + "r" * 41, "az", "room", "Mətn ən çoxu 40 simvol olmalıdır"),
])
def test_a_field_error_is_in_the_request_language(client, sessions_url, query, language, field, message):
    response = client.get(f"{sessions_url}?{query}", headers={"Accept-Language": language})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"] == [{"field": f"query.{field}", "message": message}]
    assert body["detail"] == f"query.{field}: {message}"


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Everything(BaseModel):
    required: int
    ratio: float = 0
    flag: bool = False
    at: datetime.datetime | None = None
    kind: Literal["a", "b"] = "a"
    colour: Colour = Colour.RED
    code: Annotated[str, Field(pattern=r"^[a-z]+$")] = "x"
    tags: Annotated[list[str], Field(max_length=2)] = []
    small: Annotated[int, Field(gt=0, lt=10)] = 1
    short: Annotated[str, Field(min_length=3)] = "abc"
    whole: Whole = 0
    raw: Json | None = None
    mapping: dict = {}


BAD = {"ratio": "x", "flag": "perhaps", "at": "soon", "kind": "c", "colour": "green", "code": "A1",
       "tags": ["1", "2", "3"], "small": 10, "short": "ab", "whole": True, "raw": "{", "mapping": []}


def _messages(language: str, data: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as invalid:
        Everything.model_validate(data)
    with translation.override(language):
        return {item["field"]: item["message"] for item in _field_messages(invalid.value.errors(include_url=False))}


def test_the_common_error_types_are_translated_into_russian():
    assert _messages("ru", {**BAD, "small": 0}) == {
        "required": "Обязательное поле",
        "ratio": "Должно быть числом",
        "flag": "Должно быть true или false",
        "at": "Должно быть датой и временем, например 2024-09-24T10:00:00+04:00",
        "kind": "Допустимые значения: 'a' or 'b'",
        "colour": "Допустимые значения: 'red' or 'blue'",
        "code": "Строка должна соответствовать шаблону '^[a-z]+$'",
        "tags": "Должно содержать не более 2 элементов",
        "small": "Должно быть больше 0",
        "short": "Строка должна содержать не менее 3 символов",
        "whole": "Недопустимое значение: должно быть целым числом, а не true или false",
        "raw": "Некорректный JSON",
        "mapping": "Должно быть объектом (словарём)",
    }


def test_the_common_error_types_are_translated_into_azerbaijani():
    messages = _messages("az", BAD)
    assert messages["required"] == "Sahə tələb olunur"
    assert messages["small"] == "10-dən kiçik olmalıdır"
    assert messages["whole"] == "Yanlış dəyər: true və ya false deyil, tam ədəd olmalıdır"
    assert messages["tags"] == "Ən çoxu 2 element olmalıdır"


def test_english_stays_as_pydantic_words_it_and_an_unknown_type_falls_back_to_it():
    messages = _messages("en", {"required": 1, "small": 0, "whole": True})
    assert messages == {"small": "Input should be greater than 0",
                        "whole": "Value error, must be a whole number, not true or false"}
    unknown = [{"type": "url_parsing", "loc": ("body", "payload", "site"), "msg": "Input should be a valid URL"}]
    with translation.override("ru"):
        assert _field_messages(unknown) == [{"field": "site", "message": "Input should be a valid URL"}]
