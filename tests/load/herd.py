#!/usr/bin/env python3
"""The restart herd: CLIENTS clients share the keys of TOKENS_FILE and each asks GET /v1/me for each of its keys
until every key has been answered 200, honouring Retry-After on 503. Started beside a service that is starting:
the clock runs from its first answer to /health/live. Prints one JSON line:
  {"served_s": seconds until every key was served, "statuses": {status: count}, "retry_after": [values seen],
   "retry_after_true": share of 503s whose retry after the announced wait succeeded, "unserved": keys left}

Usage: herd.py BASE TOKENS_FILE [CLIENTS=32] [TIMEOUT_S=60]   (127.0.0.1 only)
"""
import http.client
import json
import sys
import threading
import time
import urllib.parse
from collections import Counter


def main():
    base, tokens_file = sys.argv[1], sys.argv[2]
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    timeout = float(sys.argv[4]) if len(sys.argv) > 4 else 60
    url = urllib.parse.urlparse(base)
    assert url.hostname == "127.0.0.1", "load only against 127.0.0.1"
    tokens = [line.strip() for line in open(tokens_file) if line.strip()]

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection(url.hostname, url.port, timeout=5)
            c.request("GET", "/health/live")
            if c.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.02)
    start = time.monotonic()

    statuses, retry_after, retries_ok, retries = Counter(), [], [0], [0]
    served_at, lock = {}, threading.Lock()

    def client(mine):
        c = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        pending = list(mine)
        waited_before = set()
        while pending and time.monotonic() < deadline:
            token = pending[0]
            try:
                c.request("GET", "/v1/me", headers={"Authorization": f"Bearer {token}"})
                response = c.getresponse()
                response.read()
            except OSError:
                c.close()
                c = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                continue
            with lock:
                statuses[response.status] += 1
                if token in waited_before:
                    retries[0] += 1
                    retries_ok[0] += response.status == 200
            waited_before.discard(token)
            if response.status == 200:
                with lock:
                    served_at[token] = time.monotonic() - start
                pending.pop(0)
            elif response.status == 503:
                wait = float(response.getheader("Retry-After", "1"))
                with lock:
                    retry_after.append(wait)
                waited_before.add(token)
                time.sleep(wait)
            else:
                pending.pop(0)  # any other answer is a failure of the run; counted in statuses

    threads = [threading.Thread(target=client, args=(tokens[i::clients],)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(json.dumps({
        "served_s": round(max(served_at.values()), 3) if len(served_at) == len(tokens) else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "retry_after": sorted(set(retry_after)),
        "retry_after_true": round(retries_ok[0] / retries[0], 3) if retries[0] else None,
        "unserved": len(tokens) - len(served_at),
    }))


if __name__ == "__main__":
    main()
