#!/usr/bin/env python3
"""How long a logout on one instance takes to be refused by another: ROUNDS times, log in on
A, make B cache the session (GET /auth/me), log out on A, then poll B until it answers 401.
Prints one JSON line: p50, p99 and max in ms, from A's logout answer to B's first 401."""
import http.client, json, sys, time
from urllib.parse import urlsplit

a_url, b_url, email, password, rounds = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])

def connection(url):
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)

a, b = connection(a_url), connection(b_url)

def call(conn, method, path, body=None, token=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()

times = []
for _ in range(rounds):
    status, body = call(a, "POST", "/auth/login", {"email": email, "password": password})
    assert status == 200, (status, body)
    token = json.loads(body)["access_token"]
    assert call(b, "GET", "/auth/me", token=token)[0] == 200
    assert call(a, "POST", "/auth/logout", token=token)[0] == 200
    answered = time.perf_counter()
    while call(b, "GET", "/auth/me", token=token)[0] != 401:
        if time.perf_counter() - answered > 5:
            sys.exit("still accepted 5 s after the logout")
    times.append((time.perf_counter() - answered) * 1e3)
times.sort()
pick = lambda q: round(times[min(len(times) - 1, int(q * len(times)))], 3)
print(json.dumps({"rounds": rounds, "p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": round(times[-1], 3)}))
