"""Encryption at rest of the personal data vetting needs, and keyed fingerprints to match on it.

PAVILION_DATA_KEY holds one or more Fernet keys separated by commas: the first encrypts, all of
them decrypt, so a key is rotated by putting the new one first and running `pavilion rotate-data-key`.
"""

import base64
import datetime
import hashlib
import hmac
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _demo_key() -> bytes:
    # Only for a laptop demo without PAVILION_DATA_KEY: derived from SECRET_KEY, never a production key.
    digest = hashlib.sha256(f"pavilion-data-key:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=4)
def _keys(raw: str) -> tuple[bytes, ...]:
    keys = tuple(part.strip().encode() for part in raw.split(",") if part.strip())
    return keys or (_demo_key(),)


def data_keys() -> tuple[bytes, ...]:
    return _keys(getattr(settings, "PAVILION_DATA_KEY", ""))


def cipher() -> MultiFernet:
    return _cipher(data_keys())


@lru_cache(maxsize=4)
def _cipher(keys: tuple[bytes, ...]) -> MultiFernet:
    # Built once per key set: re-screening decrypts tens of thousands of birth dates in one pass.
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured("PAVILION_DATA_KEY must hold urlsafe base64 Fernet keys") from error


def encrypt(value: str) -> str:
    return cipher().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return cipher().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured("personal data cannot be decrypted with PAVILION_DATA_KEY") from error


def rotate(token: str) -> str:
    try:
        return cipher().rotate(token.encode()).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured("personal data cannot be decrypted with PAVILION_DATA_KEY") from error


def fingerprint(*parts: str) -> str:
    """A keyed hash of normalised values, to find duplicates without decrypting every row."""
    text = "\x1f".join(unicodedata.normalize("NFKC", part or "").casefold().strip() for part in parts)
    return hmac.new(data_keys()[0], text.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """Stores a Fernet token; reads back the clear text. Not searchable: match on a fingerprint."""

    description = "Text encrypted at rest"

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(str(value))


class EncryptedDateField(EncryptedTextField):
    """A date encrypted at rest (stored as the ISO text of the date)."""

    description = "Date encrypted at rest"

    def from_db_value(self, value, expression, connection):
        text = super().from_db_value(value, expression, connection)
        return datetime.date.fromisoformat(text) if text else None

    def to_python(self, value):
        if value in (None, "") or isinstance(value, datetime.date):
            return value or None
        return datetime.date.fromisoformat(str(value))

    def get_prep_value(self, value):
        if isinstance(value, datetime.date):
            value = value.isoformat()
        return super().get_prep_value(value)

    def formfield(self, **kwargs):
        from django import forms

        return forms.DateField(**{"required": not self.blank, **kwargs})
