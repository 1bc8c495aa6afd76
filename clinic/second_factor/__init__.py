"""Signing in with a second factor: a code from an authenticator app (TOTP), or a single-use recovery code.

django-otp keeps the devices (``TOTPDevice`` for the app, ``StaticDevice`` for the recovery codes) and marks a
session verified (``OTPMiddleware``); this package decides who must use one (``policy``), keeps unverified
sessions on the code pages (``middleware``), counts wrong codes towards a lockout (``lockout``) and writes
every enrolment, failure, recovery-code use, renewal and reset to the access log (``devices``).
"""
