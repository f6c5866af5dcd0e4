#!/usr/bin/python3
"""Drive a real Roost with Mastodon.py (Debian's python3-mastodon).

clients_test.go starts Roost, creates a user and runs this script with:
  ROOST_URL       base URL, e.g. http://127.0.0.1:41234
  ROOST_LOGIN     the user's username (or e-mail)
  ROOST_PASSWORD  the user's password

The script signs in the way a person does (opens the authorization page,
fills in the form, takes the code from the redirect or the out-of-band
page) and then runs every check in CHECKS with the signed-in client. To
test more of the API, write a function taking (api, ctx) and append it
to CHECKS; ctx is a dict checks can use to pass ids along.

Run it with the system python (/usr/bin/python3): the pyenv python on PATH
does not see Debian's packages.
"""

import os
import sys
import traceback
from urllib.parse import parse_qs, urlparse

from mastodon import Mastodon

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
    assert api.instance_activity() == []
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


# Later checks (posting, timelines, ...) go here, in the order they run.
CHECKS = [check_app, check_instance, check_instance_v2, check_startup_calls, check_oob_sign_in, check_revoke]


def main():
    api = sign_in(REDIRECT)
    ctx, failed = {}, 0
    for check in CHECKS:
        try:
            check(api, ctx)
            print(f"ok   {check.__name__}")
        except Exception:
            failed += 1
            print(f"FAIL {check.__name__}")
            traceback.print_exc(file=sys.stdout)
    print(f"mastodonpy: {len(CHECKS) - failed} of {len(CHECKS)} checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
