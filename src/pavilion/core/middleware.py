"""Requests refused before anything reads them."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


def plain_length(value: str) -> bool:
    """A Content-Length as HTTP writes it: the digits 0-9 only (str.isdigit alone takes "١٢" and "²")."""
    return value.isascii() and value.isdigit()


class ContentLengthMiddleware:
    """A Content-Length that is not a plain number of ASCII digits gets a 400 with a plain message,
    before anything reads the body.

    Django reads the header with int(), which takes other scripts' digits ("١٢" is 12), signs and
    underscores, and raises ValueError for "²" (a digit to str.isdigit, not to int) when the body
    is read: a 500. HTTP allows 0-9 only. An empty value counts as no header, as Django reads it.
    Nothing of the request is logged here (the body is never read, the header never repeated).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = request.META.get("CONTENT_LENGTH")
        if length and not plain_length(length):
            return HttpResponseBadRequest(_("Bad request: the Content-Length header must be a number of bytes "
                                            "written with the digits 0-9."),
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)
