"""The one coded error of the project's services, at the bottom of the stack.

A service refuses with `SomeError("code", **params)`; the class holds the translated text of
every code it can raise (`messages`), so the texts of one app sit in one dict and a view never
writes its own wording for a service's refusal. Each app subclasses it in `<app>/errors.py`:

    class RegistrationError(ServiceError):
        messages = {"full": _("The course is full."), ...}
        status_codes = {"full": 409}  # for JSON answers; 400 otherwise

Views turn it into a message with `common.admin_views.ServiceActionMixin` (class-based views)
or `common.errors.run_service` (function views), never by catching a class by name.
"""

from django.core.exceptions import ValidationError


class ServiceError(Exception):
    """A refusal that the person can act on. `code` selects the text, `params` fill it."""

    messages: dict = {}
    status_codes: dict = {}
    default_status = 400

    def __init__(self, code, **params):
        if code not in self.messages:
            raise KeyError(f"{type(self).__name__} has no message for code {code!r}")
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        text = str(self.messages[self.code])
        return text % self.params if self.params else text

    @property
    def status(self) -> int:
        return self.status_codes.get(self.code, self.default_status)

    def __str__(self):
        return self.message

    def as_validation_error(self) -> ValidationError:
        return ValidationError(self.message, code=self.code)


class Outcome:
    """What `run_service` returns: true when the service succeeded, with its `value`; false
    when it refused, with the `error` already shown to the person as a message."""

    __slots__ = ("error", "value")

    def __init__(self, value=None, error=None):
        self.value = value
        self.error = error

    def __bool__(self):
        return self.error is None

    def __repr__(self):
        return f"Outcome(value={self.value!r}, error={self.error!r})"


def run_service(request, function, *args, success=None, **kwargs) -> Outcome:
    """Call one service for a view: on success show `success` (text, or a callable taking the
    service's result) and return its result; on a `ServiceError` show its message and return a
    false outcome. Any other exception is a bug and propagates.

        if run_service(request, services.cancel, registration, by=request.user,
                       success=_("Your registration is cancelled.")):
            ...
    """
    from django.contrib import messages

    try:
        value = function(*args, **kwargs)
    except ServiceError as error:
        messages.error(request, error.message)
        return Outcome(error=error)
    if success is not None:
        text = success(value) if callable(success) else success
        if text:
            messages.success(request, text)
    return Outcome(value=value)


def error_json(error: ServiceError, **extra):
    """A refusal as a JSON answer (autosave): the text to show, the code, the code's status."""
    from django.http import JsonResponse

    return JsonResponse(
        {"ok": False, "error": error.message, "code": error.code, **extra}, status=error.status
    )
