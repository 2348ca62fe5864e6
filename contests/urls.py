from django.urls import path

from . import views

app_name = "contests"

urlpatterns = [
    path("", views.index, name="index"),
    path("cua-toi/", views.my_entries, name="my_entries"),
    path("bai-thi/<int:pk>/", views.attempt_page, name="attempt"),
    path("bai-thi/<int:pk>/luu/", views.save, name="save"),
    path("bai-thi/<int:pk>/nop/", views.submit, name="submit"),
    path("bai-thi/<int:pk>/ket-qua/", views.attempt_result, name="attempt_result"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/dang-ky/", views.enter, name="enter"),
    path("<slug:slug>/vong/<int:pk>/bat-dau/", views.start, name="start"),
    path("<slug:slug>/vong/<int:pk>/ket-qua/", views.results, name="results"),
    path("<slug:slug>/vong/<int:pk>/truc-tiep/", views.live, name="live"),
]
