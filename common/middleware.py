"""Request checks that apply to every view."""

from .views import bad_request


class RejectNullCharactersMiddleware:
    """Answer 400 to an address whose path or query string holds a NUL character.

    No page has a use for one, and PostgreSQL refuses it inside text, so a search or filter that
    passed it on would end in a database error (a 500). Form fields already refuse it (Django's
    CharField validator); this covers the query strings that views read directly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return bad_request(request)
        return self.get_response(request)


class VietnameseFirstMiddleware:
    """Serve Vietnamese unless the reader chose English with the language switch.

    Many civil servants use a browser or an operating system set to English; negotiating on the
    browser's Accept-Language would hand them an English portal they never asked for. The choice
    made with the language switch (a cookie) still wins. Goes before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
