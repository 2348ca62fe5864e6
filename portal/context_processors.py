from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

SETTINGS_CACHE_KEY = "portal:site-settings:2"


def _site_settings():
    """The editable site settings as plain values, cached until they are saved again."""
    values = cache.get(SETTINGS_CACHE_KEY)
    if values is None:
        from .models import PortalSettings, ServiceLink

        obj = PortalSettings.load()
        logo_url = ""
        if obj.logo_id:
            logo_url = obj.logo.get_rendition("height-96").url
        values = {
            "agency_name": obj.agency_name,
            "address": obj.address,
            "phone": obj.phone,
            "email": obj.email,
            "logo_url": logo_url,
            "alert_text": obj.alert_text,
            "alert_level": obj.alert_level,
            "alert_link": obj.alert_link,
            "alert_expires_at": obj.alert_expires_at,
            "info_title": obj.info_title,
            "info_body": obj.info_body,
            "info_updated_at": obj.info_updated_at,
            "governing_body": obj.governing_body,
            "responsible_person": obj.responsible_person,
            "licence_number": obj.licence_number,
            "licence_date": obj.licence_date,
            "licence_issuer": obj.licence_issuer,
            "service_links": list(
                ServiceLink.objects.order_by("sort_order", "title").values(
                    "title", "url", "description"
                )
            ),
        }
        cache.set(SETTINGS_CACHE_KEY, values, None)
    return values


def agency_name():
    """The agency's name as editors set it, else the deployment's default."""
    return _site_settings()["agency_name"] or settings.AGENCY_NAME


def forget_site_settings(**_kwargs):
    cache.delete(SETTINGS_CACHE_KEY)


def portal(request):
    """Agency identity, alert banner and the good-to-know box, overriding the defaults in
    common.context_processors.site with what editors set in the admin."""
    values = _site_settings()
    expires = values["alert_expires_at"]
    alert = None
    if values["alert_text"] and (expires is None or timezone.now() < expires):
        alert = {
            "text": values["alert_text"],
            "level": values["alert_level"],
            "link": values["alert_link"],
        }
    info = None
    if values["info_body"]:
        info = {
            "title": values["info_title"],
            "body": values["info_body"],
            "updated_at": values["info_updated_at"],
        }
    return {
        "AGENCY_NAME": values["agency_name"] or settings.AGENCY_NAME,
        "AGENCY_ADDRESS": values["address"] or settings.AGENCY_ADDRESS,
        "AGENCY_PHONE": values["phone"] or settings.AGENCY_PHONE,
        "AGENCY_EMAIL": values["email"] or settings.AGENCY_EMAIL,
        "AGENCY_LOGO_URL": values["logo_url"],
        "PORTAL_ALERT": alert,
        "PORTAL_INFO": info,
        "PORTAL_NOTICE": {
            "governing_body": values.get("governing_body", ""),
            "responsible_person": values.get("responsible_person", ""),
            "licence_number": values.get("licence_number", ""),
            "licence_date": values.get("licence_date"),
            "licence_issuer": values.get("licence_issuer", ""),
        },
        "SERVICE_LINKS": values.get("service_links", []),
    }
