"""Signing in on Roost's authorization page the way a person's browser does,
shared by the Python client scripts."""

from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


class FormReader(HTMLParser):
    """Collects the first POST form's action and its hidden and text inputs,
    plus the value of an input with id="code" (the out-of-band page)."""

    def __init__(self):
        super().__init__()
        self.action, self.fields, self.code, self._in_form = None, {}, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None and a.get("method", "").lower() == "post":
            self.action, self._in_form = a.get("action", ""), True
        elif tag == "input":
            if a.get("id") == "code":
                self.code = a.get("value")
            if self._in_form and a.get("type") == "hidden" and a.get("name"):
                self.fields[a["name"]] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def read_page(html):
    reader = FormReader()
    reader.feed(html)
    return reader


def authorize_in_browser(auth_url, login, password):
    """Opens the authorization page like a browser, signs in, presses
    Authorize, and returns the final response (redirect or code page)."""
    browser = requests.Session()
    page = browser.get(auth_url, timeout=10)
    assert page.status_code == 200, f"authorize page: {page.status_code} {page.text[:300]}"
    form = read_page(page.text)
    assert form.action, "no sign-in form on the authorize page"
    assert "authenticity_token" in form.fields, "the form has no CSRF token"
    data = dict(form.fields, login=login, password=password, decision="approve")
    return browser.post(urljoin(page.url, form.action), data=data, allow_redirects=False, timeout=10)
