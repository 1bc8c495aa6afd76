"""Headers every response gets on top of Django's security middleware and django-csp."""

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class PrivateHeadersMiddleware:
    """Pages for a signed-in user may show client data: no browser or proxy may keep a copy.

    Anonymous pages (login, password reset, health check) are left cacheable by default rules;
    static files never reach this middleware because WhiteNoise answers them first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store, private"
            response.headers["Pragma"] = "no-cache"
        return response
