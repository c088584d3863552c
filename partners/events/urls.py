"""Public event pages and iCal feeds."""

app_name = "events"
urlpatterns = []
