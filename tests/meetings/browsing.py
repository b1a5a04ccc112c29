"""What the meetings browser tests share."""


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "secret-password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
