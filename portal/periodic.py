from .tasks import publish_scheduled_pages

PERIODIC = [(publish_scheduled_pages, 60)]
