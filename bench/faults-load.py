#!/usr/bin/env python3
"""Steady load on one server that records every request, and the fault table bench/faults prints.

Standard library only, in the spirit of .ci/cluster-load.py (which loads a cluster's nodes).

  faults-load.py run --base http://127.0.0.1:18300 --out requests.csv [--rate 40] [--threads 64]
        [--timeout 20] [--max-seconds 900] [--posts 100] [--users 10]
      Sends a mix at --rate requests/s, paced from the start (a slow answer does not lower the rate
      while threads are free): GET /v1/posts/{id} (70 %), GET /v1/users/{id}/posts (10 %),
      PUT /v1/users/{u}/bookmarks/{id <= --bookmarked} (10 %), GET /v1/users/{u}/bookmarks (10 %).
      Each request goes on a fresh connection and is never retried. A poller asks /ready every
      100 ms with a 1 s timeout (Kubernetes' default probe timeout), as a load balancer would; while
      it is not 200 in time, nothing is sent and each request held back is recorded as "not-ready"
      (kind "held"). Runs until SIGTERM/SIGINT or --max-seconds.

  faults-load.py send --base URL --method POST --path /v1/exports --kind export --out extra.csv
        [--timeout 120]
      Sends one request and appends its record (for requests outside the mix, e.g. exports).

      Every record (one CSV line, flushed as it goes): start (epoch s), kind, method, path, status
      (0 when none), latency ms, error ("" or refused, reset, closed, timeout, not-ready), X-Cache.

  faults-load.py report --marks marks.csv --open-limit-ms N [--export-limit-ms N]
        [--healthy-ms 1000] [--recovery-target 5] FILE...
      One markdown row per fault in marks.csv (name, fault start, fault end, window end, note; epoch
      s), over the requests started in [fault start, window end) (for sigterm* rows, also those in
      flight when the fault began): statuses seen, max latency, 500s,
      requests open past the limit (answered later than --open-limit-ms, --export-limit-ms for
      exports, or not at all within the client's timeout), requests accepted but never answered
      (reset, closed before a whole answer, timeout), requests held back because /ready was not 200
      in time, and recovery: seconds from the fault's end to the end of the last unhealthy request
      started after it (healthy: 2xx, not X-Cache: STALE, and for all but exports within
      --healthy-ms). Exits 1 if a row misses a target: 500s 0, open 0, unanswered 0, held back 0,
      recovery <= --recovery-target (rows named sigterm* may hold back and have no recovery: the
      server is gone).
"""

import argparse
import csv
import http.client
import random
import signal
import socket
import sys
import threading
import time

MIX = (("posts", 70), ("users", 10), ("bookmark-put", 10), ("bookmarks", 10))


def host_port(base):
    rest = base.split("://", 1)[-1].rstrip("/")
    host, port = rest.rsplit(":", 1)
    return host, int(port)


def one(base, method, path, timeout):
    """(status, error, x_cache): error is "" when a whole answer came back."""
    host, port = host_port(base)
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        try:
            conn.connect()
        except ConnectionRefusedError:
            return 0, "refused", ""
        headers = {"Connection": "close"}
        body = None
        if method != "GET":
            headers["Content-Type"] = "application/json"
            body = b""
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        resp.read()
        return resp.status, "", resp.getheader("X-Cache", "")
    except socket.timeout:
        return 0, "timeout", ""
    except http.client.RemoteDisconnected:
        # Closed with no answer at all (it is a ConnectionResetError too, so it comes first).
        return 0, "closed", ""
    except (ConnectionResetError, BrokenPipeError):
        return 0, "reset", ""
    except http.client.HTTPException:
        # IncompleteRead, BadStatusLine: closed before a whole answer.
        return 0, "closed", ""
    except OSError:
        return 0, "reset", ""
    finally:
        conn.close()


class Recorder:
    def __init__(self, path, mode="w"):
        self.out = open(path, mode, newline="", encoding="utf-8")
        self.writer = csv.writer(self.out)
        self.lock = threading.Lock()

    def record(self, started, kind, method, path, status, ms, error, cache):
        with self.lock:
            self.writer.writerow([f"{started:.3f}", kind, method, path, status, f"{ms:.1f}", error, cache])
            self.out.flush()

    def close(self):
        self.out.close()


def pick(rng, posts, users, bookmarked):
    roll = rng.randrange(100)
    for kind, weight in MIX:
        if roll < weight:
            break
        roll -= weight
    if kind == "posts":
        return kind, "GET", f"/v1/posts/{rng.randrange(posts) + 1}"
    if kind == "users":
        return kind, "GET", f"/v1/users/{rng.randrange(users) + 1}/posts"
    user = rng.randrange(users) + 1
    if kind == "bookmark-put":
        return kind, "PUT", f"/v1/users/{user}/bookmarks/{rng.randrange(bookmarked) + 1}"
    return kind, "GET", f"/v1/users/{user}/bookmarks"


def run(args):
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    ready = threading.Event()

    def poll():
        state = None
        while not stop.is_set():
            status, error, _ = one(args.base, "GET", "/ready", 1.0)
            up = status == 200
            if up != state:
                print(f"{time.time():.3f} ready {'yes' if up else 'no'} ({status or error})", file=sys.stderr, flush=True)
                state = up
            (ready.set if up else ready.clear)()
            stop.wait(0.1)

    threading.Thread(target=poll, daemon=True).start()
    recorder = Recorder(args.out)
    seq = [0]
    held = [0]
    lock = threading.Lock()
    interval = 1.0 / args.rate
    start = time.monotonic()
    deadline = start + args.max_seconds

    def worker(n):
        rng = random.Random(n)
        while not stop.is_set():
            with lock:
                k = seq[0]
                seq[0] += 1
            due = start + k * interval
            now = time.monotonic()
            if due > now and stop.wait(due - now):
                return
            if time.monotonic() > deadline:
                stop.set()
                return
            if not ready.is_set():
                with lock:
                    held[0] += 1
                recorder.record(time.time(), "held", "-", "-", 0, 0.0, "not-ready", "")
                continue
            kind, method, path = pick(rng, args.posts, args.users, args.bookmarked)
            t0, m0 = time.time(), time.monotonic()
            status, error, cache = one(args.base, method, path, args.timeout)
            recorder.record(t0, kind, method, path, status, (time.monotonic() - m0) * 1000, error, cache)

    for _ in range(300):
        if ready.is_set() or stop.is_set():
            break
        time.sleep(0.1)
    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.threads)]
    for t in threads:
        t.start()
    while not stop.is_set() and time.monotonic() < deadline:
        stop.wait(0.2)
    stop.set()
    for t in threads:
        t.join(args.timeout + 1)
    recorder.close()
    print(f"load: {seq[0]} slots, {held[0]} held back while not ready", file=sys.stderr)
    return 0


def send(args):
    recorder = Recorder(args.out, "a")
    t0, m0 = time.time(), time.monotonic()
    status, error, cache = one(args.base, args.method, args.path, args.timeout)
    recorder.record(t0, args.kind, args.method, args.path, status, (time.monotonic() - m0) * 1000, error, cache)
    recorder.close()
    print(f"{args.method} {args.path}: {status or error} in {(time.monotonic() - m0):.1f} s", file=sys.stderr)
    return 0


def load_records(files):
    rows = []
    for name in files:
        with open(name, newline="", encoding="utf-8") as f:
            for started, kind, method, path, status, ms, error, cache in csv.reader(f):
                rows.append((float(started), kind, method, path, int(status), float(ms), error, cache))
    rows.sort()
    return rows


def report(args):
    records = load_records(args.files)
    marks = []
    with open(args.marks, newline="", encoding="utf-8") as f:
        for name, fault_start, fault_end, window_end, note in csv.reader(f):
            marks.append((name, float(fault_start), float(fault_end), float(window_end), note))
    print("| fault | requests | statuses seen | max latency | 500s | open past limit | unanswered | held back (not ready) | recovery | verdict | notes |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|")
    failed = 0
    for name, t0, t1, t2, note in marks:
        sigterm = name.startswith("sigterm")
        held = sum(1 for r in records if t0 <= r[0] < t2 and r[6] == "not-ready")
        window = [r for r in records if t0 <= r[0] < t2 and r[6] != "not-ready"]
        if sigterm:
            # The drain is about the requests already in flight when the signal came.
            in_flight = [r for r in records if r[0] < t0 < r[0] + r[5] / 1000 and r[6] != "not-ready"]
            window = in_flight + window
            note = f"{len(in_flight)} in flight at SIGTERM; {note}"
        seen = {}
        for r in window:
            label = str(r[4]) if not r[6] else r[6]
            seen[label] = seen.get(label, 0) + 1
        max_ms = max((r[5] for r in window), default=0.0)
        five = sum(1 for r in window if r[4] == 500)

        def limit(r):
            return args.export_limit_ms if r[1] == "export" else args.open_limit_ms

        open_past = sum(1 for r in window if r[6] == "timeout" or r[5] > limit(r))
        lost = [r for r in window if r[6] in ("reset", "closed", "timeout")]
        unanswered = len(lost)
        if lost:
            kinds = {}
            for r in lost:
                kinds[f"{r[1]} {r[6]}"] = kinds.get(f"{r[1]} {r[6]}", 0) + 1
            unanswered_note = "unanswered: " + ", ".join(f"{k}×{v}" for k, v in sorted(kinds.items()))
            note = f"{unanswered_note}; {note}" if note else unanswered_note

        def healthy(r):
            # A stale answer after the fault has ended means the refresh still fails: not recovered yet.
            return (
                200 <= r[4] < 300
                and not r[6]
                and r[7] != "STALE"
                and (r[1] == "export" or r[5] <= args.healthy_ms)
            )

        after = [r for r in window if r[0] >= t1]
        bad = [r for r in after if not healthy(r)]
        if sigterm:
            recovery, recovered = "—", True
        elif not after:
            recovery, recovered = "no requests", False
        elif not bad:
            recovery, recovered = "0.0 s", True
        else:
            last = max(bad, key=lambda r: r[0] + r[5] / 1000)
            recovered = any(healthy(r) and r[0] > last[0] for r in after)
            seconds = last[0] + last[5] / 1000 - t1
            recovery = f"{seconds:.1f} s" if recovered else f"> {t2 - t1:.0f} s"
            recovered = recovered and seconds <= args.recovery_target
        ok = five == 0 and open_past == 0 and unanswered == 0 and (held == 0 or sigterm) and recovered and bool(window)
        failed += not ok
        statuses = ", ".join(f"{k}×{v}" for k, v in sorted(seen.items()))
        print(
            f"| {name} | {len(window)} | {statuses} | {max_ms / 1000:.2f} s | {five} | {open_past} | {unanswered}"
            f" | {held} | {recovery} | {'ok' if ok else 'FAIL'} | {note} |"
        )
    return 1 if failed else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--base", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--rate", type=float, default=40)
    r.add_argument("--threads", type=int, default=64)
    r.add_argument("--timeout", type=float, default=20)
    r.add_argument("--max-seconds", type=float, default=900)
    r.add_argument("--posts", type=int, default=100)
    r.add_argument("--users", type=int, default=10)
    r.add_argument("--bookmarked", type=int, default=20)
    s = sub.add_parser("send")
    s.add_argument("--base", required=True)
    s.add_argument("--method", default="GET")
    s.add_argument("--path", required=True)
    s.add_argument("--kind", default="extra")
    s.add_argument("--out", required=True)
    s.add_argument("--timeout", type=float, default=120)
    t = sub.add_parser("report")
    t.add_argument("files", nargs="+")
    t.add_argument("--marks", required=True)
    t.add_argument("--open-limit-ms", type=float, required=True)
    t.add_argument("--export-limit-ms", type=float, default=60000)
    t.add_argument("--healthy-ms", type=float, default=1000)
    t.add_argument("--recovery-target", type=float, default=5)
    a = p.parse_args()
    return {"run": run, "send": send, "report": report}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
