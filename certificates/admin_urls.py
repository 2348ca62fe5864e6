"""The admin screens' URLs, mounted under /admin/ by the `register_admin_urls` hook."""

from django.urls import path

from . import admin_views

#: /admin/chung-nhan/cap/: issuing, one certificate, the register export, template previews.
issue_urls = (
    [
        path("", admin_views.IssueView.as_view(), name="issue"),
        path("<int:pk>/", admin_views.ManageView.as_view(), name="manage"),
        path("<int:pk>/<slug:action>/", admin_views.ActionView.as_view(), name="action"),
        path("so-vao-so.xlsx", admin_views.RegisterExportView.as_view(), name="register_export"),
        path("mau/<int:pk>/pdf/", admin_views.TemplatePdfView.as_view(), name="template_pdf"),
        path(
            "mau/<int:pk>/anh/<slug:field>/",
            admin_views.TemplateImageView.as_view(),
            name="template_image",
        ),
    ],
    "certificates_admin",
)

#: /admin/chung-nhan/in/: bulk printing and its jobs.
print_urls = (
    [
        path("", admin_views.PrintView.as_view(), name="index"),
        path("<int:pk>/", admin_views.JobView.as_view(), name="job"),
        path("<int:pk>/tai/<str:kind>/", admin_views.JobFileView.as_view(), name="file"),
    ],
    "certificates_print",
)
