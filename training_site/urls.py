from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from common import csp as common_csp
from common import views as common_views

# The Django admin (accounts.admin_site) is a superuser tool; everyone else works in Wagtail.
urlpatterns = [
    path("healthz", common_views.healthz, name="healthz"),
    path("csp-report/", common_csp.report, name="csp_report"),
    path("i18n/setlang/", common_views.set_language, name="set_language"),
    path("django-admin/", admin.site.urls),
    # Before Wagtail's own: its login form is closed, allauth's is the one way in.
    path(
        "admin/login/",
        account_views.old_login_page,
        {"default_next": "wagtailadmin_home", "may_enter": account_views.may_enter_wagtail_admin},
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Before allauth's: setting up TOTP also counts as giving this session's second factor.
    path("tai-khoan/2fa/totp/activate/", account_views.activate_totp, name="mfa_activate_totp"),
    path("tai-khoan/", include("allauth.urls")),
    path("tai-khoan/", include("accounts.urls")),
    path("khoa-hoc/", include("courses.urls")),
    path("cuoc-thi/", include("contests.urls")),
    path("chung-nhan/", include("certificates.urls")),
    path("chi-so-cchc/", include("parindex.urls")),
    path("van-ban/", include("legaldocs.urls")),
    path("", include("portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's front-end login (Django's plain LoginView) is closed like the admin's.
    path("_util/login/", account_views.old_login_page, {"default_next": "/"}),
]
# Pages: the Vietnamese tree at unprefixed addresses (as always), the English tree under /en/.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)

handler400 = "common.views.bad_request"
handler403 = "common.views.permission_denied"
handler404 = "common.views.page_not_found"
handler500 = "common.views.server_error"
