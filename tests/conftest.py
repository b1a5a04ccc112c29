import asyncio
import contextlib
import os
import shutil

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import translation


def chromium_path() -> str | None:
    path = "/usr/bin/chromium"
    return path if os.path.exists(path) else shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    for item in items:  # a test that drives Chromium is a browser test, marked or not
        if "browser" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
    if chromium_path() is None:
        if os.environ.get("PAVILION_REQUIRE_BROWSER"):
            raise pytest.UsageError("PAVILION_REQUIRE_BROWSER is set but Chromium is not installed")
        skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install -y chromium): browser test skipped")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if chromium_path() is None:
        terminalreporter.write_line(
            "NOTE: browser tests were skipped because /usr/bin/chromium is missing (apt-get install -y chromium)."
        )


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    return True


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing():
    """Hashing a password the production way (PBKDF2, a million rounds) costs a quarter to half a second,
    on purpose; every user a test makes and every sign-in paid it. The whole suite hashes with MD5 instead
    (PBKDF2 second, so that a hash made the production way still checks)."""
    from django.test.utils import override_settings

    quick = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher",
                                                "django.contrib.auth.hashers.PBKDF2PasswordHasher"])
    quick.enable()
    yield
    quick.disable()


@pytest.fixture(scope="session", autouse=True)
def _static_files_listed_once():
    """WhiteNoise lists every static file (and stats it) when its middleware starts, as it should once per
    server process; but Django's test client starts the middleware anew for every client, and that listing
    was an eighth of the suite's time (70 ms a client). The files do not change during a run: the first
    listing for a static URL prefix is handed to every later middleware with that prefix."""
    from whitenoise.middleware import WhiteNoiseMiddleware

    real = WhiteNoiseMiddleware.add_files_from_finders
    listed: dict[str, dict] = {}

    def once(self):
        if self.static_prefix not in listed:
            real(self)
            listed[self.static_prefix] = dict(self.files)
        else:
            self.files.update(listed[self.static_prefix])

    WhiteNoiseMiddleware.add_files_from_finders = once
    yield
    WhiteNoiseMiddleware.add_files_from_finders = real


@pytest.fixture(scope="session", autouse=True)
def _tables_emptied_by_delete_on_postgres():
    """After a test that commits (the browser tests, whose live server reads what the test wrote), Django
    empties every table with one TRUNCATE, which makes each of this schema's tables' files anew on
    PostgreSQL: 0.7-0.9 s a test. The tables hold a test's few rows by then, and DELETE FROM each empties
    them in a fraction of that, in the flush's one transaction, whose foreign keys (deferrable, as Django
    makes them) are checked at its end. A flush that also resets the sequences is left as Django does it."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    real = DatabaseOperations.sql_flush

    def deleting(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables:
            return real(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED;", *(f"DELETE FROM {self.quote_name(table)};" for table in tables)]

    DatabaseOperations.sql_flush = deleting
    yield
    DatabaseOperations.sql_flush = real


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def _chromium():
    """One Playwright driver and one Chromium for a test process, started by its first browser test: starting
    both cost a second or more a test (half a second for the driver, a third for Chromium, more on a loaded
    machine). Each test still has its own browser contexts (cookies, storage, cache and service workers are
    a context's), closed when it ends. Playwright's sync API marks its event loop as the thread's running
    loop between its calls; outside a browser test it is unmarked again, or Django would take every later
    test in the process for async code and refuse its queries."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    loop = asyncio.get_running_loop()
    held = {"browser": None}

    def browser():
        if held["browser"] is None or not held["browser"].is_connected():  # launched, or crashed since
            held["browser"] = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        return held["browser"]

    asyncio._set_running_loop(None)
    yield loop, browser
    asyncio._set_running_loop(loop)
    if held["browser"] is not None and held["browser"].is_connected():
        held["browser"].close()
    playwright.stop()


@pytest.fixture
def browser(_chromium):
    loop, chromium = _chromium
    asyncio._set_running_loop(loop)
    try:
        instance = chromium()
        yield instance
        for context in instance.contexts:  # what the test left open, pages opened by browser.new_page too
            context.close()
    finally:
        asyncio._set_running_loop(None)


@pytest.fixture(scope="session")
def shared_data(django_db_setup, django_db_blocker):
    """For module- or class-scoped fixtures, `with shared_data(): ...`: what is written inside is made once,
    seen by every test of the scope (each test still runs in its own savepoint) and rolled back when the
    scope ends, so the next module starts from the same empty database. For loads that cost seconds."""

    @contextlib.contextmanager
    def scope():
        with django_db_blocker.unblock(), transaction.atomic():
            yield
            transaction.set_rollback(True)

    return scope



@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language. A request through the application (the
    test client, schemathesis, the scan path) leaves active in the thread the language its
    LocaleMiddleware chose; a later test in the same process would then render in Russian or
    Azerbaijani, depending on which tests ran before it there (with xdist, on the timing)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
