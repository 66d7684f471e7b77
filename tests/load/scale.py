#!/usr/bin/env python3
"""Keys at scale (issue 26) over HTTP, 127.0.0.1 only.

  scale.py seed BASE ORG OWNER COUNT APP     -> COUNT keys with an app role on APP, every 10th with meta team=ci
  scale.py filters BASE ORG OWNER APP        -> median and worst ms of the first page of each filter (20 tries)
  scale.py delete-app BASE ORG OWNER APP     -> the DELETE's time, and the worst /v1/me latency beside it
"""
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse

THREADS = 8


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


def seed(base, org, owner, count, app):
    keys = f"/v1/organizations/{org}/api-keys"
    done = [0]
    lock = threading.Lock()

    def worker(start):
        conn = connect(base)
        for i in range(start, count, THREADS):
            status, body = send(conn, "POST", keys, owner, {"name": f"scale key {i:07d}", "org_role": "none",
                                                            "app_roles": [{"app_id": app, "role": "app_reader"}]})
            assert status == 201, (status, body)
            if i % 10 == 0:
                status, body = send(conn, "PATCH", f"{keys}/{body['api_key']['id']}", owner, {"meta": {"team": "ci"}})
                assert status == 200, (status, body)
            with lock:
                done[0] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    print(f"seeded {done[0]} keys in {elapsed:.1f} s ({done[0] / elapsed:.0f} keys/s)")


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
    print(f"deleting the app: {elapsed:.2f} s; beside it {answered[0]} GET /v1/me, the slowest {worst[0] * 1000:.0f} ms")


def main():
    mode, base, org, owner = sys.argv[1:5]
    if mode == "seed":
        seed(base, org, owner, int(sys.argv[5]), sys.argv[6])
    elif mode == "filters":
        _, me = send(connect(base), "GET", "/v1/me", owner)
        filters(base, org, owner, sys.argv[5], me["id"])
    elif mode == "delete-app":
        delete_app(base, org, owner, sys.argv[5])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
