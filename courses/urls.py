from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("cua-toi/", views.my_courses, name="my_courses"),
    path("cua-toi/lich.ics", views.my_ics, name="my_ics"),
    path("lich/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("don-vi/", views.coordinator_home, name="coordinator"),
    path("don-vi/<slug:slug>/", views.coordinator_nominate, name="nominate"),
    path("diem-danh/", views.check_in_start, name="check_in_start"),
    path("don-vi/de-cu/<int:pk>/rut/", views.coordinator_withdraw, name="withdraw_nomination"),
    path("don-vi/de-cu/<int:pk>/thu-tu/", views.coordinator_move, name="move_nomination"),
    path("diem-danh/<int:session_id>/", views.check_in, name="check_in"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/dang-ky/", views.sign_up, name="sign_up"),
    path("<slug:slug>/huy/", views.cancel, name="cancel"),
    path("<slug:slug>/nhan-cho/", views.accept_offer, name="accept_offer"),
    path("<slug:slug>/nhuong-cho/", views.decline_offer, name="decline_offer"),
    path("<slug:slug>/lich.ics", views.course_ics, name="course_ics"),
]
