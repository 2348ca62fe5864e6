from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("cua-toi/", views.mine, name="mine"),
    path("xac-minh/", views.verify, name="verify"),
    path("xac-minh/<path:code>/", views.verify_code, name="verify_code"),
    path("tai-ve/<int:pk>/", views.download, name="download"),
]
