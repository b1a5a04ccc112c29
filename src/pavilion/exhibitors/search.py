"""Ranked catalogue search over the index of `search_index.py`, with an exact count.

`ProductSearch` behaves like the slice of a queryset that the catalogue page and the API need:
`count()`, `[start:stop]` and iteration, each product loaded with its exhibitor, show and category.

Ranking: a product whose names hold the words ranks above one whose description does (SQLite: BM25
with names weighing 10 and descriptions 1; PostgreSQL: the rank of the names' vector), ties by the
shorter names, then by id. A broad query on SQLite (thousands of matches) ranks a bounded set of
candidates instead of every match: the first CANDIDATES matches in the index's order (shortest names
first) among the products whose names and descriptions both hold the words, as many among those
whose names do, and as many among all matches. The top of that set is the top of the full ranking
unless a product with longer names outranks all of them (for instance by repeating the word in its
names), which `bench/catalogue.py` measures. Pages past the candidates are
ranked in full. The count is always exact and comes from the index alone.
"""

from dataclasses import dataclass, field

from django.db import connection

from pavilion.exhibitors import export_control, search_index
from pavilion.exhibitors.search_index import ROWS, TEXT

CANDIDATES = 400
FIRST_WINDOW = 120  # the count's query also ranks the first pages (4 catalogue pages), kept


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
    words: list[str]
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
        """One query: the window's ids, ranked, with the exact count of the matches beside them."""
        sql, params = self._postgres_sql() if connection.vendor == "postgresql" else self._sqlite_sql(offset, limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            rows = cursor.fetchall()
        if rows:
            self._count = rows[0][1]
        elif offset == 0:
            self._count = 0
        elif self._count is None:
            self._window(0, 1)
        if connection.vendor == "postgresql":
            return [product_id for product_id, _ in rows]
        return [search_index.product_of(key) for key, _ in rows]

    def _load(self, ids: list[int]) -> list:
        if not ids:
            return []
        loaded = {product.pk: product for product in self.products.filter(pk__in=ids)}
        return [loaded[pk] for pk in ids if pk in loaded]

    # SQLite: FTS5 ---------------------------------------------------------------------------------

    def _match(self, column: str = "") -> str:
        expression = " AND ".join(f'"{word}"*' for word in self.words)
        return f"{column} : ({expression})" if column else expression

    def _sqlite_source(self) -> tuple[str, list]:
        """FROM and WHERE of the matches in the event (a rowid range), filtered on the index rows."""
        low, high = search_index.event_range(self.filters.event_id)
        if not self.filters.beyond_event:
            return f"FROM {TEXT} f WHERE f.{TEXT} MATCH %s AND f.rowid BETWEEN %s AND %s", [low, high]
        conditions, params = self.filters.sql("r")
        return (f"FROM {TEXT} f JOIN {ROWS} r ON r.search_key = f.rowid "
                f"WHERE f.{TEXT} MATCH %s AND f.rowid BETWEEN %s AND %s{conditions}", [low, high, *params])

    def _sqlite_sql(self, offset: int, limit: int) -> tuple[str, list]:
        source, params = self._sqlite_source()
        count = f"(SELECT count(*) {source})"
        if offset + limit > CANDIDATES // 2:
            return (f"SELECT f.rowid, {count} {source} ORDER BY f.rank, f.rowid LIMIT %s OFFSET %s",
                    [self._match(), *params, self._match(), *params])
        # The candidates: the first matches in key order (shortest names first) whose names and
        # descriptions both match, as many whose names match, and as many among all matches. Only they
        # are ranked, in one scan of the key range they span: `+f.rowid` keeps SQLite scanning the
        # match rather than running it once per candidate.
        pool = f"SELECT f.rowid {source} ORDER BY f.rowid LIMIT {CANDIDATES}"
        sql = (
            f"WITH candidate(key) AS MATERIALIZED (SELECT * FROM ({pool}) UNION SELECT * FROM ({pool}) "
            f"UNION SELECT * FROM ({pool})) "
            f"SELECT f.rowid, {count} {source} AND f.rowid <= (SELECT max(key) FROM candidate) "
            "AND +f.rowid IN (SELECT key FROM candidate) ORDER BY f.rank, f.rowid LIMIT %s OFFSET %s"
        )
        both = f"{self._match('names')} AND {self._match('descriptions')}"
        return sql, [both, *params, self._match("names"), *params, self._match(), *params,  # the candidates
                     self._match(), *params,  # the count
                     self._match(), *params]  # the ranking

    # PostgreSQL: GIN --------------------------------------------------------------------------------

    def _postgres_sql(self) -> tuple[str, list]:
        tsquery = " & ".join(f"{word}:*" for word in self.words)
        conditions, params = self.filters.sql("r")
        sql = (
            f"SELECT r.product_id, count(*) OVER () FROM {ROWS} r "
            f"WHERE r.document @@ to_tsquery('simple', %s) AND r.event_id = %s{conditions} "
            "ORDER BY ts_rank(r.names, to_tsquery('simple', %s)) DESC, r.names_length, r.product_id "
            "LIMIT %s OFFSET %s"
        )
        return sql, [tsquery, self.filters.event_id, *params, tsquery]
