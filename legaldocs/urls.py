from django.urls import path

from . import feeds, views

app_name = "legaldocs"

urlpatterns = [
    path("", views.register, name="register"),
    path("rss.xml", feeds.NewDocumentsFeed(), name="feed"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/tep/<int:file_id>/", views.attachment_file, name="file"),
]
