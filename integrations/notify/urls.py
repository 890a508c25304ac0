from django.urls import path

from integrations.notify import views

app_name = "notify"

urlpatterns = [path("dev/emails", views.sent_emails, name="sent-emails")]
