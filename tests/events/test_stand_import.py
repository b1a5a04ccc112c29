"""A hall's stands imported from a CSV file on the organiser's hall page: all or nothing, every line
checked as the stand form checks it and against the other lines, the first problems listed with their
lines, one audit entry with the count, and a template to start from."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pavilion.core.models import AuditEntry
from pavilion.events import stand_import
from pavilion.events.models import Stand
from tests.events.conftest import make_stand

HEADER = "code,show,x,y,width,depth,corners,kind,price_per_m2,blocked\n"


def url(venue) -> str:
    return f"/organiser/events/{venue.event.slug}/halls/{venue.hall.code}/import/"


def upload(text: str, name: str = "stands.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_a_good_file_is_imported_whole_and_audited_once(client, venue):
    client.force_login(venue.organiser)
    page = client.get(url(venue)).content.decode()
    assert 'name="file"' in page and "<code>adex-show</code>" in page and "price_per_m2" in page
    text = HEADER + ("A1,adex-show,0,0,6,3,,shell,220,no\n"
                     "a2,securex-show,6,0,6,3,,space,,yes\n"
                     'B1,ADEX-SHOW,,,,,"0,6;9,6;9,12;4.5,12;4.5,9;0,9",space,,\n\n')
    response = client.post(url(venue), {"file": upload(text)}, follow=True)
    assert "Imported 3 stands into Hall 1." in response.content.decode()
    stands = {stand.code: stand for stand in Stand.objects.filter(hall=venue.hall)}
    assert set(stands) == {"A1", "a2", "B1"}
    assert (stands["A1"].area_m2, stands["A1"].price_per_m2, stands["A1"].state) == (18, 220, "available")
    assert (stands["a2"].show, stands["a2"].state, stands["a2"].kind) == (venue.other_show, "blocked", "space")
    assert stands["B1"].area_m2 == 40.5 and stands["B1"].event == venue.event
    entry = AuditEntry.objects.get(action="stand.import")
    assert entry.object_id == str(venue.hall.pk) and entry.after["count"] == 3
    assert not AuditEntry.objects.filter(action="stand.create").exists()


def test_a_bad_file_lists_every_problem_with_its_line_and_stores_nothing(client, venue):
    make_stand(venue, "C1", 30, 0)
    client.force_login(venue.organiser)
    text = HEADER + ("A1,adex-show,0,0,6,3,,shell,,\n"          # 2: good
                     "A2,nowhere,6,0,6,3,,shell,,\n"            # 3: no such show
                     "A3,adex-show,38,0,6,3,,shell,,\n"         # 4: outside the 40 m hall
                     "c1,adex-show,12,0,6,3,,shell,,\n"         # 5: the code of a stand drawn
                     "A4,adex-show,3,0,6,3,,shell,,\n"          # 6: overlaps line 2
                     "a1,adex-show,20,10,6,3,,shell,,\n"        # 7: code of line 2
                     "A5,adex-show,0,10,,3,,tent,-5,maybe\n"    # 8: no width, bad kind, price, blocked
                     "A6,adex-show,32,0,6,3,,shell,,\n")        # 9: overlaps stand C1
    before = AuditEntry.objects.count()
    response = client.post(url(venue), {"file": upload(text)})
    assert response.status_code == 400
    problems = response.context["problems"]
    assert problems == [
        "Line 3: nowhere is not the address of a show of this event.",
        "Line 4: The stand lies outside Hall 1, which is 40 m wide and 20 m deep.",
        "Line 5: Stand code c1 is already used in Hall 1.",
        "Line 8: give x, y, width and depth in metres, or the corners.",
        "Line 8: the kind is shell, space or outdoor, not “tent”.",
        "Line 8: price_per_m2 “-5” is not a number of at least 0 with at most two decimals.",
        "Line 8: blocked is yes or no, not “maybe”.",
        "Line 9: This stand overlaps stand C1 in Hall 1.",
        "Line 6: stand A4 overlaps stand A1 of line 2.",
        "Line 7: stand code a1 is already on line 2.",
    ]
    assert "Nothing was imported" in response.content.decode()
    assert list(Stand.objects.values_list("code", flat=True)) == ["C1"]
    assert AuditEntry.objects.count() == before


def test_only_the_first_problems_are_listed_with_the_count_of_the_rest(client, venue):
    client.force_login(venue.organiser)
    text = HEADER + "".join(f"S{n},nowhere,0,0,6,3,,shell,,\n" for n in range(30))
    response = client.post(url(venue), {"file": upload(text)})
    assert len(response.context["problems"]) == 20 and response.context["more"] == 10
    assert "And 10 more problems" in response.content.decode()
    assert not Stand.objects.exists()


def test_a_file_that_is_not_a_stand_list_is_refused_with_one_clear_line(client, venue):
    client.force_login(venue.organiser)
    for content, words in ((b"\xff\xfe\x00bad", "not UTF-8"), (b"name,size\nA1,9\n", "the columns code, show, kind "
                                                                                      "are missing"),
                           (HEADER.encode(), "holds no stands"), (b"x" * 1_000_001, "larger than 1 MB")):
        response = client.post(url(venue), {"file": SimpleUploadedFile("s.csv", content)})
        assert response.status_code == 400 and words in " ".join(response.context["problems"])
    assert client.post(url(venue), {}).context["problems"] == ["Choose the CSV file of the stands."]
    assert not Stand.objects.exists() and not AuditEntry.objects.filter(action="stand.import").exists()


def test_the_template_is_a_file_the_import_takes(client, venue):
    client.force_login(venue.organiser)
    response = client.get(url(venue) + "template.csv")
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == stand_import.COLUMNS and len(rows) == 3
    stands = stand_import.stands_import(actor=venue.organiser, event=venue.event, hall=venue.hall,
                                        upload=io.BytesIO(response.content))
    assert len(stands) == 3


def test_the_hall_page_links_to_the_import_and_only_the_organiser_imports(client, venue):
    client.force_login(venue.organiser)
    assert f'href="{url(venue)}"' in client.get(f"/organiser/events/{venue.event.slug}/halls/H1/").content.decode()
    client.force_login(venue.admin_a)
    assert client.post(url(venue), {"file": upload(HEADER + "A1,adex-show,0,0,6,3,,shell,,\n")}).status_code == 403
    assert client.get(url(venue) + "template.csv").status_code == 403
    assert not Stand.objects.exists()


@pytest.mark.parametrize("huge", ["1e30", "9" * 40, "1E+100000"])
def test_a_huge_number_is_a_line_problem_not_an_error(huge):
    problems = []
    assert stand_import._decimal(huge, line=3, column="width", problems=problems) is None
    assert problems and problems[0].startswith("Line 3: width")


def test_a_price_of_a_million_or_more_is_a_line_problem_saying_what_it_must_be(client, venue):
    client.force_login(venue.organiser)
    response = client.post(url(venue), {"file": upload(HEADER + "A1,adex-show,0,0,6,3,,shell,1000000,\n")})
    assert response.status_code == 400
    assert response.context["problems"] == ["Line 2: the price per m² must be below 1,000,000."]
    assert not Stand.objects.exists()


def test_a_file_excel_saved_with_semicolons_and_decimal_commas_is_read(client, venue):
    client.force_login(venue.organiser)
    text = ("code;show;x;y;width;depth;corners;kind;price_per_m2;blocked\r\n"
            "A1;adex-show;0;0;6;3;;shell;219,50;no\r\n"
            "A2;adex-show;6;0;4,5;3;;space;1\u00a0000;yes\r\n"
            'B1;adex-show;;;;;"0,6;9,6;9,12;4.5,12;4.5,9;0,9";space;;\r\n')
    response = client.post(url(venue), {"file": upload(text)}, follow=True)
    assert "Imported 3 stands into Hall 1." in response.content.decode()
    stands = {stand.code: stand for stand in Stand.objects.filter(hall=venue.hall)}
    assert (stands["A1"].price_per_m2, stands["A1"].area_m2) == (Decimal("219.50"), 18)
    assert (stands["A2"].area_m2, stands["A2"].price_per_m2, stands["A2"].state) == (Decimal("13.5"), 1000, "blocked")
    assert stands["B1"].area_m2 == 40.5


def test_a_header_with_commas_is_read_with_commas_even_with_semicolons_in_the_corners(venue):
    text = HEADER + 'B1,adex-show,,,,,"0,6;9,6;9,12;0,12",space,,\n'
    rows = stand_import.read_stands(upload(text), event=venue.event, hall=venue.hall)
    assert [(row.code, row.polygon) for row in rows] == [("B1", [[0, 6], [9, 6], [9, 12], [0, 12]])]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b"   \n"])
def test_an_empty_file_holds_no_stands(client, venue, content):
    client.force_login(venue.organiser)
    response = client.post(url(venue), {"file": SimpleUploadedFile("s.csv", content)})
    assert response.status_code == 400
    assert response.context["problems"] == ["The file holds no stands: fill in one line per stand under the header."]
    assert not Stand.objects.exists()
