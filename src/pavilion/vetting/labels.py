"""The screening engine's words in the officer's language. The engine (plain Python, no Django)
writes its explanations in English from a fixed small set of phrases, stored as it wrote them;
pages translate them here when they show them. A phrase not in the set is shown as it is."""

import re

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

# The notes of data/export-control/embargoes.yaml (the reference data's English), so that officers and
# participants read them in their language; tests/vetting check that every note of the data is here.
EMBARGO_NOTES = {
    "with exemptions": _("with exemptions"),
    "Res. 2781 extended to 31 May 2026": _("Res. 2781 extended to 31 May 2026"),
    "whole-country since Res. 2699 (2023) / 2752 (2024)": _("whole-country since Res. 2699 (2023) / 2752 (2024)"),
    "re-imposed by snapback; validity contested by some Council members": _(
        "re-imposed by snapback; validity contested by some Council members"),
    "government embargo lifted by Res. 2745 (2024)": _("government embargo lifted by Res. 2745 (2024)"),
    "Al-Shabaab only; government embargo lifted Dec 2023 (Res. 2713/2714)": _(
        "Al-Shabaab only; government embargo lifted Dec 2023 (Res. 2713/2714)"),
    "Darfur": _("Darfur"),
    "listed individuals/entities (Res. 2216)": _("listed individuals/entities (Res. 2216)"),
    "1989 Madrid declaration; political, not legally binding, scope set nationally": _(
        "1989 Madrid declaration; political, not legally binding, scope set nationally"),
    "kept when economic sanctions were lifted in May 2025": _("kept when economic sanctions were lifted in May 2025"),
    "1992 CSCE request on forces engaged in Nagorno-Karabakh; non-binding, never formally repealed; UK lifted its "
    "implementation 2025-10-13": _("1992 CSCE request on forces engaged in Nagorno-Karabakh; non-binding, never "
                                   "formally repealed; UK lifted its implementation 2025-10-13"),
}
# A note that only points at another target's entry of the same authority ("as for AM").
_SAME_AS = re.compile(r"as for ([A-Z]{2})")

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


def embargo_note(note: str, authority: str = "") -> str:
    """An embargo's note in the reader's language; "as for AM" is replaced by the note it points at
    (the same authority's entry for that country), which says what it means."""
    note = (note or "").strip()
    pointer = _SAME_AS.fullmatch(note)
    if pointer:
        from pavilion.vetting.export_policy import embargoes  # it reads the data this module labels

        pointed = next((embargo.note for embargo in embargoes() if embargo.authority == authority
                        and embargo.target == pointer[1] and embargo.note and not _SAME_AS.fullmatch(embargo.note)),
                       None)
        note = pointed or note
    return str(EMBARGO_NOTES.get(note, note))
