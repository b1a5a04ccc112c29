"""The e-mails that screening's outcomes send: the event's name as written ("&" is not "&amp;"),
and no identity document number or date of birth in an e-mail or a log line."""

import logging

from django.core import mail

from pavilion.registrations import services
from pavilion.vetting import decisions
from tests.registrations.support import listed_person, person


def test_a_decision_email_names_the_event_as_written_and_carries_no_identity_data(
    world, un_list, submit, commit, caplog
):
    world.event.name_en = world.event.name_az = world.event.name_ru = "ADEX & Securex Caspian 2024"
    world.event.save()
    caplog.set_level(logging.DEBUG)
    listed = listed_person(language="en")
    registration = submit(person=listed)
    commit(decisions.alert_decide, actor=world.officer, alert=registration.alerts.get(), verdict="match",
           reason="Same person")
    clean = submit(person=person(language="en"))
    commit(services.registration_approve, actor=world.organiser, registration=clean)
    assert len(mail.outbox) == 4  # each one's confirmation of receipt, then the decision
    for message in mail.outbox:
        assert "ADEX & Securex Caspian 2024" in message.subject and "&amp;" not in message.body
    identity = [listed.document_number, person().document_number]
    identity += [date.isoformat() for date in (listed.birth_date, person().birth_date)]
    identity += [date.strftime("%d.%m.%Y") for date in (listed.birth_date, person().birth_date)]
    written = [message.subject + message.body for message in mail.outbox] + [record.getMessage()
                                                                            for record in caplog.records]
    for value in identity:
        assert not any(value in text for text in written), value
