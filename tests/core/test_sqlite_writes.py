"""On SQLite (the demo, a laptop), two requests writing at once wait for each other instead of
one failing with "database is locked"."""

import threading
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.db.utils import ConnectionHandler

pytestmark = pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
                                reason="SQLite's locking only")


def test_a_transaction_that_reads_then_writes_waits_for_another_writer(tmp_path, monkeypatch, django_db_blocker):
    """Transaction A reads and writes a moment later; B reads after A's read and then writes. With
    SQLite's default (deferred) transactions B's write fails at once, whatever the timeout, because
    its snapshot is older than A's write; with the project's options B waits and both count."""
    database = {**settings.DATABASES["default"], "NAME": str(tmp_path / "locks.sqlite3"), "TEST": {}}
    handler = ConnectionHandler({"default": database, "second": dict(database)})
    # Django's atomic() on the handler's connections, as the app's requests run it on their own.
    monkeypatch.setattr(transaction, "get_connection", lambda using=None: handler[using or "default"])
    first_has_read, errors = threading.Event(), []

    def add_one(alias: str, *, wait_for: threading.Event | None, pause: float):
        try:
            if wait_for is not None:
                assert wait_for.wait(5)
            with transaction.atomic(using=alias), handler[alias].cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                value = cursor.fetchone()[0]
                if wait_for is None:
                    first_has_read.set()
                time.sleep(pause)
                cursor.execute("UPDATE counter SET n = %s", [value + 1])
        except Exception as error:  # noqa: BLE001 - the failure is what the test reports
            errors.append(repr(error))
        finally:
            handler[alias].close()

    with django_db_blocker.unblock():
        with handler["default"].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n integer)")
            cursor.execute("INSERT INTO counter VALUES (0)")
        handler["default"].close()
        threads = [threading.Thread(target=add_one, args=("default",), kwargs={"wait_for": None, "pause": 0.3}),
                   threading.Thread(target=add_one, args=("second",), kwargs={"wait_for": first_has_read, "pause": 0})]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        with handler["default"].cursor() as cursor:
            cursor.execute("SELECT n FROM counter")
            total = cursor.fetchone()[0]
        handler.close_all()
    assert errors == []
    assert total == 2
