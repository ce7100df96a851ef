from django.http import HttpResponseNotFound, HttpResponseServerError


def not_found(request, exception):
    return HttpResponseNotFound("<h1>Not found</h1>")


def server_error(request):
    return HttpResponseServerError("<h1>Server error</h1>")
