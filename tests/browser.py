"""Steps the browser tests share."""


def sign_in(page, base: str, username: str, password: str = "secret-password") -> None:
    """Sign in on the login page (the factories' users have this password) and wait to leave it."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
