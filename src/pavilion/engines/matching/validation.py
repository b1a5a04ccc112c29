"""Checks of the engine's input: every rejection names the item and the field, nothing is computed."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Catalogue, InputError, Participant, check_country, validate_participant
from .rules import ExportControlRules, normalise_control_class


def _unique(ids: Iterable[str], what: str) -> set[str]:
    seen: set[str] = set()
    for identifier in ids:
        if not isinstance(identifier, str) or not identifier:
            raise InputError(f"a {what} has an empty id")
        if identifier in seen:
            raise InputError(f"duplicate {what} id '{identifier}'")
        seen.add(identifier)
    return seen


def _control_class(code: str, where: str, rules: ExportControlRules) -> None:
    if rules.control_kind(normalise_control_class(code)) == "unknown":
        raise InputError(f"{where}: control class '{code}' is unknown "
                         "(expected ML1 to ML22, a dual-use code such as 5A002, or none)")


def validate_catalogue(catalogue: Catalogue, rules: ExportControlRules) -> None:
    exhibitor_ids = _unique((exhibitor.id for exhibitor in catalogue.exhibitors), "exhibitor")
    for exhibitor in catalogue.exhibitors:
        check_country(exhibitor.country, f"exhibitor '{exhibitor.id}'")
    _unique((product.id for product in catalogue.products), "product")
    for product in catalogue.products:
        where = f"product '{product.id}'"
        if product.exhibitor_id not in exhibitor_ids:
            raise InputError(f"{where}: exhibitor '{product.exhibitor_id}' is not in the catalogue")
        if not isinstance(product.category, str) or not product.category:
            raise InputError(f"{where}: category is missing")
        _control_class(product.control_class, where, rules)


def validate_participants(participants: list[Participant], catalogue: Catalogue,
                          rules: ExportControlRules) -> None:
    _unique((participant.id for participant in participants), "participant")
    exhibitor_ids = {exhibitor.id for exhibitor in catalogue.exhibitors}
    for participant in participants:
        validate_participant(participant)
        where = f"participant '{participant.id}'"
        if participant.exhibitor_id is not None and participant.exhibitor_id not in exhibitor_ids:
            raise InputError(f"{where}: exhibitor '{participant.exhibitor_id}' is not in the catalogue")
        for side in (participant.offers, participant.seeks):
            for code in side.control_classes:
                _control_class(code, where, rules)
