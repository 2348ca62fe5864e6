from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("ho-so/", views.profile, name="profile"),
    path("ho-so/hoan-thien/", views.complete_profile, name="complete_profile"),
    path("hoc-tap/", views.learning_record, name="learning_record"),
    path("ho-so/tai-du-lieu/", views.download_data, name="download_data"),
    path("ho-so/xoa-tai-khoan/", views.delete_account, name="delete"),
    path("du-lieu-ca-nhan/", views.privacy_notice, name="privacy"),
    path("don-vi/tim/", views.unit_search, name="unit_search"),
    path("don-vi/xac-nhan/", views.unit_confirmations, name="unit_confirmations"),
]
