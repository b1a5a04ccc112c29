from pavilion.meetings import request_urls, schedule_urls

app_name = "meetings"
# Two halves: profiles, recommendations and requests; slots, runs, agendas and the grid.
urlpatterns = request_urls.urlpatterns + schedule_urls.urlpatterns
