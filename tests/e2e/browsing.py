"""Browsers for the end-to-end tests."""


def browser_context(
    browser, live_server, width=1366, height=900, *, user=None, admin=False, **options
):
    """A browser of the province's readers: Vietnamese, in Asia/Ho_Chi_Minh, `width` × `height`
    (390 × 844 is a phone), 15 s for any wait. With `user`, signed in (through the admin login
    with its second factor when `admin`). Playwright's other context options pass through."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": width, "height": height},
        timezone_id="Asia/Ho_Chi_Minh",
        **options,
    )
    context.set_default_timeout(15_000)
    if user is not None:
        from django.conf import settings
        from django.test import Client

        from tests.helpers import admin_client

        client = Client()
        if admin:
            admin_client(client, user)
        else:
            client.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        context.add_cookies(
            [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
        )
    return context
