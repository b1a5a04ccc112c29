"""Ranked catalogue search over the index of `search_index.py`, with an exact count.

`ProductSearch` behaves like the slice of a queryset that the catalogue page and the API need:
`count()`, `[start:stop]` and iteration, each product loaded with its exhibitor, show and category.

Ranking: a product whose names hold the words ranks above one whose description does, ties by the
shorter names, then by id. The count is always exact and comes from the index alone.

SQLite scores with BM25 (names weigh 10, descriptions 1), so a word repeated in the names also
counts. A broad query (thousands of matches) ranks a bounded set of candidates instead of every match:
the first CANDIDATES matches in the index's order (shortest names first) among the products whose
names and descriptions both hold the words, as many among those whose names do, and as many among
all matches. The top of that set is the top of the full ranking unless a product with longer names
outranks all of them (for instance by repeating the word in its names), which `bench/catalogue.py`
measures. Pages past the candidates are ranked in full.

PostgreSQL ranks by exactly that rule and nothing else (a word repeated in the names counts once):
whether the names hold every word, the number of distinct words in the names (`names_length`), the
id; so the first pages are always the first pages of the full ranking. A one-word query without
filters, the common case, reads only the b-tree of the words: the count is the number of distinct
products among the entries of the words that start with the typed one, and the first pages come from
the best ENTRIES of those entries (from all of them when those hold too few products), in index-only
scans once VACUUM has marked the pages all-visible. Other queries (several words, or filters) match
through the GIN index and rank every match in the same pass that counts them; so do pages past the
first ones.
"""

from dataclasses import dataclass, field

from django.db import connection

from pavilion.exhibitors import export_control, search_index
from pavilion.exhibitors.search_index import ROWS, TEXT, WORDS

CANDIDATES = 400  # SQLite
FIRST_WINDOW = 120  # the first pages (4 catalogue pages), ranked once and kept
ENTRIES = 5 * FIRST_WINDOW  # PostgreSQL: word entries read for the first pages of a one-word search


@dataclass
class Filters:
    event_id: int
    exhibitor_id: int | None = None
    category_ids: list[int] | None = None
    control: str = ""

    def sql(self, alias: str) -> tuple[str, list]:
        """Conditions on the index row `alias`, beyond the event."""
        conditions, params = [], []
        if self.exhibitor_id is not None:
            conditions.append(f"{alias}.exhibitor_id = %s")
            params.append(self.exhibitor_id)
        if self.category_ids is not None:
            ids = [int(pk) for pk in self.category_ids] or [0]
            conditions.append(f"{alias}.category_id IN ({', '.join(['%s'] * len(ids))})")
            params.extend(ids)
        text = self.control.strip()
        if text.upper() == "ML":
            conditions.append(f"{alias}.control LIKE 'ML%%'")
        elif text.lower() == "dual-use":
            conditions.append(f"{alias}.control NOT LIKE 'ML%%' AND {alias}.control <> %s")
            params.append(export_control.NOT_CONTROLLED)
        elif text:
            conditions.append(f"{alias}.control = %s")
            params.append(export_control.normalise(text))
        return "".join(f" AND {condition}" for condition in conditions), params

    @property
    def beyond_event(self) -> bool:
        return self.exhibitor_id is not None or self.category_ids is not None or bool(self.control.strip())


@dataclass
class ProductSearch:
    """The published products of an event's approved exhibitors that match `words`, best first."""

    products: object  # loads the matches by id (the index holds only what the filters let through)
    # Each word matches as a prefix; a tuple is a word for which any one of its spellings will do (the
    # corrections `search_spelling` proposes for a word the index does not hold).
    words: list[str | tuple[str, ...]]
    filters: Filters
    _count: int | None = field(default=None, init=False)
    _first: list[int] | None = field(default=None, init=False)  # ids of the first ranked window

    def count(self) -> int:
        if self._count is None:
            self._ids(0, FIRST_WINDOW)  # the count comes with the first pages, in the same query
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self[0:self.count()])

    def __getitem__(self, index):
        if isinstance(index, int):
            found = self[index:index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        start, stop = index.start or 0, index.stop
        if index.step is not None or start < 0 or (stop is not None and stop < 0):
            raise ValueError("ProductSearch takes slices [start:stop] with positive bounds")
        stop = self.count() if stop is None else stop
        return self._load(self._ids(start, max(0, stop - start)))

    # Ids of a window, ranked ----------------------------------------------------------------------

    def _ids(self, offset: int, limit: int) -> list[int]:
        if not self.words:
            self._count = 0
            return []
        if self._first is None and offset + limit <= FIRST_WINDOW:
            self._first = self._window(0, FIRST_WINDOW)
        if self._first is not None and offset + limit <= FIRST_WINDOW:
            return self._first[offset:offset + limit]
        return self._window(offset, limit) if limit else []

    def _window(self, offset: int, limit: int) -> list[int]:
        """The window's ids, ranked, and the exact count of the matches: one query gives the ids with
        the count beside them; a window past the last match asks for the count alone."""
        postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if (postgres and len(self.words) == 1 and isinstance(self.words[0], str) and not self.filters.beyond_event
                    and offset + limit <= FIRST_WINDOW):
                return self._word_window(cursor, offset + limit)[offset:]
            cursor.execute(*(self._document_window(offset, limit) if postgres else self._sqlite_sql(offset, limit)))
            rows = cursor.fetchall()
            if rows:
                self._count = rows[0][1]
            elif offset == 0:
                self._count = 0
            elif self._count is None:
                cursor.execute(*(self._document_count() if postgres else self._sqlite_count()))
                self._count = cursor.fetchone()[0]
        if postgres:
            return [product_id for product_id, _ in rows]
        return [search_index.product_of(key) for key, _ in rows]

    def _load(self, ids: list[int]) -> list:
        if not ids:
            return []
        loaded = {product.pk: product for product in self.products.filter(pk__in=ids)}
        return [loaded[pk] for pk in ids if pk in loaded]

    # SQLite: FTS5 ---------------------------------------------------------------------------------

    def _match(self, column: str = "") -> str:
        expression = " AND ".join(_any_of([f'"{spelling}"*' for spelling in _spellings(word)], " OR ")
                                  for word in self.words)
        return f"{column} : ({expression})" if column else expression

    def _sqlite_source(self) -> tuple[str, list]:
        """FROM and WHERE of the matches in the event (a rowid range), filtered on the index rows."""
        low, high = search_index.event_range(self.filters.event_id)
        if not self.filters.beyond_event:
            return f"FROM {TEXT} f WHERE f.{TEXT} MATCH %s AND f.rowid BETWEEN %s AND %s", [low, high]
        conditions, params = self.filters.sql("r")
        return (f"FROM {TEXT} f JOIN {ROWS} r ON r.search_key = f.rowid "
                f"WHERE f.{TEXT} MATCH %s AND f.rowid BETWEEN %s AND %s{conditions}", [low, high, *params])

    def _sqlite_count(self) -> tuple[str, list]:
        source, params = self._sqlite_source()
        return f"SELECT count(*) {source}", [self._match(), *params]

    def _sqlite_sql(self, offset: int, limit: int) -> tuple[str, list]:
        source, params = self._sqlite_source()
        count = f"(SELECT count(*) {source})"
        # The candidates: the first matches in key order (shortest names first) whose names and
        # descriptions both match, as many whose names match, and as many among all matches. The order
        # is the candidates ranked, then the other matches ranked: the first pages rank only the
        # candidates, in one scan of the key range they span (`+f.rowid` keeps SQLite scanning the match
        # rather than running it once per candidate); later pages rank every match but keep the
        # candidates first, so that paging on shows each match once.
        pool = f"SELECT f.rowid {source} ORDER BY f.rowid LIMIT {CANDIDATES}"
        candidates = (f"WITH candidate(key) AS MATERIALIZED (SELECT * FROM ({pool}) UNION SELECT * FROM ({pool}) "
                      f"UNION SELECT * FROM ({pool})) ")
        if offset + limit > CANDIDATES // 2:
            sql = (candidates + f"SELECT f.rowid, {count} {source} "
                   "ORDER BY +f.rowid NOT IN (SELECT key FROM candidate), f.rank, f.rowid LIMIT %s OFFSET %s")
        else:
            sql = (candidates + f"SELECT f.rowid, {count} {source} AND f.rowid <= (SELECT max(key) FROM candidate) "
                   "AND +f.rowid IN (SELECT key FROM candidate) ORDER BY f.rank, f.rowid LIMIT %s OFFSET %s")
        both = f"{self._match('names')} AND {self._match('descriptions')}"
        return sql, [both, *params, self._match("names"), *params, self._match(), *params,  # the candidates
                     self._match(), *params,  # the count
                     self._match(), *params, limit, offset]  # the ranking

    # PostgreSQL: words (b-tree) for one word, GIN for the rest -------------------------------------

    def _word_window(self, cursor, size: int) -> list[int]:
        """The count and the first `size` products, each from its own range scan of the words' b-tree (two
        scans cost less than one whose entries are kept for both). A product has an entry per word that
        starts with the typed one, and its first entry in ranking order is where it ranks, so the first
        ENTRIES entries usually hold enough products; when they do not, all of them are read."""
        word = self.words[0]
        # Byte order (COLLATE "C") is code point order: the words with this prefix sort below the prefix
        # whose last letter is the next one.
        source = f"FROM {WORDS} w WHERE w.event_id = %s AND w.word >= %s AND w.word < %s"
        params = [self.filters.event_id, word, word[:-1] + chr(ord(word[-1]) + 1)]
        top = (f"ARRAY(SELECT e.product_id FROM (SELECT w.product_id, w.in_names, w.names_length {source} "
               "ORDER BY w.in_names DESC, w.names_length, w.product_id LIMIT %s) e GROUP BY e.product_id "
               "ORDER BY bool_or(e.in_names) DESC, min(e.names_length), e.product_id LIMIT %s)")
        cursor.execute(f"SELECT (SELECT count(DISTINCT w.product_id) {source}), {top}",
                       [*params, *params, ENTRIES, size])
        self._count, ids = cursor.fetchone()
        if len(ids) < min(size, self._count):
            cursor.execute(f"SELECT {top}", [*params, None, size])
            ids = cursor.fetchone()[0]
        return ids

    def _document_count(self) -> tuple[str, list]:
        conditions, params = self.filters.sql("r")
        return (f"SELECT count(*) FROM {ROWS} r WHERE r.document @@ to_tsquery('simple', %s) "
                f"AND r.event_id = %s{conditions}", [self._tsquery(), self.filters.event_id, *params])

    def _document_window(self, offset: int, limit: int) -> tuple[str, list]:
        """The window's ids with the count of the matches beside them, in one pass over the matches: each
        keeps only its id and ranking key, so that counting them all stays in memory."""
        conditions, params = self.filters.sql("r")
        tsquery = self._tsquery()
        return (f"SELECT m.product_id, count(*) OVER () FROM (SELECT r.product_id, r.names_length, "
                f"r.names @@ to_tsquery('simple', %s) AS in_names FROM {ROWS} r "
                # OFFSET 0 keeps the subquery apart: the window then holds ids and keys, not vectors.
                f"WHERE r.document @@ to_tsquery('simple', %s) AND r.event_id = %s{conditions} OFFSET 0) m "
                "ORDER BY m.in_names DESC, m.names_length, m.product_id LIMIT %s OFFSET %s",
                [tsquery, tsquery, self.filters.event_id, *params, limit, offset])

    def _tsquery(self) -> str:
        return " & ".join(_any_of([f"{spelling}:*" for spelling in _spellings(word)], " | ") for word in self.words)


def _spellings(word: str | tuple[str, ...]) -> tuple[str, ...]:
    return (word,) if isinstance(word, str) else word


def _any_of(terms: list[str], operator: str) -> str:
    return terms[0] if len(terms) == 1 else f"({operator.join(terms)})"
