#!/usr/bin/env python3
"""Keys at scale (issue 26) over HTTP, 127.0.0.1 only.

  scale.py seed BASE ORG OWNER COUNT APP [TAG] -> COUNT keys imported with an app role on APP, every 10th with meta team=ci
  scale.py filters BASE ORG OWNER APP        -> median and worst ms of the first page of each filter (20 tries)
  scale.py remove-member BASE ORG OWNER COUNT -> a member imports COUNT keys; the time of removing the member
  scale.py delete-app BASE ORG OWNER APP     -> the DELETE's time, and the worst /v1/me latency beside it
"""
import base64
import hashlib
import hmac
import http.client
import json
import secrets
import statistics
import sys
import threading
import time
import urllib.parse

IMPORTERS = 2
JWT_KEY = "scale-signing-key-for-hs256-at-least-32-bytes"
JWT_ISSUER = "https://idp.scale"
JWT_AUDIENCE = "apikeys-scale"
BATCH = 1000


def connect(base):
    url = urllib.parse.urlparse(base)
    assert url.hostname == "127.0.0.1", "load only against 127.0.0.1"
    return http.client.HTTPConnection(url.hostname, url.port, timeout=120)


def send(conn, method, path, token, body=None):
    headers = {"Authorization": f"Bearer {token}"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body)
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    text = response.read()
    return response.status, (json.loads(text) if text else None)


def imported_entries(first, count, app, tag):
    """Import entries for tokens first..first+count-1: the SHA-256 of a token of another system's shape."""
    entries = []
    for i in range(first, first + count):
        token = f"scale_{tag}_{i:08d}_{secrets.token_hex(12)}"
        entry = {"name": f"scale key {i:07d}", "hash": {"algorithm": "sha256", "value": base64.b64encode(hashlib.sha256(token.encode()).digest()).decode()},
                 "org_role": "none", "app_roles": [{"app_id": app, "role": "app_reader"}]}
        if i % 10 == 0:
            entry["meta"] = {"team": "ci"}
        entries.append(entry)
    return entries


def seed(base, org, caller, count, app, tag="k", quiet=False):
    """COUNT keys through import, 1000 a call, on THREADS connections; prints the rate."""
    path = f"/v1/organizations/{org}/api-keys/import"
    batches = list(range(0, count, BATCH))
    lock = threading.Lock()
    done = [0]

    def worker(mine):
        conn = connect(base)
        for first in mine:
            entries = imported_entries(first, min(BATCH, count - first), app, tag)
            status, body = send(conn, "POST", path, caller, {"keys": entries})
            assert status == 201 and not body["failed"], (status, body and body.get("failed", body)[:3])
            with lock:
                done[0] += len(body["imported"])

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(batches[t::IMPORTERS],)) for t in range(IMPORTERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    if not quiet:
        print(f"imported {done[0]} keys in {elapsed:.1f} s: {done[0] / elapsed:.0f} keys/s ({IMPORTERS} callers, {BATCH} a call)")
    return elapsed


def filters(base, org, owner, app, me):
    conn = connect(base)
    keys = f"/v1/organizations/{org}/api-keys"
    soon = urllib.parse.quote("2030-01-01T00:00:00Z")
    cases = [
        ("none", ""), ("search", "search=0012"), ("app_id", f"app_id={app}"), ("org_role", "org_role=none"),
        ("created_by", f"created_by={me}"), ("state=active", "state=active"), ("state=revoked", "state=revoked"),
        ("expires_before", f"expires_before={soon}"), ("meta.team", "meta.team=ci"), ("sort=name", "sort=name"),
        ("sort=last_used_at", "sort=last_used_at"), ("app_id+meta+sort=name", f"app_id={app}&meta.team=ci&sort=name"),
    ]
    print("| filter | first page median ms | worst ms | keys on the page |")
    print("|---|---|---|---|")
    for name, query in cases:
        times = []
        for _ in range(20):
            started = time.perf_counter()
            status, body = send(conn, "GET", f"{keys}?{query}", owner)
            times.append((time.perf_counter() - started) * 1000)
            assert status == 200, (name, status, body)
        print(f"| {name} | {statistics.median(times):.1f} | {max(times):.1f} | {len(body['api_keys'])} |")


def user_jwt(subject):
    """An HS256 token of the identity provider scale.sh configures (Auth:Jwt), for a human member."""
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    now = int(time.time())
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    claims = b64(json.dumps({"sub": subject, "iss": JWT_ISSUER, "aud": JWT_AUDIENCE, "iat": now - 60, "nbf": now - 60, "exp": now + 3600}).encode())
    signature = hmac.new(JWT_KEY.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{b64(signature)}"


def remove_member(base, org, owner, count):
    """A member (an admin) imports COUNT keys, then the owner removes the member: the DELETE's time."""
    conn = connect(base)
    status, body = send(conn, "PUT", f"/v1/organizations/{org}/members/scale-member", owner, {"org_role": "admin", "app_roles": []})
    assert status == 200, (status, body)
    status, body = send(conn, "POST", f"/v1/organizations/{org}/apps", owner, {"app_id": "com.scale.member", "name": "Member"})
    assert status == 201, (status, body)
    seed(base, org, user_jwt("scale-member"), count, "com.scale.member", tag="m", quiet=True)
    started = time.perf_counter()
    status, body = send(conn, "DELETE", f"/v1/organizations/{org}/members/scale-member", owner)
    elapsed = time.perf_counter() - started
    assert status == 200, (status, body)
    status, body = send(conn, "GET", f"/v1/organizations/{org}/api-keys?app_id=com.scale.member&state=active", owner)
    assert status == 200 and not body["api_keys"], (status, body)
    print(f"removing a member who made {count} keys (all revoked): {elapsed:.2f} s")


def delete_app(base, org, owner, app):
    worst = [0.0]
    answered = [0]
    stop = threading.Event()

    def me_loop():
        conn = connect(base)
        while not stop.is_set():
            started = time.perf_counter()
            status, _ = send(conn, "GET", "/v1/me", owner)
            worst[0] = max(worst[0], time.perf_counter() - started)
            answered[0] += 1
            assert status == 200, status

    loop = threading.Thread(target=me_loop)
    loop.start()
    time.sleep(1)
    conn = connect(base)
    started = time.perf_counter()
    status, body = send(conn, "DELETE", f"/v1/organizations/{org}/apps/{app}", owner)
    elapsed = time.perf_counter() - started
    time.sleep(1)
    stop.set()
    loop.join()
    assert status == 200, (status, body)
    print(f"deleting the app ({app}): {elapsed:.2f} s; beside it {answered[0]} GET /v1/me, the slowest {worst[0] * 1000:.0f} ms")


def main():
    mode, base, org, owner = sys.argv[1:5]
    if mode == "seed":
        seed(base, org, owner, int(sys.argv[5]), sys.argv[6], *sys.argv[7:8])
    elif mode == "filters":
        _, me = send(connect(base), "GET", "/v1/me", owner)
        filters(base, org, owner, sys.argv[5], me["id"])
    elif mode == "remove-member":
        remove_member(base, org, owner, int(sys.argv[5]))
    elif mode == "delete-app":
        delete_app(base, org, owner, sys.argv[5])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
