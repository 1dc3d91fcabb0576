from django.urls import path

from careers import assessment_views, views

app_name = "careers"

urlpatterns = [
    path("", views.home, name="home"),
    # Companies are addressed by their slug; a name typed by hand is redirected to it.
    path("careers/<str:company>/", views.board, name="board"),
    path("careers/<str:company>/jobs/<slug:slug>/", views.job_detail, name="job"),
    path("careers/<str:company>/jobs/<slug:slug>/apply/", views.apply, name="apply"),
    path(
        "careers/<str:company>/jobs/<slug:slug>/applied/<uuid:application_id>/",
        views.applied,
        name="applied",
    ),
    path("account/", views.applications, name="applications"),
    path("account/register/", views.register, name="register"),
    path("account/login/", views.login_view, name="login"),
    path("account/logout/", views.logout_view, name="logout"),
    path("account/verify-email/", views.verify_email, name="verify_email"),
    path("account/verify-email/resend/", views.verify_email_resend, name="verify_email_resend"),
    path("account/forgot-password/", views.forgot_password, name="forgot_password"),
    path("account/reset-password/", views.reset_password, name="reset_password"),
    path("account/applications/<uuid:application_id>/", views.application_detail, name="application"),
    path(
        "account/applications/<uuid:application_id>/review/",
        views.application_review,
        name="application_review",
    ),
    path("account/profile/", views.profile, name="profile"),
    path("account/data/", views.my_data, name="data"),
    path("account/data/export/", views.my_data_export, name="data_export"),
    path("account/data/delete/", views.account_delete, name="account_delete"),
    path("account/deleted/", views.account_deleted, name="account_deleted"),
    path("account/assessments/", views.my_assessments, name="my_assessments"),
    # Taking an assessment: the emailed link's token is the credential (assessments/emails.py).
    path("assess/<str:token>/", assessment_views.assessment, name="assessment"),
    path("assess/<str:token>/start", assessment_views.assessment_start, name="assessment_start"),
    path(
        "assess/<str:token>/q/<slug:question_id>/",
        assessment_views.assessment_question,
        name="assessment_question",
    ),
    path("assess/<str:token>/save", assessment_views.assessment_save, name="assessment_save"),
    path("assess/<str:token>/signal", assessment_views.assessment_signal, name="assessment_signal"),
    path(
        "assess/<str:token>/recording/<slug:question_id>",
        assessment_views.assessment_recording,
        name="assessment_recording",
    ),
    path("assess/<str:token>/finish", assessment_views.assessment_finish, name="assessment_finish"),
    path("assess/<str:token>/done/", assessment_views.assessment_done, name="assessment_done"),
]
