import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Factories hash with the first hasher; the demo's own PBKDF2 hashes must still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
