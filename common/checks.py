"""System checks for settings whose mistakes would publish personal data."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


def _inside(child, parent):
    child, parent = Path(child).resolve(), Path(parent).resolve()
    return child == parent or parent in child.parents


@register()
def private_media_root_is_not_public(app_configs=None, **kwargs):
    """PRIVATE_MEDIA_ROOT must not overlap MEDIA_ROOT or STATIC_ROOT, which are served as is."""
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if not private:
        return []
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if public and (_inside(private, public) or _inside(public, private)):
            errors.append(
                Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) overlaps {name} ({public}).",
                    hint="Private files would be served to anyone: put them in a folder of "
                    "their own, outside every folder the web server or the proxy serves.",
                    id="common.E001",
                )
            )
    return errors
