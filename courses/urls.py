from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("cua-toi/", views.my_courses, name="my_courses"),
    path("<slug:slug>/", views.detail, name="detail"),
]
