"""One demo account per role, password = username (for the demo only; never on a real server)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from pavilion.core import roles
from pavilion.core.demo import Demo, companies
from pavilion.core.models import AccountPreference, ApiToken
from pavilion.core.services import api_token_create
from pavilion.exhibitors.models import Company, CompanyMember

# username, role, given name, family name; the people are invented.
ACCOUNTS = (
    ("organiser", roles.ORGANISER_ADMIN, "Leyla", "Həsənova"),
    ("security", roles.SECURITY_OFFICER, "Rauf", "Quliyev"),
    ("security2", roles.SECURITY_OFFICER, "Nigar", "Əliyeva"),
    ("exhibitor", roles.EXHIBITOR_ADMIN, "Elvin", "Məmmədov"),
    ("liaison", roles.DELEGATION_LIAISON, "Tural", "Abbasov"),
    ("visitor", roles.TRADE_VISITOR, "Aysel", "Rzayeva"),
    ("media", roles.MEDIA, "Kamran", "Hüseynov"),
)


def create_accounts(demo: Demo) -> None:
    groups = roles.ensure_roles()
    User = get_user_model()
    existing = set(User.objects.filter(username__in=[a[0] for a in ACCOUNTS]).values_list("username", flat=True))
    for username, role, given_name, family_name in ACCOUNTS:
        if username in existing:
            continue  # an existing account keeps its password and groups
        user = User(
            username=username, first_name=given_name, last_name=family_name,
            email=f"{username}@demo.pavilion.invalid",
            # The organiser runs the Django admin; nobody else gets into it.
            is_staff=role == roles.ORGANISER_ADMIN, is_superuser=role == roles.ORGANISER_ADMIN,
        )
        user.password = demo_password_hash(username)
        user.save()
        user.groups.add(groups[role])
        demo.count("accounts", 1)


def demo_password_hash(password: str) -> str:
    """A PBKDF2 hash with fewer rounds than Django's default: the demo passwords are public anyway,
    and full-strength hashing of seven of them would take most of the demo's run time. Django
    upgrades the hash to its full iteration count at the first login."""
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(password, hasher.salt(), iterations=20_000)


def exhibitor_account_company(demo: Demo) -> Company | None:
    """The company the `exhibitor` account administers: the first company of the demo's plan."""
    first = companies.plan(demo.scale, demo.seed)[0].company
    return Company.objects.filter(is_demo=True, name=first.name).first()


def link_exhibitor_account(demo: Demo) -> None:
    user = get_user_model().objects.filter(username="exhibitor").first()
    company = exhibitor_account_company(demo)
    if user is None or company is None or user.company_memberships.exists():
        return
    CompanyMember.objects.create(company=company, user=user, role=CompanyMember.Role.ADMIN)
    demo.count("company members", 1)


# The media account chose Azerbaijani: signing in as `media` turns the pages Azerbaijani.
LANGUAGES = {"media": "az"}
# The exhibitor's administrator has an API token for their CRM (its value was never kept: the demo shows
# the list on the account page; a new one is made there).
TOKENS = {"exhibitor": "CRM import"}


def create_account_settings(demo: Demo) -> None:
    users = {user.username: user for user in get_user_model().objects.filter(username__in={*LANGUAGES, *TOKENS})}
    for username, language in LANGUAGES.items():
        if username in users and not AccountPreference.objects.filter(user=users[username]).exists():
            AccountPreference.objects.create(user=users[username], language=language)
            demo.count("language preferences", 1)
    for username, name in TOKENS.items():
        if username in users and not ApiToken.objects.filter(user=users[username], name=name).exists():
            api_token_create(actor=None, user=users[username], name=name)
            demo.count("API tokens", 1)
