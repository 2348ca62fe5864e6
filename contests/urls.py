from django.urls import path

from . import views

app_name = "contests"

urlpatterns = [
    path("", views.index, name="index"),
    path("cua-toi/", views.my_entries, name="my_entries"),
    path("<slug:slug>/", views.detail, name="detail"),
]
