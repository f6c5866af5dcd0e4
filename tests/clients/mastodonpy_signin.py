#!/usr/bin/python3
"""Drive a real Roost with Mastodon.py (Debian's python3-mastodon).

clients_test.go starts Roost, creates a user and runs this script with:
  ROOST_URL       base URL, e.g. http://127.0.0.1:41234
  ROOST_LOGIN     the user's username (or e-mail)
  ROOST_PASSWORD  the user's password
  ROOST_OTHER_TOKEN  a token of another user, bob, who favourites and
                     follows so that the signed-in user gets notifications

The script signs in the way a person does (opens the authorization page,
fills in the form, takes the code from the redirect or the out-of-band
page) and then runs every check in CHECKS with the signed-in client. To
test more of the API, write a function taking (api, ctx) and append it
to CHECKS; ctx is a dict checks can use to pass ids along.

Run it with the system python (/usr/bin/python3): the pyenv python on PATH
does not see Debian's packages.
"""

import base64
import os
import queue
import sys
import threading
import time
import traceback
from urllib.parse import parse_qs, urlparse

from mastodon import Mastodon, StreamListener

from browser_signin import authorize_in_browser, read_page

BASE = os.environ["ROOST_URL"]
LOGIN = os.environ["ROOST_LOGIN"]
PASSWORD = os.environ["ROOST_PASSWORD"]
SCOPES = ["read", "write", "follow", "push"]
REDIRECT = "http://127.0.0.1:9/mastodonpy-callback"  # never fetched: we read the code from Location
OOB = "urn:ietf:wg:oauth:2.0:oob"


def sign_in(redirect_uri):
    """Registers an app and signs the user in through it. Returns the client."""
    client_id, client_secret = Mastodon.create_app(
        "Mastodon.py harness", scopes=SCOPES, redirect_uris=[redirect_uri],
        website="https://example.org/harness", api_base_url=BASE)
    api = Mastodon(client_id=client_id, client_secret=client_secret, api_base_url=BASE)
    auth_url = api.auth_request_url(redirect_uris=redirect_uri, scopes=SCOPES, state="s-123")
    reply = authorize_in_browser(auth_url, LOGIN, PASSWORD)
    if redirect_uri == OOB:
        assert reply.status_code == 200, f"oob page: {reply.status_code} {reply.text[:300]}"
        code = read_page(reply.text).code
    else:
        assert reply.status_code == 302, f"sign-in: {reply.status_code} {reply.text[:300]}"
        location = reply.headers["Location"]
        assert location.startswith(redirect_uri), location
        query = parse_qs(urlparse(location).query)
        assert query["state"] == ["s-123"], location
        code = query["code"][0]
    assert code, "no authorization code"
    api.log_in(code=code, redirect_uri=redirect_uri, scopes=SCOPES)
    return api


def check_app(api, ctx):
    app = api.app_verify_credentials()
    assert app["name"] == "Mastodon.py harness", app


def check_instance(api, ctx):
    inst = api.instance()
    assert inst["uri"] and inst["version"].startswith("4."), inst
    ctx["instance"] = inst


def check_instance_v2(api, ctx):
    # python3-mastodon 1.8 predates instance_v2(); newer releases have it.
    if hasattr(api, "instance_v2"):
        inst = api.instance_v2()
    else:
        inst = api._Mastodon__api_request("GET", "/api/v2/instance")
    assert inst["domain"] and inst["configuration"]["statuses"]["max_characters"] > 0, inst
    assert "registrations" in inst and "contact" in inst, inst


def check_startup_calls(api, ctx):
    assert api.instance_peers() == []
    activity = api.instance_activity()  # twelve weeks, newest first
    assert len(activity) == 12, activity
    assert all({"week", "statuses", "logins", "registrations"} <= set(w) for w in activity), activity
    assert api.instance_rules() == []
    assert api.custom_emojis() == []
    assert api.filters() == []
    assert api.lists() == []
    api.markers_get(["home", "notifications"])
    api.preferences()


def check_oob_sign_in(api, ctx):
    other = sign_in(OOB)
    assert other.app_verify_credentials()["name"] == "Mastodon.py harness"


def check_revoke(api, ctx):
    other = sign_in(REDIRECT)
    token = other.access_token
    other.revoke_access_token()
    gone = Mastodon(access_token=token, api_base_url=BASE)
    try:
        gone.app_verify_credentials()
    except Exception:
        return
    raise AssertionError("a revoked token still works")


def other():
    """bob, the other user, through a token clients_test.go made."""
    return Mastodon(access_token=os.environ["ROOST_OTHER_TOKEN"], api_base_url=BASE)


def check_verify_credentials(api, ctx):
    me = api.account_verify_credentials()
    assert me["username"] == LOGIN and "source" in me, me
    ctx["me"] = me


def check_post(api, ctx):
    st = api.status_post("Hello from Mastodon.py #roost", visibility="public")
    assert st["account"]["id"] == ctx["me"]["id"] and "Hello from Mastodon.py" in st["content"], st
    assert [t["name"] for t in st["tags"]] == ["roost"], st["tags"]
    ctx["status"] = st


def check_reply(api, ctx):
    parent = ctx["status"]
    reply = api.status_post("and a reply", in_reply_to_id=parent["id"])
    assert reply["in_reply_to_id"] == parent["id"], reply
    thread = api.status_context(parent["id"])
    assert [s["id"] for s in thread["descendants"]] == [reply["id"]], thread
    ctx["reply"] = reply


def check_favourite(api, ctx):
    st = api.status_favourite(ctx["status"]["id"])
    assert st["favourited"] is True and st["favourites_count"] == 1, st
    assert [a["id"] for a in api.status_favourited_by(st["id"])] == [ctx["me"]["id"]]


def check_home_timeline(api, ctx):
    ids = [s["id"] for s in api.timeline_home()]
    assert ids[:2] == [ctx["reply"]["id"], ctx["status"]["id"]], ids


def check_notifications(api, ctx):
    bob = other()
    bob.status_favourite(ctx["status"]["id"])
    bob.account_follow(ctx["me"]["id"])
    notes = api.notifications()
    kinds = [(n["type"], n["account"]["username"]) for n in notes]
    assert kinds[:2] == [("follow", "bob"), ("favourite", "bob")], kinds
    assert notes[1]["status"]["id"] == ctx["status"]["id"], notes[1]


class Collector(StreamListener):
    def __init__(self):
        super().__init__()
        self.events = queue.Queue()

    def on_update(self, status):
        self.events.put(("update", status))

    def on_notification(self, notification):
        self.events.put(("notification", notification))


def wait_for(events, kind, test, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            got_kind, payload = events.get(timeout=max(0.1, deadline - time.time()))
        except queue.Empty:
            break
        if got_kind == kind and test(payload):
            return payload
    raise AssertionError(f"no {kind} event arrived")


def check_streaming(api, ctx):
    listener = Collector()
    handle = api.stream_user(listener, run_async=True)
    try:
        deadline = time.time() + 10
        while not handle.is_receiving() and time.time() < deadline:
            time.sleep(0.05)
        assert handle.is_receiving(), "the user stream did not connect"
        st = api.status_post("Streamed to myself")
        wait_for(listener.events, "update", lambda s: s["id"] == st["id"])
        other().status_favourite(st["id"])
        wait_for(listener.events, "notification",
                 lambda n: n["type"] == "favourite" and n["status"]["id"] == st["id"])
    finally:
        # close() waits for the reader thread's next byte, up to a 15 s
        # heartbeat away; let it finish on its own.
        threading.Thread(target=handle.close, daemon=True).start()


# The generator point of P-256: a valid public key, enough for the API.
P256_G = bytes.fromhex(
    "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5")


def check_push_subscription(api, ctx):
    sub = api.push_subscription_set("https://push.example.net/p/1", {"pubkey": P256_G, "auth": os.urandom(16)},
                                    mention_events=True, favourite_events=True, policy="followed")
    assert sub["alerts"]["mention"] and sub["alerts"]["favourite"] and not sub["alerts"]["reblog"], sub
    assert sub["policy"] == "followed" and sub["server_key"], sub
    inst = api._Mastodon__api_request("GET", "/api/v2/instance")
    assert inst["configuration"]["vapid"]["public_key"] == sub["server_key"], inst["configuration"]
    assert api.push_subscription()["id"] == sub["id"]
    updated = api.push_subscription_update(reblog_events=True)
    assert updated["alerts"]["reblog"], updated
    api.push_subscription_delete()


CHECKS = [check_app, check_instance, check_instance_v2, check_startup_calls, check_verify_credentials, check_post,
          check_reply, check_favourite, check_home_timeline, check_notifications, check_streaming,
          check_push_subscription, check_oob_sign_in, check_revoke]


def main():
    api = sign_in(REDIRECT)
    ctx, failed = {}, 0
    for check in CHECKS:
        try:
            start = time.time()
            check(api, ctx)
            print(f"ok   {check.__name__} ({time.time() - start:.2f}s)")
        except Exception:
            failed += 1
            print(f"FAIL {check.__name__}")
            traceback.print_exc(file=sys.stdout)
    print(f"mastodonpy: {len(CHECKS) - failed} of {len(CHECKS)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
