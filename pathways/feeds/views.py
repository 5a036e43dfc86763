"""The calendar feed page (signed in) and the feed itself (the secret URL, no sign-in)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from pathways.feeds import actions
from pathways.feeds.calendar import ical_text
from pathways.schools.access import access_for

SECRET_SESSION_KEY = "pathways_new_calendar_feed"


def _require_staff(request: HttpRequest) -> None:
    if not access_for(request.user).school_ids:
        raise Http404("No calendar feed for this account")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if actions.do_revoke_feed(actor=request.user):
                messages.success(request, "Your calendar feed is turned off. Its address no longer works.")
        else:
            _, token = actions.do_create_feed(actor=request.user)
            # Shown once, on the next page, then forgotten: only a hash is stored.
            request.session[SECRET_SESSION_KEY] = token
        return redirect("calendar-feed")
    token = request.session.pop(SECRET_SESSION_KEY, None)
    feed_url = request.build_absolute_uri(reverse("calendar-feed-ics", args=[token])) if token else ""
    return render(request, "feeds/calendar_feed.html", {
        "feed": actions.live_feed_of(request.user), "feed_url": feed_url,
    })


@require_GET
def calendar_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    feed = actions.feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar feed")
    body = ical_text(feed.user, dt.date.today(), request.build_absolute_uri, request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
