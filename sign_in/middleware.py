"""Reads the signed-in user from the session on every request and enforces the idle timeout (journeys.md §2.7,
BR-U-06): after `MAX_SESSION_IDLE_TIME` seconds without a request the person must sign in again. An expired or
corrupt session is treated as signed out, never as an error."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from core import clock
from sign_in import session

logger = logging.getLogger(__name__)


class SessionUserMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.signed_in_user = self._load(request)
        return self.get_response(request)

    def _load(self, request: HttpRequest) -> session.SessionUser | None:
        data = request.session.get(session.SESSION_KEY)
        if data is None:
            return None
        try:
            user = session.SessionUser.from_session(data)
            idle = session.idle_for(request)
        except (KeyError, TypeError, ValueError):
            logger.info("Discarding a session whose user record could not be read")
            session.sign_out(request)
            return None
        if idle is None or idle > dt.timedelta(seconds=settings.MAX_SESSION_IDLE_TIME):
            session.sign_out(request)
            return None
        request.session[session.LAST_ACTIVE_KEY] = clock.now().isoformat()
        return user
