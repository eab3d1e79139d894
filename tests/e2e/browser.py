"""What browser tests do through the real pages: register, add a child."""

from datetime import date


def register(page, base, email, name="Robin", password="a calm family evening"):
    page.goto(base + "/register")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Repeat password").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/welcome")


def add_child(page, base, name, age):
    page.goto(base + "/family")
    form = page.locator("form[action$='/family/children']")
    form.get_by_label("Name or nickname").fill(name)
    form.get_by_label("Birth month").select_option("1")
    form.get_by_label("Birth year").fill(str(date.today().year - age))
    form.get_by_role("button", name="Add child").click()
    page.wait_for_url("**/family")
