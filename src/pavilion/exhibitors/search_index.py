"""The catalogue's search index: one narrow row per searchable product, kept by database triggers.

Only searchable products are indexed: published, of an approved exhibitor. Each row carries what a
search filters on (event, exhibitor, category, export-control class) and the text it matches, so a
search and its exact count never touch the wide product rows nor join the exhibitor and show.

- SQLite: `exhibitors_product_search_text` (FTS5) holds the text; its rowid is the row's
  `search_key` = event id << 40 | words in the names << 32 | product id. The event is then a rowid
  range (the count of a query within an event is answered by the full-text index alone), and the
  index lists an event's matches shortest names first, which the ranking uses to bound its work.
- PostgreSQL: `exhibitors_product_search_row` holds a stripped tsvector of names and descriptions
  (GIN-indexed, for matching), the names' tsvector and the number of its words (for ranking).
  `exhibitors_product_search_word` holds one row per word of that tsvector (event, word, whether the
  names hold it, the names' length, product) under a b-tree in byte order, where a typed prefix is a
  range: a one-word search is counted and ranked from that b-tree alone, without reading the rows. The
  same refresh function writes both; a full reindex truncates both and builds their indexes afresh.

Names weigh more than descriptions; all three languages go into one document so that a visitor
finds a product whatever language they type in. Azerbaijani letters (ə, ı, ş, ç, ö, ü, ğ) and the
Russian ё are folded to their plain forms on both sides, so "masin" finds "maşın". Text is composed
first (Unicode NFC: "s" + a combining cedilla is "ş"), and the combining dot above left after an "i"
(what lowering "İ" gives in Turkish and Azerbaijani, "i̇") is dropped: "i̇stehsal" is "istehsal".
"""

import re
import unicodedata

import snowballstemmer
from django.db import connection as default_connection
from django.db import transaction

ROWS = "exhibitors_product_search_row"
WORDS = "exhibitors_product_search_word"  # PostgreSQL
TEXT = "exhibitors_product_search_text"
NAME_COLUMNS = ("name_en", "name_az", "name_ru")
DESCRIPTION_COLUMNS = ("description_en", "description_az", "description_ru")
EVENT_SHIFT = 40  # search_key layout (SQLite): event id | words in the names (8 bits) | product id (32 bits)
LENGTH_SHIFT = 32

# Python side: what both databases do to the text, applied to what a visitor types.
FOLDED_LETTERS = {
    "ə": "e", "Ə": "e", "ı": "i", "İ": "i", "ş": "s", "Ş": "s", "ç": "c", "Ç": "c",
    "ö": "o", "Ö": "o", "ü": "u", "Ü": "u", "ğ": "g", "Ğ": "g", "ё": "е", "Ё": "е",
}
# The dot above that Python's lower() and casefold() leave after "i" when they lower "İ" ("i̇"): dropped,
# so that every way of writing the Azerbaijani and Turkish i (İ, ı, I, i) is the one plain "i".
FOLD_TABLE = str.maketrans({**FOLDED_LETTERS, "\u0307": None})
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 12


# The same, after lowering (str.replace is many times faster than str.translate on a long text).
_LOWER_FOLDS = [(letter, plain) for letter, plain in FOLDED_LETTERS.items() if letter.islower()] + [("\u0307", "")]


def composed(text: str) -> str:
    """The text in Unicode NFC, where a letter typed or pasted as a base and a combining mark is one letter."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """İ, ı, I and i all become "i" (lowering makes "İ" "i̇", whose dot is dropped), the other Azerbaijani
    letters and ё their plain forms (composed first: see `composed`), everything lower case."""
    text = composed(text).lower()
    for letter, plain in _LOWER_FOLDS:
        if letter in text:
            text = text.replace(letter, plain)
    return text


def holds_words(text: str, words: list[str]) -> bool:
    """Whether the folded `text` holds every one of the (folded) `words`: how the exhibitor directory and
    the floor plan match company names."""
    folded = fold(text)
    return all(word in folded for word in words)


# Every query word matches as a prefix, so a word typed with one ending finds the others when it is cut
# to its stem: "бронированный" (masculine) finds "бронированная машина", "vehicles" finds "vehicle".
# Snowball's Russian stemmer for Cyrillic words, its English one for Latin. A stem is used only when it
# is the start of the word, cuts an ending (at most 4 letters off a Cyrillic word, 3 off a Latin one:
# English would cut "operations" to "oper") and keeps 4 Cyrillic or 5 Latin letters; a Latin word with
# Azerbaijani letters is left as typed (the English rules would make "Talış" "tali"), and so are
# short words ("polis", a police in Azerbaijani, stays "polis"). The i's (İ, ı) do not count as
# Azerbaijani letters here: "ZİREHLİ", "zİrehlİ", "ZIREHLI" and "zirehli" are one word however a keyboard
# writes its i's, and are cut alike.
_RUSSIAN, _ENGLISH = snowballstemmer.stemmer("russian"), snowballstemmer.stemmer("english")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_AZERBAIJANI = re.compile(r"[əƏşŞçÇğĞöÖüÜ]")


def _stem(word: str, typed: str) -> str:
    if word.isdigit() or any(character.isdigit() for character in word):
        return word
    if _CYRILLIC.search(word):
        stem, shortest, most_cut = _RUSSIAN.stemWord(word), 4, 4
    elif _AZERBAIJANI.search(typed):
        return word
    else:
        stem, shortest, most_cut = _ENGLISH.stemWord(word), 5, 3
    keep = len(stem) >= shortest and word.startswith(stem) and len(word) - len(stem) <= most_cut
    return stem if keep else word


def stem(folded_word: str) -> str:
    """A folded word cut as a typed word is (the typo step cuts the words it corrects a query to)."""
    return _stem(folded_word, folded_word)


def query_words(text: str, *, stems: bool = True) -> list[str]:
    """The folded words of a visitor's query, each cut to its stem where that is safe (`stems`); the
    last may be partly typed (prefix match on all)."""
    typed = WORD.findall(composed(text or "").replace("\u0307", ""))[:MAX_QUERY_WORDS]  # "i̇" (a lowered İ) is one letter
    words = [fold(word) for word in typed]
    return [_stem(word, original) for word, original in zip(words, typed, strict=True)] if stems else words


def event_range(event_id: int) -> tuple[int, int]:
    """The search keys of one event's products (SQLite)."""
    return event_id << EVENT_SHIFT, ((event_id + 1) << EVENT_SHIFT) - 1


def product_of(search_key: int) -> int:
    return search_key & 0xFFFFFFFF


SEARCHABLE = "p.is_published AND x.status = 'approved'"
SOURCE = (
    "FROM exhibitors_product p JOIN exhibitors_exhibitor x ON x.id = p.exhibitor_id "
    "JOIN events_show s ON s.id = x.show_id"
)

# SQLite ------------------------------------------------------------------------------------------
# The unicode61 tokenizer folds case and Latin diacritics (ş, ç, ö, ü, ğ) itself, but not the letters
# that are not "a letter with a mark" (ə, ı) nor İ and ё: those are replaced in SQL.
SQLITE_REPLACED = [("Ə", "e"), ("ə", "e"), ("ı", "i"), ("İ", "i"), ("Ё", "е"), ("ё", "е")]
SQLITE_TRIGGERS = ("product_insert", "product_update", "product_delete", "exhibitor_update", "show_update")


def _joined(columns: tuple[str, ...]) -> str:
    return " || ' ' || ".join(f"coalesce(p.{column}, '')" for column in columns)


def _sqlite_folded(columns: tuple[str, ...]) -> str:
    expression = _joined(columns)
    for letter, plain in SQLITE_REPLACED:
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


def _sqlite_refresh(where: str, old_rows: str) -> str:
    """Statements that drop the index rows `old_rows` selects and index again the products `where` selects."""
    names = _joined(NAME_COLUMNS)
    words = f"min(255, length({names}) - length(replace({names}, ' ', '')) + 1)"
    key = f"(s.event_id << {EVENT_SHIFT}) | ({words} << {LENGTH_SHIFT}) | p.id"
    return (
        f"DELETE FROM {TEXT} WHERE rowid IN (SELECT search_key FROM {ROWS} WHERE {old_rows}); "
        f"DELETE FROM {ROWS} WHERE {old_rows}; "
        f"INSERT INTO {ROWS}(search_key, product_id, exhibitor_id, category_id, control) "
        f"SELECT {key}, p.id, p.exhibitor_id, p.category_id, p.control {SOURCE} WHERE ({where}) AND {SEARCHABLE}; "
        f"INSERT INTO {TEXT}(rowid, names, descriptions) SELECT r.search_key, {_sqlite_folded(NAME_COLUMNS)}, "
        f"{_sqlite_folded(DESCRIPTION_COLUMNS)} FROM {ROWS} r JOIN exhibitors_product p ON p.id = r.product_id "
        f"WHERE r.product_id IN (SELECT p.id {SOURCE} WHERE {where});"
    )


def sqlite_statements() -> list[str]:
    """Idempotent DDL: the rows, the FTS5 table (names weigh 10, descriptions 1) and the triggers."""
    watched = ", ".join(NAME_COLUMNS + DESCRIPTION_COLUMNS + ("category_id", "control", "is_published", "exhibitor_id"))
    shows_exhibitors = "exhibitor_id IN (SELECT id FROM exhibitors_exhibitor WHERE show_id = old.id)"
    return [
        f"CREATE TABLE IF NOT EXISTS {ROWS} (search_key INTEGER PRIMARY KEY, product_id INTEGER NOT NULL UNIQUE, "
        "exhibitor_id INTEGER NOT NULL, category_id INTEGER NOT NULL, control TEXT NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {ROWS}_exhibitor ON {ROWS}(exhibitor_id)",
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TEXT} USING fts5(names, descriptions, "
        "tokenize='unicode61 remove_diacritics 2', prefix='2 3 4 5 6')",
        f"INSERT INTO {TEXT}({TEXT}, rank) VALUES ('rank', 'bm25(10.0, 1.0)')",
        f"CREATE TRIGGER IF NOT EXISTS {ROWS}_product_insert AFTER INSERT ON exhibitors_product "
        f"BEGIN {_sqlite_refresh('p.id = new.id', 'product_id = new.id')} END",
        f"CREATE TRIGGER IF NOT EXISTS {ROWS}_product_update AFTER UPDATE OF {watched} ON exhibitors_product "
        f"BEGIN {_sqlite_refresh('p.id = new.id', 'product_id = old.id')} END",
        f"CREATE TRIGGER IF NOT EXISTS {ROWS}_product_delete AFTER DELETE ON exhibitors_product "
        f"BEGIN {_sqlite_refresh('p.id = old.id', 'product_id = old.id')} END",
        f"CREATE TRIGGER IF NOT EXISTS {ROWS}_exhibitor_update AFTER UPDATE OF status, show_id ON exhibitors_exhibitor "
        f"BEGIN {_sqlite_refresh('p.exhibitor_id = new.id', 'exhibitor_id = old.id')} END",
        f"CREATE TRIGGER IF NOT EXISTS {ROWS}_show_update AFTER UPDATE OF event_id ON events_show "
        f"BEGIN {_sqlite_refresh('x.show_id = new.id', shows_exhibitors)} END",
    ]


def sqlite_drop_statements() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {ROWS}_{name}" for name in SQLITE_TRIGGERS] + [
        f"DROP TABLE IF EXISTS {TEXT}", f"DROP TABLE IF EXISTS {ROWS}",
    ]


# PostgreSQL --------------------------------------------------------------------------------------
# translate() drops the characters of FROM past the end of TO: the combining dot above, which the text
# parser would take for a word break ("i̇stehsal" as "i" and "stehsal") or keep inside the lexeme.
POSTGRES_FROM = "".join(FOLDED_LETTERS) + "-" + "\u0307"
POSTGRES_TO = "".join(FOLDED_LETTERS.values()) + " "


def _postgres_vector(columns: tuple[str, ...], weight: str) -> str:
    # NFC first: a decomposed "İ" (I and the dot) becomes the one letter translate() folds, "ş" typed as
    # "s" and a cedilla the "ş" it folds to "s".
    folded = f"lower(translate(normalize({_joined(columns)}, NFC), '{POSTGRES_FROM}', '{POSTGRES_TO}'))"
    return f"setweight(to_tsvector('simple'::regconfig, {folded}), '{weight}')"


def postgres_refresh_statements(ids: str) -> list[str]:
    """What rewrites the index rows of the products whose ids the SQL expression `ids` (a bigint[]) gives:
    the body of the refresh function the triggers call, and what reindex() runs itself for a list of
    products, so that the planner sees how many (a function's statements are planned once for any array:
    for the demo's 1,500 new products, 12 s instead of under one)."""
    names = _postgres_vector(NAME_COLUMNS, "A")
    document = f"strip({names} || {_postgres_vector(DESCRIPTION_COLUMNS, 'B')})"
    return [
        # A product's words are found through the words of its row, which the b-tree answers.
        f"DELETE FROM {WORDS} w USING {ROWS} r WHERE r.product_id = ANY({ids}) AND w.event_id = r.event_id "
        "AND w.word = ANY(tsvector_to_array(r.document)) AND w.product_id = r.product_id",
        f"DELETE FROM {ROWS} WHERE product_id = ANY({ids})",
        f"INSERT INTO {ROWS} SELECT p.id, s.event_id, p.exhibitor_id, p.category_id, p.control, length({names}), "
        f"{document}, {names} {SOURCE} WHERE p.id = ANY({ids}) AND {SEARCHABLE}",
        f"INSERT INTO {WORDS} SELECT r.event_id, u.lexeme, u.lexeme = ANY(tsvector_to_array(r.names)), "
        f"r.names_length, r.product_id FROM {ROWS} r, unnest(r.document) u WHERE r.product_id = ANY({ids})",
    ]


def postgres_statements() -> list[str]:
    """Idempotent DDL: the rows (a stripped vector to match through GIN, the names' vector, small
    enough to stay inside the row), the words, the refresh function and the triggers that call it."""
    refresh = f"{ROWS}_refresh"
    return [
        f"CREATE TABLE IF NOT EXISTS {ROWS} (product_id bigint PRIMARY KEY, event_id bigint NOT NULL, "
        "exhibitor_id bigint NOT NULL, category_id bigint NOT NULL, control varchar(20) NOT NULL, "
        "names_length integer NOT NULL, document tsvector NOT NULL, names tsvector NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {ROWS}_document ON {ROWS} USING gin (document)",
        f"CREATE INDEX IF NOT EXISTS {ROWS}_exhibitor ON {ROWS} (exhibitor_id)",
        # One row per word of a searchable product; the b-tree lists an event's products by word (byte
        # order, so a typed prefix is a range) and carries what the ranking needs, for index-only scans.
        f"CREATE TABLE IF NOT EXISTS {WORDS} (event_id bigint NOT NULL, word text COLLATE \"C\" NOT NULL, "
        "in_names boolean NOT NULL, names_length integer NOT NULL, product_id bigint NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {WORDS}_word ON {WORDS} (event_id, word, product_id) "
        "INCLUDE (in_names, names_length)",
        f"CREATE OR REPLACE FUNCTION {refresh}(ids bigint[]) RETURNS void LANGUAGE sql AS $$ "
        f"{'; '.join(postgres_refresh_statements('ids'))}; $$",
        f"CREATE OR REPLACE FUNCTION {ROWS}_product_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'DELETE' THEN PERFORM {refresh}(ARRAY[OLD.id]); RETURN OLD; END IF; "
        f"PERFORM {refresh}(ARRAY[NEW.id]); RETURN NEW; END $$",
        f"CREATE OR REPLACE FUNCTION {ROWS}_exhibitor_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"PERFORM {refresh}(ARRAY(SELECT id FROM exhibitors_product WHERE exhibitor_id = NEW.id)); RETURN NEW; END $$",
        f"CREATE OR REPLACE FUNCTION {ROWS}_show_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"PERFORM {refresh}(ARRAY(SELECT p.id FROM exhibitors_product p JOIN exhibitors_exhibitor x "
        "ON x.id = p.exhibitor_id WHERE x.show_id = NEW.id)); RETURN NEW; END $$",
        f"DROP TRIGGER IF EXISTS {ROWS}_product ON exhibitors_product",
        f"CREATE TRIGGER {ROWS}_product AFTER INSERT OR DELETE OR UPDATE OF "
        f"{', '.join(NAME_COLUMNS + DESCRIPTION_COLUMNS)}, category_id, control, is_published, exhibitor_id "
        f"ON exhibitors_product FOR EACH ROW EXECUTE FUNCTION {ROWS}_product_changed()",
        f"DROP TRIGGER IF EXISTS {ROWS}_exhibitor ON exhibitors_exhibitor",
        f"CREATE TRIGGER {ROWS}_exhibitor AFTER UPDATE OF status, show_id ON exhibitors_exhibitor "
        f"FOR EACH ROW EXECUTE FUNCTION {ROWS}_exhibitor_changed()",
        f"DROP TRIGGER IF EXISTS {ROWS}_show ON events_show",
        f"CREATE TRIGGER {ROWS}_show AFTER UPDATE OF event_id ON events_show "
        f"FOR EACH ROW EXECUTE FUNCTION {ROWS}_show_changed()",
    ]


def postgres_drop_statements() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {ROWS}_product ON exhibitors_product",
        f"DROP TRIGGER IF EXISTS {ROWS}_exhibitor ON exhibitors_exhibitor",
        f"DROP TRIGGER IF EXISTS {ROWS}_show ON events_show",
        *(f"DROP FUNCTION IF EXISTS {ROWS}_{name}" for name in
          ("product_changed()", "exhibitor_changed()", "show_changed()", "refresh(bigint[])")),
        f"DROP TABLE IF EXISTS {WORDS}",
        f"DROP TABLE IF EXISTS {ROWS}",
    ]


# Both --------------------------------------------------------------------------------------------

def ensure_index(connection=None) -> None:
    """Create what is missing (migrations; again after a SQLite table rebuild, which drops triggers)."""
    connection = connection or default_connection
    statements = {"sqlite": sqlite_statements, "postgresql": postgres_statements}.get(connection.vendor)
    if statements is None:
        return
    with connection.cursor() as cursor:
        for statement in statements():
            cursor.execute(statement)


def drop_index(connection=None) -> None:
    connection = connection or default_connection
    statements = {"sqlite": sqlite_drop_statements, "postgresql": postgres_drop_statements}.get(connection.vendor)
    with connection.cursor() as cursor:
        for statement in statements() if statements else []:
            cursor.execute(statement)


def reindex(product_ids=None, connection=None) -> int:
    """Rewrite the index rows of these products (all when None); returns how many products are indexed."""
    connection = connection or default_connection
    if connection.vendor not in ("sqlite", "postgresql"):
        return 0
    ensure_index(connection)
    ids = None if product_ids is None else sorted({int(pk) for pk in product_ids})
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if ids is None:
                outside_transaction = not connection.in_atomic_block
                indexes = [statement for statement in postgres_statements() if statement.startswith("CREATE INDEX")]
                with transaction.atomic(using=connection.alias):  # searches see the old index or the new
                    cursor.execute(f"TRUNCATE {WORDS}, {ROWS}")  # also drops words left without their row
                    # Building an index from the written rows is many times faster than growing it row by row.
                    for statement in indexes:
                        cursor.execute(f"DROP INDEX {statement.split()[5]}")
                    cursor.execute(f"SELECT {ROWS}_refresh(ARRAY(SELECT id FROM exhibitors_product))")
                    for statement in indexes:
                        cursor.execute(statement)
                # Fresh statistics keep the planner on the indexes after a bulk load. VACUUM (only possible
                # outside a transaction) also marks the pages all-visible, so that the words are counted
                # from their b-tree alone instead of waiting for autovacuum to do it.
                for table in (ROWS, WORDS):
                    cursor.execute(f"{'VACUUM (ANALYZE)' if outside_transaction else 'ANALYZE'} {table}")
            else:
                for statement in postgres_refresh_statements("%(ids)s::bigint[]"):
                    cursor.execute(statement, {"ids": ids})
        elif ids is None:
            cursor.execute(f"DELETE FROM {TEXT}")
            cursor.execute(f"DELETE FROM {ROWS}")
            for statement in _split(_sqlite_refresh("1", "1")):
                cursor.execute(statement)
            # Merge the FTS segments into one b-tree: a search over many matches runs about twice as fast.
            cursor.execute(f"INSERT INTO {TEXT}({TEXT}) VALUES ('optimize')")
        else:
            for start in range(0, len(ids), 500):
                chunk = ids[start:start + 500]
                marks = ", ".join(str(pk) for pk in chunk)  # integers, parsed above
                for statement in _split(_sqlite_refresh(f"p.id IN ({marks})", f"product_id IN ({marks})")):
                    cursor.execute(statement)
        cursor.execute(f"SELECT count(*) FROM {ROWS}" + ("" if ids is None else
                                                           f" WHERE product_id IN ({', '.join(map(str, ids)) or 0})"))
        return cursor.fetchone()[0]


def _split(statements: str) -> list[str]:
    return [statement.strip() for statement in statements.split(";") if statement.strip()]
