from django.utils import translation
from django_tasks import task


@task()
def close_overdue_attempts():
    """Close and grade attempts whose deadline passed (people who left without submitting)."""
    from . import services

    with translation.override("vi"):
        return services.close_overdue()
