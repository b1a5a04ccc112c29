"""The screening engine's words in the officer's language. The engine (plain Python, no Django)
writes its explanations in English from a fixed small set of phrases, stored as it wrote them;
pages translate them here when they show them. A phrase not in the set is shown as it is."""

from django.utils.translation import gettext_lazy as _

from pavilion.core.countries import country_name

QUALIFIERS = {
    # engines/screening/similarity.py: how the names compare
    "only one name in common": _("only one name in common"),
    "patronymics differ": _("patronymics differ"),
    "surname forms of different genders": _("surname forms of different genders"),
    "names in another order": _("names in another order"),
    "legal forms differ": _("legal forms differ"),
    # engines/screening/qualifiers.py: what else is known
    "low-quality alias": _("low-quality alias"),
    "date of birth matches": _("date of birth matches"),
    "birth year matches": _("birth year matches"),
    "birth year close": _("birth year close"),
    "birth year matches, day differs": _("birth year matches, day differs"),
    "date of birth differs": _("date of birth differs"),
    "nationality matches": _("nationality matches"),
    "nationality differs": _("nationality differs"),
    "gender differs": _("gender differs"),
}

# The kinds of listed entities (FollowTheMoney schemata, as the engine stores them).
ENTITY_SCHEMAS = {
    "Person": _("person"),
    "Organization": _("organisation"),
    "Company": _("company"),
    "LegalEntity": _("legal entity"),
}

# data/export-control/embargoes.yaml
EMBARGO_SCOPES = {
    "full": _("full: all arms to the state"),
    "non-state": _("non-state forces only"),
    "listed": _("listed persons and entities only"),
    "government-lifted": _("lifted for the government"),
    "advisory": _("advisory: warn, do not block"),
}

SCREENING_TRIGGERS = {
    "registration": _("registration"),
    "list-version": _("new list version"),
    "manual": _("started by hand"),
}


def qualifier(phrase: str) -> str:
    return QUALIFIERS.get(phrase, phrase)


def entity_schema(schema: str) -> str:
    return ENTITY_SCHEMAS.get(schema, schema)


def embargo_scope(scope: str) -> str:
    return EMBARGO_SCOPES.get(scope, scope)


def screening_trigger(trigger: str) -> str:
    """"list-version:12" reads "new list version"; an unknown trigger as it is."""
    return SCREENING_TRIGGERS.get(trigger.split(":", 1)[0], trigger)


def embargo_target(target: str) -> str:
    """A country's name in the current language; a named group ("group:<name>") by its name."""
    if target.startswith("group:"):
        return target.removeprefix("group:")
    return country_name(target)
