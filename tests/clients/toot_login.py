#!/usr/bin/python3
"""Drive toot against a real Roost: its own browser login (`toot login`),
then `toot post` and `toot timeline`.

toot prints the authorization URL and waits for the code on standard
input. This script plays the person: it reads the URL from toot's output,
signs in on that page, reads the code off the out-of-band page and types
it into toot. Environment: ROOST_URL, ROOST_LOGIN, ROOST_PASSWORD; toot's
configuration goes to a temporary XDG_CONFIG_HOME.

Exit status: 0 when toot logged in, posted and read its home timeline
with the post in it; 1 on failure.
"""

import os
import subprocess
import sys
import tempfile
from urllib.parse import urlparse

from browser_signin import authorize_in_browser, read_page

BASE = os.environ["ROOST_URL"]
LOGIN = os.environ["ROOST_LOGIN"]
PASSWORD = os.environ["ROOST_PASSWORD"]


def main():
    host = urlparse(BASE).netloc
    env = dict(os.environ, XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="toot-"), PYTHONUNBUFFERED="1",
               BROWSER="true")
    toot = subprocess.Popen(["toot", "login", "--instance", host, "--disable-https"], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = []
    url = None
    for line in toot.stdout:
        output.append(line)
        if "/oauth/authorize" in line:
            url = line.strip()
            break
    if url is None:
        toot.kill()
        print("".join(output) + "".join(toot.stdout))
        print("toot: no authorization URL")
        return 1
    reply = authorize_in_browser(url, LOGIN, PASSWORD)
    code = read_page(reply.text).code
    if reply.status_code != 200 or not code:
        toot.kill()
        print(f"toot: sign-in page answered {reply.status_code}: {reply.text[:300]}")
        return 1
    # "n": do not open a browser; then the code at the prompt.
    rest, _ = toot.communicate(f"n\n{code}\n", timeout=60)
    output.append(rest)
    text = "".join(output)
    print(text)
    if toot.returncode != 0 or "Successfully logged in" not in text:
        print(f"toot: login failed (exit {toot.returncode})")
        return 1
    print("toot: logged in")
    return post_and_read(env)


def toot(env, *args):
    """Runs one toot command; returns its output, or None when it failed."""
    done = subprocess.run(["toot", *args], env=env, text=True, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
    print(f"$ toot {' '.join(args)}\n{done.stdout}")
    return done.stdout if done.returncode == 0 else None


def post_and_read(env):
    text = "Hello from toot, the command line client"
    posted = toot(env, "post", "--visibility", "unlisted", text)
    if posted is None or "Toot posted" not in posted:
        print("toot: post failed")
        return 1
    timeline = toot(env, "timeline", "--once", "--no-color")
    if timeline is None or text not in timeline:
        print("toot: the post is not in the home timeline")
        return 1
    print("toot: posted and read the timeline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
