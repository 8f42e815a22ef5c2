#!/usr/bin/env python3
"""Runs one scripted session against the seed FastAPI service and against Latch, and compares
what a client of the seed sees: status codes, JSON keys, and `detail` messages.

    python3 bench/contract.py http://127.0.0.1:8300 http://127.0.0.1:3300

Latch adds a `code` beside every `detail`; that key is expected and ignored. Everything else
must match. Exits 1 on the first difference in any step, after printing the whole table.
"""
import base64
import json
import sys
import time
import urllib.error
import urllib.request

PASSWORD = "correct horse battery staple"


def call(base, method, path, body=None, token=None, basic=None):
    headers = {"content-type": "application/json"} if body is not None else {}
    if token:
        headers["authorization"] = f"Bearer {token}"
    if basic:
        headers["authorization"] = "Basic " + base64.b64encode(f"{basic[0]}:{basic[1]}".encode()).decode()
    data = body.encode() if isinstance(body, str) else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null"), dict(error.headers)


def shape(body):
    """What a client depends on: keys, value types, and the exact `detail` text (or, for a
    422 list, each entry's `type` and `loc`)."""
    if isinstance(body, dict):
        out = {}
        for key, value in body.items():
            if key == "code":
                continue
            if key == "detail" and isinstance(value, str):
                out[key] = value
            elif key == "detail" and isinstance(value, list):
                out[key] = [(entry.get("type"), tuple(entry.get("loc", []))) for entry in value]
            elif key == "token_type":
                out[key] = value
            else:
                out[key] = type(value).__name__
        return out
    return type(body).__name__


def session(base):
    email = f"contract-{time.time_ns()}@example.com"
    steps = []

    def step(name, *args, **kwargs):
        status, body, headers = call(base, *args, **kwargs)
        steps.append((name, status, shape(body), headers.get("www-authenticate") or headers.get("WWW-Authenticate")))
        return body

    step("signup", "POST", "/auth/signup", {"email": email, "password": PASSWORD, "username": "contract"})
    step("signup again (duplicate)", "POST", "/auth/signup", {"email": email, "password": PASSWORD, "username": "contract"})
    step("signup, malformed email", "POST", "/auth/signup", {"email": "not-an-email", "password": PASSWORD, "username": "x"})
    step("signup, field missing", "POST", "/auth/signup", {"email": email, "password": PASSWORD})
    step("signup, broken JSON", "POST", "/auth/signup", "{not json")
    step("login, wrong password", "POST", "/auth/login", {"email": email, "password": "not the password at all"})
    step("login, unknown email", "POST", "/auth/login", {"email": "nobody-" + email, "password": PASSWORD})
    token = step("login", "POST", "/auth/login", {"email": email, "password": PASSWORD})["access_token"]
    step("me", "GET", "/auth/me", token=token)
    step("me, no token", "GET", "/auth/me")
    step("me, bad token", "GET", "/auth/me", token="not.a.token")
    step("protected", "GET", "/protected", token=token)
    step("token (Basic)", "POST", "/token", basic=(email, PASSWORD))
    step("token (Basic), wrong password", "POST", "/token", basic=(email, "wrong password here"))
    step("token, no credentials", "POST", "/token")
    step("logout", "DELETE", "/logout", token=token)
    step("me again, after logout", "GET", "/auth/me", token=token)
    step("logout again", "DELETE", "/logout", token=token)
    return steps


def main():
    seed, latch = sys.argv[1], sys.argv[2]
    seed_steps, latch_steps = session(seed), session(latch)
    failures = 0
    print(f"{'step':32} {'seed':>5} {'latch':>5}  same shape")
    for (name, s_status, s_shape, s_auth), (_, l_status, l_shape, l_auth) in zip(seed_steps, latch_steps):
        # Latch may add `WWW-Authenticate: Bearer` where the seed sent none (RFC 9110 asks it of
        # every 401); it may never change one the seed sent.
        adds_challenge = s_auth is None and l_auth == "Bearer"
        same = s_status == l_status and s_shape == l_shape and (s_auth == l_auth or adds_challenge)
        failures += not same
        note = " (adds WWW-Authenticate: Bearer)" if same and adds_challenge else ""
        print(f"{name:32} {s_status:>5} {l_status:>5}  {'yes' if same else 'NO'}{note}")
        if not same:
            print(f"    seed:  {s_shape} www-authenticate={s_auth}\n    latch: {l_shape} www-authenticate={l_auth}")
    print(f"\n{len(seed_steps) - failures} of {len(seed_steps)} steps answer alike.")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
