from django.urls import path

from . import admin_views

app_name = "courses_admin"

urlpatterns = [
    path("<int:course_id>/", admin_views.dashboard, name="dashboard"),
    path("<int:course_id>/dang-ky/", admin_views.registrations, name="registrations"),
    path("<int:course_id>/dang-ky.<str:fmt>", admin_views.export, name="export"),
    path("<int:course_id>/diem-danh/<int:session_id>/", admin_views.attendance, name="attendance"),
    path("<int:course_id>/ma-qr/<int:session_id>/", admin_views.qr_code, name="qr"),
    path("<int:course_id>/hoan-thanh/", admin_views.completion, name="completion"),
    path("<int:course_id>/so-cho/", admin_views.capacity, name="capacity"),
    path("<int:course_id>/huy-khoa-hoc/", admin_views.cancel_course, name="cancel_course"),
]
