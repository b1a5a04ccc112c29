"""The products' full-text index, one per database: SQLite FTS5 or a PostgreSQL tsvector column.

Names weigh more than descriptions; all three languages go into one document so that a visitor
finds a product whatever language they type in. Azerbaijani letters (ə, ı, ş, ç, ö, ü, ğ) and the
Russian ё are folded to their plain forms on both sides, so "masin" finds "maşın".
"""

import re

from django.db import connection as default_connection

TABLE = "exhibitors_product_search"
NAME_COLUMNS = ("name_en", "name_az", "name_ru")
DESCRIPTION_COLUMNS = ("description_en", "description_az", "description_ru")

# Python side: what both databases do to the text, applied to what a visitor types.
FOLDED_LETTERS = {
    "ə": "e", "Ə": "e", "ı": "i", "İ": "i", "ş": "s", "Ş": "s", "ç": "c", "Ç": "c",
    "ö": "o", "Ö": "o", "ü": "u", "Ü": "u", "ğ": "g", "Ğ": "g", "ё": "е", "Ё": "е",
}
FOLD_TABLE = str.maketrans(FOLDED_LETTERS)
WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 12


def fold(text: str) -> str:
    return text.translate(FOLD_TABLE).lower()


def query_words(text: str) -> list[str]:
    """The folded words of a visitor's query; the last may be partly typed (prefix match on all)."""
    return WORD.findall(fold(text or ""))[:MAX_QUERY_WORDS]


# SQLite: the unicode61 tokenizer folds case and Latin diacritics (ş, ç, ö, ü, ğ) itself, but not
# the letters that are not "a letter with a mark" (ə, ı) nor İ and ё: those are replaced in SQL.
SQLITE_REPLACED = [("Ə", "e"), ("ə", "e"), ("ı", "i"), ("İ", "i"), ("Ё", "е"), ("ё", "е")]


def _sqlite_folded(columns: tuple[str, ...], row: str) -> str:
    expression = " || ' ' || ".join(f"coalesce({row}{column}, '')" for column in columns)
    for letter, plain in SQLITE_REPLACED:
        expression = f"replace({expression}, '{letter}', '{plain}')"
    return expression


def _sqlite_insert(row: str, source: str) -> str:
    names = _sqlite_folded(NAME_COLUMNS, row)
    descriptions = _sqlite_folded(DESCRIPTION_COLUMNS, row)
    return f"INSERT INTO {TABLE}(rowid, names, descriptions) SELECT {row}id, {names}, {descriptions} {source}"


def sqlite_statements() -> list[str]:
    """Idempotent DDL: the FTS5 table, its ranking (names weigh 10, descriptions 1) and the triggers."""
    watched = ", ".join(NAME_COLUMNS + DESCRIPTION_COLUMNS)
    insert_new = _sqlite_insert("new.", "")
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(names, descriptions, "
        "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
        f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('rank', 'bm25(10.0, 1.0)')",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_insert AFTER INSERT ON exhibitors_product "
        f"BEGIN {insert_new}; END",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_delete AFTER DELETE ON exhibitors_product "
        f"BEGIN DELETE FROM {TABLE} WHERE rowid = old.id; END",
        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_update AFTER UPDATE OF {watched} ON exhibitors_product "
        f"BEGIN DELETE FROM {TABLE} WHERE rowid = old.id; {insert_new}; END",
    ]


# PostgreSQL: a stored generated column, so every write (bulk ones too) keeps it current.
POSTGRES_FROM = "".join(FOLDED_LETTERS) + "-"
POSTGRES_TO = "".join(FOLDED_LETTERS.values()) + " "


def _postgres_vector(columns: tuple[str, ...], weight: str) -> str:
    joined = " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
    folded = f"lower(translate({joined}, '{POSTGRES_FROM}', '{POSTGRES_TO}'))"
    return f"setweight(to_tsvector('simple'::regconfig, {folded}), '{weight}')"


def postgres_statements() -> list[str]:
    """`search_document` (names and descriptions) is matched through the GIN index; `search_names`,
    small enough to stay inside the row, ranks the matches: ranking the whole document would
    decompress a long vector per matching row."""
    vector = f"{_postgres_vector(NAME_COLUMNS, 'A')} || {_postgres_vector(DESCRIPTION_COLUMNS, 'B')}"
    return [
        "ALTER TABLE exhibitors_product ADD COLUMN IF NOT EXISTS search_document tsvector "
        f"GENERATED ALWAYS AS ({vector}) STORED",
        "ALTER TABLE exhibitors_product ADD COLUMN IF NOT EXISTS search_names tsvector "
        f"GENERATED ALWAYS AS ({_postgres_vector(NAME_COLUMNS, 'A')}) STORED",
        "CREATE INDEX IF NOT EXISTS exhibitors_product_search_gin ON exhibitors_product USING gin (search_document)",
    ]


def ensure_index(connection=None) -> None:
    """Create the index where it is missing (migrations; again after a SQLite table rebuild)."""
    connection = connection or default_connection
    statements = {"sqlite": sqlite_statements, "postgresql": postgres_statements}.get(connection.vendor)
    if statements is None:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and _postgres_column_exists(cursor):
            return  # an ALTER TABLE would also clash with deferred constraint checks in a transaction
        for statement in statements():
            cursor.execute(statement)


def _postgres_column_exists(cursor) -> bool:
    cursor.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = 'exhibitors_product' "
        "AND column_name = 'search_names' AND table_schema = current_schema()"
    )
    return cursor.fetchone() is not None


def reindex(product_ids=None, connection=None) -> int:
    """Rewrite the index entries of these products (all when None); returns how many were written."""
    connection = connection or default_connection
    ensure_index(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The generated column is always current; fresh statistics keep the planner on the index.
            cursor.execute(
                "ANALYZE exhibitors_product, exhibitors_exhibitor, exhibitors_company, exhibitors_productcategory, "
                "events_show, events_event"
            )
            cursor.execute("SELECT count(*) FROM exhibitors_product")
            return cursor.fetchone()[0] if product_ids is None else len(set(product_ids))
        if connection.vendor != "sqlite":
            return 0
        if product_ids is None:
            cursor.execute(f"DELETE FROM {TABLE}")
            cursor.execute(_sqlite_insert("", "FROM exhibitors_product"))
            written = cursor.rowcount
            # Merge the index's segments into one b-tree: after bulk writes a ranked search over many
            # matches runs about twice as fast.
            cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")
            return written
        written = 0
        ids = sorted({int(pk) for pk in product_ids})
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})", chunk)
            cursor.execute(_sqlite_insert("", f"FROM exhibitors_product WHERE id IN ({marks})"), chunk)
            written += cursor.rowcount
        return written
