"""The development server's request log keeps the path and status of a request but never its query
string, where a searched name or a typed e-mail would be."""

import logging

from django.core.servers.basehttp import WSGIRequestHandler

from pavilion.core.logs import WithoutQueryStrings


def test_the_request_log_hides_the_query_string(caplog):
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request = None
    handler.log_date_time_string = lambda: "30/Nov/2026 12:00:00"
    server_log = logging.getLogger("django.server")
    server_log.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="django.server"):
            handler.log_message('"%s" %s %s', "GET /events/adex/registrations/?q=Salek&status=approved HTTP/1.1",
                                "200", "5120")
    finally:
        server_log.removeHandler(caplog.handler)
    [record] = [record for record in caplog.records if record.name == "django.server"]
    line = record.getMessage()
    assert line == '"GET /events/adex/registrations/?… HTTP/1.1" 200 5120'
    assert "Salek" not in line


def test_the_filter_is_on_the_servers_logger_before_any_handler():
    assert any(isinstance(f, WithoutQueryStrings) for f in logging.getLogger("django.server").filters)
