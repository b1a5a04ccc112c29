"""What the officer reads of a listed entry besides names and dates: titles, designation, listing date,
sanctions programme, listed documents and the list's comments, from each format; kept out of the
digest, so that a list that only rewords them re-screens no one; shown on the alert's page with a
link to the registration."""

import datetime

from pavilion.vetting import lists
from pavilion.vetting.entries import digest, engine_entry
from pavilion.vetting.entry_details import details_by_id
from pavilion.vetting.models import Alert
from tests.registrations.support import DATA, listed_person, person

CSV = ("id,name,birth_date,nationality,designation,listed_on,programme,documents,comments\n"
       "X-1,Rashad Quliyev,1980-02-02,AZ,Director of Caspian Arms;Broker,2020-05-01,Arms embargo,"
       "P1234567;ID 99,Reportedly moved to Dubai in 2021\n")


def test_the_un_list_gives_title_designation_listing_programme_documents_and_comments():
    details = details_by_id((DATA / "un-extract.xml").read_bytes(), "un-xml")
    salek = details["TAi.108"]
    assert salek["titles"] == ["Maulavi"]
    assert salek["designations"] == ["Governor of Uruzgan Province under the Taliban regime"]
    assert (salek["listed_on"], salek["programme"]) == ("2001-02-23", "Taliban")
    assert salek["comments"].startswith("Reportedly deceased in North Afghanistan in 1999. Belonged to Wardak tribe.")
    assert "documents" not in salek  # the list gives none (an empty element)
    assert details["CDe.001"]["programme"] == "DRC"


def test_un_documents_keep_type_number_country_and_note():
    xml = ("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME><REFERENCE_NUMBER>QDi.1"
           "</REFERENCE_NUMBER><INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER>AB850901"
           "</NUMBER><ISSUING_COUNTRY>United Republic of Tanzania</ISSUING_COUNTRY><NOTE>Expiration date: "
           "2026-12-11. </NOTE></INDIVIDUAL_DOCUMENT><INDIVIDUAL_DOCUMENT/></INDIVIDUAL></INDIVIDUALS>"
           "</CONSOLIDATED_LIST>")
    assert details_by_id(xml.encode(), "un-xml")["QDi.1"]["documents"] == [
        {"type": "Passport", "number": "AB850901", "country": "United Republic of Tanzania",
         "note": "Expiration date: 2026-12-11."}]


def test_followthemoney_and_csv_details():
    ftm = ('{"id": "os-1", "schema": "Person", "properties": {"name": ["Viktor Bout"], "position": ["Arms dealer"],'
           ' "notes": ["Serving a sentence"], "program": ["SDN"], "passportNumber": ["21N0123456"]}}\n')
    assert details_by_id(ftm.encode(), "ftm-jsonl")["os-1"] == {
        "designations": ["Arms dealer"], "programme": "SDN", "comments": "Serving a sentence",
        "documents": [{"type": "Passport", "number": "21N0123456"}]}
    assert details_by_id(CSV.encode(), "csv")["X-1"] == {
        "designations": ["Director of Caspian Arms", "Broker"], "listed_on": "2020-05-01",
        "programme": "Arms embargo", "documents": [{"number": "P1234567"}, {"number": "ID 99"}],
        "comments": "Reportedly moved to Dubai in 2021"}


def test_details_are_stored_with_the_entry_but_out_of_its_digest(world, un_list):
    entry = un_list.entries.get(entry_id="TAi.108")
    assert entry.data["details"]["listed_on"] == "2001-02-23"
    assert entry.digest == digest(engine_entry(entry))  # the same as without the details


def test_a_new_version_that_only_rewords_a_comment_keeps_the_alert(world, submit, commit):
    watch_list = lists.watch_list_get_or_create(name="Watch list")
    commit(lists.watch_list_import, actor=world.officer, watch_list=watch_list, file_name="v1.csv",
           content=CSV.encode())
    registration = submit(person=person(given_name="Rashad", family_name="Quliyev",
                                        birth_date=datetime.date(1980, 2, 2)))
    alert = registration.alerts.open().get()
    reworded = CSV.replace("Reportedly moved to Dubai in 2021", "Reportedly in Dubai since 2021")
    version = commit(lists.watch_list_import, actor=world.officer, watch_list=watch_list, file_name="v2.csv",
                     content=reworded.encode())
    alert.refresh_from_db()
    assert alert.status == Alert.Status.OPEN and alert.entry.version == version
    assert alert.entry.data["details"]["comments"] == "Reportedly in Dubai since 2021"


def test_the_alert_page_shows_the_details_and_links_to_the_registration(world, un_list, submit, client):
    alert = submit(person=listed_person()).alerts.get()
    client.force_login(world.officer)
    page = client.get(f"/vetting/alerts/{alert.pk}/").content.decode()
    for shown in ("Maulavi", "Governor of Uruzgan Province under the Taliban regime", "2001-02-23", "Taliban",
                  "Reportedly deceased in North Afghanistan in 1999", "Listed on", "Sanctions programme"):
        assert shown in page
    link = f'href="/events/{world.event.slug}/registrations/{alert.registration_id}/"'
    assert link in page
    assert client.get(f"/events/{world.event.slug}/registrations/{alert.registration_id}/").status_code == 200
