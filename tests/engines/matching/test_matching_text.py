from pavilion.engines.matching.text import fold, stem, terms


def test_folding_makes_keyboard_variants_equal():
    assert fold("Sistemləri") == fold("sistemleri") == "sistemleri"
    assert fold("İSTEHSAL") == "istehsal"  # Turkish/Azerbaijani dotted capital I
    assert fold("ÇAĞIRIŞ") == "cagiris"
    assert fold("Ёлка") == "елка"
    assert fold("Бронежилет") == "бронежилет"
    assert fold("йод") == "йод"  # й is a letter of its own, not и with an accent


def test_russian_forms_share_a_stem():
    forms = ["беспилотный", "беспилотные", "беспилотных", "беспилотного"]
    assert len({stem(fold(word), "ru") for word in forms}) == 1
    # Cyrillic words are Russian whatever the field's language says.
    assert stem("боеприпасы", "en") == stem("боеприпасов", "az")


def test_azerbaijani_forms_share_a_stem():
    forms = ["sistem", "sistemlər", "sistemləri", "sistemlərinin"]
    assert len({stem(fold(word), "az") for word in forms}) == 1
    assert stem(fold("aparatlar"), "az") == stem(fold("aparat"), "az")


def test_english_plurals_share_a_stem_and_short_stems_are_kept():
    assert stem("vehicles", "en") == stem("vehicle", "en")
    assert stem("radars", "en") == stem("radar", "en")
    assert stem("gas", "en") == "gas"  # never cut below four letters


def test_terms_drop_stop_words_and_keep_the_surface_word():
    pairs = terms("Radars for the air defence и системы ПВО", "en")
    surfaces = [surface for _term, surface in pairs]
    assert "for" not in surfaces and "the" not in surfaces and "и" not in surfaces
    assert ("radar", "radars") in pairs
    assert "пво" in surfaces


def test_hyphenated_compounds_give_parts_and_the_whole():
    words = [surface for _term, surface in terms("counter-UAS night-vision", "en")]
    assert {"counter", "uas", "counteruas", "night", "vision", "nightvision"} <= set(words)
