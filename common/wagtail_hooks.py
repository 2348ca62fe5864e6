from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def vietnamese_slugs_js():
    from .slugs import formatters_json

    return format_html(
        '<script src="{}" data-formatters="{}" defer></script>',
        static("js/admin-slugs.js"),
        formatters_json(),
    )


@hooks.register("construct_homepage_panels")
def today_panel(request, panels):
    from .dashboard import add_today_panel

    add_today_panel(request, panels)


@hooks.register("register_log_actions")
def register_mailing_action(actions):
    from django.utils.translation import gettext_lazy as _

    actions.register_action(
        "common.mailing", _("Email participants"), _("Email sent to participants")
    )
