from django.urls import path

from . import views

app_name = "qa"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("gui-cau-hoi/", views.submit, name="submit"),
    path("da-gui/", views.thanks, name="thanks"),
    path("<int:pk>/", views.detail, name="detail"),
]
