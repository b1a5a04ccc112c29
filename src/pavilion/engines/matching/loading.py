"""The JSON form of the engine's input and output (used by `pavilion recommend`).

Every rejection raises InputError with one line naming the item and the field.
"""

from __future__ import annotations

import dataclasses
import datetime

from .compliance import check_request
from .model import (
    Catalogue,
    Decision,
    Exhibitor,
    InputError,
    Interests,
    Participant,
    ParticipantRecommendations,
    Product,
)
from .rules import ExportControlRules


def _list(data: dict, key: str, where: str, required: bool = True) -> list:
    value = data.get(key, None if required else [])
    if not isinstance(value, list):
        raise InputError(f"{where}: '{key}' must be a list")
    return value


def _text(item: dict, key: str, where: str, default: str | None = None) -> str:
    value = item.get(key, default)
    if not isinstance(value, str) or (default is None and not value):
        raise InputError(f"{where}: '{key}' must be a non-empty string" if default is None
                         else f"{where}: '{key}' must be a string")
    return value


def _languages(item: dict, key: str, where: str) -> dict[str, str]:
    value = item.get(key, {})
    if isinstance(value, str):
        return {"en": value}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise InputError(f"{where}: '{key}' must be an object of language -> text")
    return dict(value)


def _strings(item: dict, key: str, where: str) -> frozenset[str]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"{where}: '{key}' must be a list of strings")
    return frozenset(value)


def _objects(data: dict, key: str, required: bool = True) -> list[tuple[str, dict]]:
    result = []
    for position, item in enumerate(_list(data, key, "input", required), start=1):
        if not isinstance(item, dict):
            raise InputError(f"{key} number {position} is not an object")
        result.append((f"{key} number {position} ('{item.get('id', '')}')", item))
    return result


def _interests(item: dict, key: str, where: str) -> Interests:
    value = item.get(key, {})
    if not isinstance(value, dict):
        raise InputError(f"{where}: '{key}' must be an object")
    where = f"{where} {key}"
    return Interests(categories=_strings(value, "categories", where),
                     control_classes=_strings(value, "control_classes", where),
                     countries=_strings(value, "countries", where), text=_text(value, "text", where, ""))


def parse_date(value, where: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InputError(f"{where}: '{value}' is not a date (YYYY-MM-DD)") from None


def catalogue_from_json(data: dict) -> Catalogue:
    exhibitors = tuple(
        Exhibitor(id=_text(item, "id", where), name=_text(item, "name", where, ""),
                  country=_text(item, "country", where), description=_languages(item, "description", where))
        for where, item in _objects(data, "exhibitors"))
    products = tuple(
        Product(id=_text(item, "id", where), exhibitor_id=_text(item, "exhibitor", where),
                category=_text(item, "category", where), control_class=_text(item, "control_class", where, "none"),
                names=_languages(item, "name", where), descriptions=_languages(item, "description", where))
        for where, item in _objects(data, "products"))
    parents = data.get("category_parents", {})
    if not isinstance(parents, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in parents.items()):
        raise InputError("input: 'category_parents' must be an object of category slug -> family slug")
    return Catalogue(exhibitors=exhibitors, products=products, category_parents=dict(parents))


def participants_from_json(data: dict) -> list[Participant]:
    participants = []
    for where, item in _objects(data, "participants"):
        exhibitor = item.get("exhibitor")
        if exhibitor is not None and (not isinstance(exhibitor, str) or not exhibitor):
            raise InputError(f"{where}: 'exhibitor' must be an exhibitor id or null")
        participants.append(Participant(
            id=_text(item, "id", where), kind=_text(item, "kind", where), country=_text(item, "country", where),
            language=_text(item, "language", where, "en"), offers=_interests(item, "offers", where),
            seeks=_interests(item, "seeks", where), exhibitor_id=exhibitor))
    return participants


def decisions_from_json(data: dict, participants: list[Participant], catalogue: Catalogue,
                        rules: ExportControlRules, on: datetime.date) -> list[dict]:
    """Decide each request; one that names no products is judged on both companies' catalogues."""
    people = {participant.id: participant for participant in participants}
    products = {product.id: product for product in catalogue.products}
    decisions = []
    for where, item in _objects(data, "requests", required=False):
        sides = []
        for key in ("requester", "counterpart"):
            identifier = item.get(key)
            if identifier not in people:
                raise InputError(f"{where}: {key} '{identifier}' is not a participant")
            sides.append(people[identifier])
        if "products" in item:
            missing = sorted(name for name in _strings(item, "products", where) if name not in products)
            if missing:
                raise InputError(f"{where}: product '{missing[0]}' is not in the catalogue")
            on_table = [products[name] for name in sorted(_strings(item, "products", where))]
        else:
            companies = {side.exhibitor_id for side in sides if side.exhibitor_id}
            on_table = [product for product in catalogue.products if product.exhibitor_id in companies]
        decision = check_request(sides[0], sides[1], on_table, rules, on=on)
        decisions.append({"requester": sides[0].id, "counterpart": sides[1].id, **decision_to_json(decision)})
    return decisions


def decision_to_json(decision: Decision) -> dict:
    return {"outcome": decision.outcome, "message": decision.message,
            "data_last_verified": decision.data_last_verified,
            "rules": [dataclasses.asdict(rule) for rule in decision.rules]}


def recommendations_to_json(results: list[ParticipantRecommendations]) -> list[dict]:
    def items(recommendations):
        return [{"id": item.id, "score": item.score, "outcome": item.outcome,
                 "reasons": {key: list(value) if isinstance(value, tuple) else value
                             for key, value in dataclasses.asdict(item.reasons).items()}}
                for item in recommendations]

    return [{"participant": result.participant_id, "exhibitors": items(result.exhibitors),
             "products": items(result.products), "people": items(result.people)} for result in results]
