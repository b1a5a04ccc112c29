"""Writes of companies, exhibitors and products: keyword-only, with the actor, audited."""

from pavilion.exhibitors import search_index


def product_search_reindex(product_ids=None) -> int:
    """Bring the products' full-text index up to date for these products (all when None).

    Triggers (SQLite) and a generated column (PostgreSQL) keep it current on every write; bulk
    loaders call this afterwards anyway, and it repairs the index after a SQLite table rebuild.
    """
    return search_index.reindex(product_ids)
