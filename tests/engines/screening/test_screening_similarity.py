"""Name scores: worked examples, and properties checked with Hypothesis (symmetry, range)."""

import pickle

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pavilion.engines.screening import (
    DEFAULT_THRESHOLD,
    BirthDate,
    Subject,
    WatchlistEntry,
    build_index,
    screen,
)
from pavilion.engines.screening.matcher import calibrate, compare, name_score
from pavilion.engines.screening.qualifiers import qualify

LETTERS = "abcdefghijklmnopqrstuvwxyzəğıöüşçАБВГДЕЖЗИКЛМНОПРСТУХЦЧШЩЭЮЯабвгдежзиклмнопрстухцчшэюяابتثجحخدرزسشصطعغفقكلمنهوي"
NAME_TEXT = st.lists(st.text(alphabet=LETTERS + "-'.", min_size=1, max_size=12), min_size=1, max_size=5).map(" ".join)
ALL_TEXT = st.text(max_size=40)


@given(NAME_TEXT, NAME_TEXT, st.booleans())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_name_score_is_symmetric_and_in_range(a, b, organisation):
    forward, backward = name_score(a, b, organisation), name_score(b, a, organisation)
    assert forward == backward
    assert 0.0 <= forward <= 1.0


@given(ALL_TEXT, ALL_TEXT)
@settings(max_examples=200, deadline=None)
def test_any_text_gives_a_score_in_range(a, b):
    assert 0.0 <= name_score(a, b) <= 1.0


@given(NAME_TEXT)
@settings(max_examples=100, deadline=None)
def test_a_name_is_its_own_best_match(a):
    score = name_score(a, a)
    assert score == 1.0 or score == 0.0  # 0 only when nothing comparable is left (punctuation)


@given(st.floats(min_value=0, max_value=1), st.integers(1890, 2020), st.sampled_from(["AZ", "RU", None]),
       st.sampled_from(["male", "female", None]), st.booleans())
@settings(max_examples=200, deadline=None)
def test_qualified_scores_stay_in_range_and_calibration_is_monotone(raw, year, nationality, gender, weak):
    subject = Subject("s", "x", BirthDate(year, year), nationality, gender)
    entry = WatchlistEntry("e", "Person", ("x",), birth_dates=(BirthDate(1960, 1960, 5, 1),),
                           nationalities=("AZ",), gender="male")
    score, reasons = qualify(calibrate(raw), subject, entry, weak)
    assert 0.0 <= score <= 1.0
    assert calibrate(raw) <= calibrate(min(1.0, raw + 0.01))


def test_spellings_of_one_person_score_above_the_threshold():
    for a, b in [("Hüseynov Əli", "ALI HUSEYNOV"), ("Гусейнов Али", "Hüseynov Əli"), ("Guseynov Ali", "Əli Hüseynov"),
                 ("Mohammed Omar", "Muhammad Umar"), ("Abdul Rahman Zahed", "Abd al-Rahman Zahed"),
                 ("Osama bin Laden", "Usama bin Ladin"), ("Сергей Лавров", "Sergey Lavrov"),
                 ("Bashar al-Assad", "Bachar el-Assad"), ("Olaf Scholze", "Olaf Scholz")]:
        assert name_score(a, b) >= DEFAULT_THRESHOLD, (a, b)


def test_different_people_score_below_the_threshold():
    for a, b in [("Ali Huseynov", "Aliya Huseynova"), ("Sergey Viktorovich Lavrov", "Sergey Ivanovich Lavrov"),
                 ("Daniel Ortiz", "Daniel Ortega"), ("Salman bin Muhammad al-Rawi", "Muhammad bin Salman al-Rawi"),
                 ("Rustam Kadyrov", "Ramzan Kadyrov")]:
        assert name_score(a, b) < DEFAULT_THRESHOLD, (a, b)


def test_organisations_with_different_legal_forms_score_lower():
    same = name_score("Deutsche Bank AG", "Deutsche Bank A.G.", organisation=True)
    other = name_score("Deutsche Bank AG", "Deutsche Bank GmbH", organisation=True)
    assert other < same
    assert "legal forms differ" in compare("Deutsche Bank AG", "Deutsche Bank GmbH", True)[1].remarks


def test_acronyms_and_initials():
    assert name_score("PLA", "People's Liberation Army", organisation=True) >= DEFAULT_THRESHOLD
    assert name_score("A. Huseynov", "Ali Huseynov") > name_score("B. Huseynov", "Ali Huseynov")


def test_qualifiers_move_the_score_and_explain_why():
    entry = WatchlistEntry("IRi.012", "Person", ("ALI HUSEYNOV",), birth_dates=(BirthDate(1970, 1970, 3, 2),),
                           nationalities=("AZ",), gender="male")
    index = build_index([entry])
    same = screen(Subject("r-1", "Hüseynov Əli", BirthDate(1970, 1970, 3, 2), "AZ", "male"), index)
    assert same[0].qualifiers == ("date of birth matches", "nationality matches")
    older = screen(Subject("r-2", "Hüseynov Əli", BirthDate(1990, 1990), "RU", "female"), index, threshold=0.0)
    assert older[0].score < same[0].score
    assert set(older[0].qualifiers) == {"date of birth differs", "nationality differs", "gender differs"}


def test_index_pickles_and_screens_the_same(un_index):
    restored = pickle.loads(pickle.dumps(un_index))
    subject = Subject("r-1", "Саддам Хусейн ат-Тикрити", BirthDate(1937, 1937, 4, 28), "IQ")
    assert [m.to_json() for m in screen(subject, restored)] == [m.to_json() for m in screen(subject, un_index)]
    assert screen(subject, restored)[0].entry_id == "IQi.001"
