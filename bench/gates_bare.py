"""A bare WSGI callable for `bench/gates.py --floors`: no Django, no database; it reads the request
body and answers a fixed JSON. Served by the same WSGI server and configuration as Pavilion, it is
the floor of the server itself on this machine at that moment.

    gunicorn bench.gates_bare:application
"""

BODY = b'{"ok": true}'
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    length = environ.get("CONTENT_LENGTH") or "0"
    if length.isdigit() and int(length):
        environ["wsgi.input"].read(int(length))
    start_response("200 OK", HEADERS)
    return [BODY]
