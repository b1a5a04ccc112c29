"""API tokens in the back office: none is added there (its add form made a token with an empty
digest, then answered 500); a token's owner, digest, prefix and revocation do not change by hand (a
revoked token was revived by clearing the field); revoking goes through the service, audited."""

import pytest

from pavilion.core import roles
from pavilion.core.models import ApiToken, AuditEntry
from pavilion.core.services import api_token_create, api_token_revoke, api_token_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_tokens_are_not_added_in_the_admin(admin_client):
    owner = UserFactory()
    assert admin_client.get("/admin/core/apitoken/add/").status_code == 403
    for _attempt in range(2):
        response = admin_client.post("/admin/core/apitoken/add/", {"user": owner.pk, "name": "x", "revoked_at": ""})
        assert response.status_code == 403
    assert ApiToken.objects.count() == 0


def test_a_revoked_token_stays_revoked_and_only_its_name_is_edited(admin_client):
    owner, someone = UserFactory(), UserFactory()
    raw = api_token_create(actor=None, user=owner, name="scanner sync")
    token = ApiToken.objects.get()
    api_token_revoke(actor=None, token=token)
    token.refresh_from_db()
    url = f"/admin/core/apitoken/{token.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert not any(f'name="{field}"' in page for field in ("user", "digest", "prefix", "revoked_at"))
    response = admin_client.post(url, {"name": "old scanner", "user": someone.pk, "digest": "0" * 64,
                                       "prefix": "zzzzzzzz", "revoked_at_0": "", "revoked_at_1": "", "revoked_at": ""})
    assert response.status_code == 302
    after = ApiToken.objects.get(pk=token.pk)
    assert (after.user_id, after.digest, after.prefix, after.revoked_at) == (
        owner.pk, token.digest, token.prefix, token.revoked_at)
    assert after.name == "old scanner" and api_token_user(raw) is None
    rename = AuditEntry.objects.get(action="api_token.rename")
    assert (rename.before, rename.after) == ({"name": "scanner sync"}, {"name": "old scanner"})


def test_tokens_are_revoked_by_the_admin_action_through_the_service(client):
    organiser = UserFactory(is_staff=True, is_superuser=True, role=roles.ORGANISER_ADMIN)
    client.force_login(organiser)
    owner = UserFactory()
    raw = api_token_create(actor=None, user=owner)
    token = ApiToken.objects.get()
    response = client.post("/admin/core/apitoken/", {"action": "revoke", "_selected_action": [token.pk]},
                           follow=True)
    assert response.status_code == 200 and "1 token(s) revoked." in response.content.decode()
    assert api_token_user(raw) is None
    assert AuditEntry.objects.filter(action="api_token.revoke", object_id=str(token.pk), actor=organiser).exists()
    again = client.post("/admin/core/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
    assert "This token was revoked already." in again.content.decode()
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1
