"""Logging that keeps personal data out: a request's query string (a name searched for, an e-mail
typed into a filter) never reaches the development server's request log."""

import logging
import re

QUERY = re.compile(r"\?\S*")


class WithoutQueryStrings(logging.Filter):
    """The development server logs each request line ("GET /path?q=… HTTP/1.1") as its first
    argument: the query string is replaced by "?…", the path and status kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            record.args = (QUERY.sub("?…", record.args[0]), *record.args[1:])
        return True
