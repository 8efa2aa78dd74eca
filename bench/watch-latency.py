#!/usr/bin/env python3
"""Latency of a watch, change to line: makes CHANGES label changes on one cluster's nodes through its
API (PATCH, one after the other, PACE_MS apart) and times each from just before its request is sent
to the moment the line that reports it arrives on the stdout of each watcher command given, which
this script starts itself and reads as its output comes.

Usage: watch-latency.py KUBECONFIG NODES CHANGES PACE_MS NAME=COMMAND...
A watcher's line reports change i when it contains the label value "lat-<i>"; several lines may
(kubectl -o json prints the whole node), the first counts. Prints one line per watcher:
NAME n=.. p50=..ms p90=..ms p99=..ms max=..ms missed=..
"""
import base64
import http.client
import json
import shlex
import ssl
import subprocess
import sys
import tempfile
import threading
import time


def kubeconfig(path):
    text = open(path).read()
    server = token = ca = None
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("server:") and server is None:
            server = s.split(None, 1)[1]
        elif s.startswith("token:") and token is None:
            token = s.split(None, 1)[1]
        elif s.startswith("certificate-authority-data:") and ca is None:
            ca = base64.b64decode(s.split(None, 1)[1]).decode()
    return server, token, ca


def main():
    kc, nodes, changes, pace = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), int(sys.argv[4])
    watchers = [a.split("=", 1) for a in sys.argv[5:]]
    server, token, ca = kubeconfig(kc)
    host, port = server[len("https://"):].split(":")
    ctx = ssl.create_default_context()
    with tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False) as f:
        f.write(ca)
    ctx.load_verify_locations(f.name)
    ctx.check_hostname = False

    sent = {}
    seen = {name: {} for name, _ in watchers}
    ready = {name: threading.Event() for name, _ in watchers}  # saw the warm-up change
    procs = []

    def reader(name, proc):
        for raw in proc.stdout:
            now = time.monotonic()
            line = raw.decode("utf-8", "replace")
            if '"warm-up' in line:
                ready[name].set()
            i = line.find('"lat-')
            if i >= 0:
                j = line.find('"', i + 1)
                key = line[i + 1:j]
                seen[name].setdefault(key, now)

    for name, cmd in watchers:
        p = subprocess.Popen(shlex.split(cmd), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        procs.append(p)
        threading.Thread(target=reader, args=(name, p), daemon=True).start()

    conn = http.client.HTTPSConnection(host, int(port), context=ctx)

    def patch(node, value):
        body = json.dumps({"metadata": {"labels": {"bench-lat": value}}})
        conn.request("PATCH", "/api/v1/nodes/" + node, body,
                     {"Authorization": "Bearer " + token,
                      "Content-Type": "application/merge-patch+json"})
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            raise SystemExit("PATCH %s: %d" % (node, r.status))

    # a first change every watcher must show before timing starts (it has listed and is watching);
    # repeated until they all did, as a watcher still listing may not see one made before its list
    deadline = time.monotonic() + 600
    n = 0
    while not all(e.is_set() for e in ready.values()):
        if time.monotonic() > deadline:
            raise SystemExit("watchers never became ready: " + str(
                [k for k, e in ready.items() if not e.is_set()]))
        patch(nodes[0], "warm-up" if n % 2 == 0 else "warm-up-again")
        n += 1
        time.sleep(2)
    time.sleep(3)

    for i in range(changes):
        key = "lat-%d" % i
        t = time.monotonic()
        patch(nodes[i % len(nodes)], key)
        sent[key] = t
        time.sleep(pace / 1000.0)
    time.sleep(5)
    for p in procs:
        p.terminate()
    for name, _ in watchers:
        lat = sorted((seen[name][k] - sent[k]) * 1000 for k in sent if k in seen[name])
        missed = len(sent) - len(lat)
        if not lat:
            print("%s n=0 missed=%d" % (name, missed))
            continue

        def pct(q):
            return lat[min(len(lat) - 1, int(q * len(lat)))]

        print("%s n=%d p50=%.1fms p90=%.1fms p99=%.1fms max=%.1fms missed=%d" % (
            name, len(lat), pct(0.50), pct(0.90), pct(0.99), lat[-1], missed))


if __name__ == "__main__":
    main()
