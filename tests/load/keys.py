#!/usr/bin/env python3
"""Makes or warms many keys over HTTP, a few connections at a time (127.0.0.1 only).

  keys.py create BASE ORG OWNER_KEY COUNT   -> prints COUNT new plaintext keys (org_member), one a line
  keys.py warm BASE TOKENS_FILE             -> one GET /v1/me per token; prints the status counts as JSON
"""
import http.client
import json
import sys
import threading
import urllib.parse
from collections import Counter

THREADS = 8


def connection(base):
    url = urllib.parse.urlparse(base)
    assert url.hostname == "127.0.0.1", "load only against 127.0.0.1"
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30)


def run(items, work):
    results, failures, lock = [], [], threading.Lock()
    chunks = [items[i::THREADS] for i in range(THREADS)]

    def worker(chunk):
        # A worker that fails (SystemExit included) is reported after the join: a thread's exit is otherwise silent.
        try:
            local = [work(item) for item in chunk]
        except BaseException as failure:  # noqa: BLE001
            with lock:
                failures.append(failure)
            return
        with lock:
            results.extend(local)

    threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(f"{len(failures)} of {THREADS} workers failed: {failures[0]}")
    return results


def main():
    mode, base = sys.argv[1], sys.argv[2]
    local = threading.local()

    def conn():
        if not hasattr(local, "c"):
            local.c = connection(base)
        return local.c

    if mode == "create":
        org, owner, count = sys.argv[3], sys.argv[4], int(sys.argv[5])

        def create(i):
            body = json.dumps({"name": f"load {i}", "org_role": "member"})
            for _ in range(5):
                c = conn()
                c.request("POST", f"/v1/organizations/{org}/api-keys", body,
                          {"Authorization": f"Bearer {owner}", "Content-Type": "application/json"})
                response = c.getresponse()
                data = response.read()
                if response.status == 201:
                    return json.loads(data)["plaintext_api_key"]
            raise SystemExit(f"create failed: {response.status} {data[:200]!r}")

        for token in run(list(range(count)), create):
            print(token)
    elif mode == "warm":
        tokens = [line.strip() for line in open(sys.argv[3]) if line.strip()]

        def warm(token):
            c = conn()
            c.request("GET", "/v1/me", headers={"Authorization": f"Bearer {token}"})
            response = c.getresponse()
            response.read()
            return response.status

        print(json.dumps(Counter(run(tokens, warm))))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
