from django.urls import path

from . import views

app_name = "parindex"

urlpatterns = [
    path("", views.my_assessments, name="home"),
    path("danh-gia/<int:pk>/", views.assessment_view, name="assessment"),
    path("danh-gia/<int:pk>/linh-vuc/<int:area_pk>/", views.area_view, name="area"),
    path(
        "danh-gia/<int:pk>/tieu-chi/<int:sub_pk>/tai-lieu/",
        views.upload_evidence,
        name="upload",
    ),
    path("tai-lieu/<int:evidence_pk>/", views.evidence_download, name="evidence"),
    path("tai-lieu/<int:evidence_pk>/xoa/", views.evidence_delete, name="evidence_delete"),
    path("danh-gia/<int:pk>/nop/", views.submit_view, name="submit"),
    path("danh-gia/<int:pk>/giai-trinh/", views.answer_view, name="answer"),
    path("ket-qua/<int:year>/<slug:level>/", views.results_view, name="results"),
    path(
        "ket-qua/<int:year>/<slug:level>/bang-xep-hang.xlsx",
        views.results_xlsx,
        name="results_xlsx",
    ),
    path(
        "ket-qua/<int:year>/<slug:level>/bao-cao.pdf",
        views.results_pdf,
        name="results_pdf",
    ),
    path(
        "ket-qua/<int:year>/<slug:level>/<int:unit_pk>/", views.unit_result_view, name="unit_result"
    ),
]
