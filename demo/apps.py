from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo province and its content, loaded by `manage.py seed_demo`.

    Installed by the local and test settings only: production never has the command."""

    name = "demo"
