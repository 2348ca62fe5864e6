from django.conf import settings


def site(request):
    """Agency identity for every template; the portal's site settings override it once edited."""
    return {
        "AGENCY_NAME": settings.AGENCY_NAME,
        "AGENCY_ADDRESS": settings.AGENCY_ADDRESS,
        "AGENCY_PHONE": settings.AGENCY_PHONE,
        "AGENCY_EMAIL": settings.AGENCY_EMAIL,
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
    }
