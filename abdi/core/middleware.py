class IndonesianByDefaultMiddleware:
    """Serve Bahasa Indonesia unless the user chose another language with the switch.

    Government PCs often run an English browser; the browser's Accept-Language must not
    switch the UI. The choice made in the language switch (a cookie) still wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
