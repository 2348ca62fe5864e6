from django.urls import path

from . import admin_views

app_name = "parindex_admin"

urlpatterns = [
    path("", admin_views.BoardView.as_view(), name="board"),
    path("ket-qua/<int:pk>/", admin_views.ResultsPreviewView.as_view(), name="preview"),
    path("tham-dinh/", admin_views.AppraisalListView.as_view(), name="appraisals"),
    path("tham-dinh/<int:pk>/", admin_views.AppraiseView.as_view(), name="appraise"),
    path("nhap/", admin_views.ImportSetView.as_view(), name="import"),
    path("xuat/<int:pk>/", admin_views.ExportSetView.as_view(), name="export"),
    path("sao-chep/", admin_views.CopySetView.as_view(), name="copy"),
    path("dieu-tra/", admin_views.SurveyImportView.as_view(), name="survey"),
    path("dieu-tra/nhap-tay/", admin_views.SurveyEntryView.as_view(), name="survey_entry"),
    path("bao-cao/<int:pk>/", admin_views.ReportView.as_view(), name="report"),
]
