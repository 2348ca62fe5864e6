from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

SETTINGS_CACHE_KEY = "portal:site-settings:2"


def site_settings():
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
            "agency_name_en": obj.agency_name_en,
            "address": obj.address,
            "address_en": obj.address_en,
            "phone": obj.phone,
            "email": obj.email,
            "logo_url": logo_url,
            "alert_text": obj.alert_text,
            "alert_text_en": obj.alert_text_en,
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
    return site_settings()["agency_name"] or settings.AGENCY_NAME


def forget_site_settings(**_kwargs):
    cache.delete(SETTINGS_CACHE_KEY)


def portal(request):
    """Agency identity, alert banner and the good-to-know box, overriding the defaults in
    common.context_processors.site with what editors set in the admin.

    In English (the English pages, or a reader who chose English) the names and the banner are
    the English ones; a text that exists only in Vietnamese is still shown, with `lang: "vi"` so
    the template marks it (screen readers then read it with a Vietnamese voice)."""
    values = site_settings()
    english = get_language() == "en"
    # Text editors wrote in Vietnamese, shown in English chrome: marked as Vietnamese.
    vietnamese_in_english = "vi" if english else ""
    expires = values["alert_expires_at"]
    alert = None
    if values["alert_text"] and (expires is None or timezone.now() < expires):
        text, lang = values["alert_text"], vietnamese_in_english
        if english and values["alert_text_en"]:
            text, lang = values["alert_text_en"], ""
        alert = {
            "text": text,
            "lang": lang,
            "level": values["alert_level"],
            "link": values["alert_link"],
        }
    info = None
    if values["info_body"]:
        info = {
            "title": values["info_title"],
            "body": values["info_body"],
            "updated_at": values["info_updated_at"],
            "lang": vietnamese_in_english,
        }
    if english:
        from .languages import news_index_url

        return {
            "SITE_NAME": settings.SITE_NAME_EN,
            "NEWS_URL": news_index_url("en") or "/en/",
            "AGENCY_NAME": values["agency_name_en"] or settings.AGENCY_NAME_EN,
            "AGENCY_ADDRESS": values["address_en"] or settings.AGENCY_ADDRESS_EN,
            "AGENCY_PHONE": values["phone"] or settings.AGENCY_PHONE,
            "AGENCY_EMAIL": values["email"] or settings.AGENCY_EMAIL,
            "AGENCY_LOGO_URL": values["logo_url"],
            "PORTAL_ALERT": alert,
            "PORTAL_INFO": info,
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
