#!/usr/bin/env python3
"""Steady load over the nodes of a cluster, recording every request; and checks over the record.

Standard library only, so CI needs nothing installed for it.

  cluster-load.py run --nodes 127.0.0.1:8000,127.0.0.2:8000 --out requests.csv [--rate 80]
        [--threads 8] [--ids 100] [--max-seconds 600] [--timeout 10]
      Sends GET /v1/posts/{1..ids} at --rate requests/s in total, round-robin over the nodes that are
      "in", until SIGTERM/SIGINT or --max-seconds (the loop is always bounded). A node is "in" while its
      /ready answers 200: a poller asks every node every 100 ms, as a load balancer would. A request
      whose connection is refused was never accepted by that node: the node is taken out at once and
      the request goes to another node (the balancer's retry), and the refusal is recorded as
      "refused", not as a failure. Everything else is recorded as is: a status other than 200, a
      reset, or a timeout on a connection the node accepted is a failure.
      One line per request in --out (flushed as it goes): epoch seconds, node, id, status (0 when
      there was none), latency ms, error ("" when none). Node state changes go to stderr.

  cluster-load.py check FILE [--from EPOCH] [--to EPOCH] [--nodes a,b] [--max-failures 0]
        [--label TEXT]
      Prints a one-line summary of the requests sent in [from, to) to the given nodes (all by
      default): count, failures, 5xx, p50/p99/max latency. Exits 1 if failures exceed --max-failures
      (listing the first ten), 2 if there were no requests at all.

  cluster-load.py recovery FILE --at EPOCH --threshold MS [--nodes a,b]
      After an event at EPOCH (a node killed): prints "<seconds> <worst ms> <slow> <failed>
      <requests>": seconds from the event to the last request (to the given nodes) slower than
      --threshold or failed, i.e. until every id answers within normal latency again; the worst
      latency seen after the event; how many were slow; how many failed; how many were sent.
"""

import argparse
import csv
import http.client
import signal
import sys
import threading
import time


def parse_nodes(text):
    return [n.strip() for n in text.split(",") if n.strip()]


class Nodes:
    """Which nodes a balancer would send to: /ready 200, and no refused connection since."""

    def __init__(self, nodes):
        self.nodes = nodes
        self.state = {n: False for n in nodes}
        self.lock = threading.Lock()
        self.turn = 0

    def set(self, node, up, why):
        with self.lock:
            if self.state[node] != up:
                self.state[node] = up
                print(f"{time.time():.3f} node {node} {'in' if up else 'out'} ({why})", file=sys.stderr, flush=True)

    def pick(self, avoid=()):
        with self.lock:
            live = [n for n in self.nodes if self.state[n] and n not in avoid]
            if not live:
                return None
            self.turn += 1
            return live[self.turn % len(live)]


def ready(node, timeout=1.0):
    host, port = node.rsplit(":", 1)
    try:
        conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
        conn.request("GET", "/ready")
        status = conn.getresponse().status
        conn.close()
        return status == 200, f"/ready {status}"
    except OSError as e:
        return False, f"/ready {type(e).__name__}"


def poll(nodes, stop):
    while not stop.is_set():
        for n in nodes.nodes:
            up, why = ready(n)
            nodes.set(n, up, why)
        stop.wait(0.1)


def one(node, path, timeout):
    """(status, error, accepted): accepted is False only when the connection was refused."""
    host, port = node.rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        try:
            conn.connect()
        except ConnectionRefusedError:
            return 0, "refused", False
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        return resp.status, "", True
    except (OSError, http.client.HTTPException) as e:
        return 0, type(e).__name__, True
    finally:
        conn.close()


def run(args):
    nodes = Nodes(parse_nodes(args.nodes))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    poller = threading.Thread(target=poll, args=(nodes, stop), daemon=True)
    poller.start()
    out = open(args.out, "w", newline="", encoding="utf-8")
    writer = csv.writer(out)
    out_lock = threading.Lock()
    seq = [0]
    seq_lock = threading.Lock()
    start = time.monotonic()
    interval = 1.0 / args.rate
    deadline = start + args.max_seconds

    def record(t, node, rid, status, ms, err):
        with out_lock:
            writer.writerow([f"{t:.3f}", node, rid, status, f"{ms:.1f}", err])
            out.flush()

    def worker():
        while not stop.is_set():
            with seq_lock:
                k = seq[0]
                seq[0] += 1
            # Paced from the start, not from the last answer: a slow answer does not lower the rate.
            due = start + k * interval
            now = time.monotonic()
            if due > now:
                if stop.wait(due - now):
                    return
            if time.monotonic() > deadline:
                stop.set()
                return
            rid = k % args.ids + 1
            tried = []
            while not stop.is_set():
                node = nodes.pick(avoid=tried)
                if node is None:
                    # Nobody is in: the balancer would answer 503 itself. Recorded as a failure.
                    record(time.time(), "-", rid, 0, 0.0, "no-node-in")
                    stop.wait(0.05)
                    break
                t0 = time.time()
                m0 = time.monotonic()
                status, err, accepted = one(node, f"/v1/posts/{rid}", args.timeout)
                ms = (time.monotonic() - m0) * 1000
                if not accepted:
                    nodes.set(node, False, "connection refused")
                    record(t0, node, rid, 0, ms, "refused")
                    tried.append(node)
                    continue
                record(t0, node, rid, status, ms, err)
                break

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(args.threads)]
    # Wait until at least one node is in, so the first requests are not spent on a cold start.
    for _ in range(600):
        if any(nodes.state.values()) or stop.is_set():
            break
        time.sleep(0.1)
    start = time.monotonic()
    for t in threads:
        t.start()
    while not stop.is_set() and time.monotonic() < deadline:
        stop.wait(0.2)
    stop.set()
    for t in threads:
        t.join(args.timeout + 1)
    out.close()
    return 0


def percentile(sorted_values, q):
    if not sorted_values:
        return 0.0
    i = min(len(sorted_values) - 1, int(round(q * (len(sorted_values) - 1))))
    return sorted_values[i]


def check(args):
    wanted = set(parse_nodes(args.nodes)) if args.nodes else None
    rows = []
    with open(args.file, newline="", encoding="utf-8") as f:
        for t, node, rid, status, ms, err in csv.reader(f):
            t = float(t)
            if t < args.since or t >= args.until:
                continue
            if err == "refused":
                continue  # never accepted: the balancer sent it elsewhere (recorded on the next line)
            if wanted is not None and node not in wanted and node != "-":
                continue
            rows.append((t, node, int(rid), int(status), float(ms), err))
    if not rows:
        print(f"{args.label}: no requests in the window", file=sys.stderr)
        return 2
    failures = [r for r in rows if r[3] != 200 or r[5]]
    five = sum(1 for r in rows if r[3] >= 500)
    lat = sorted(r[4] for r in rows if r[3] == 200)
    per_node = {}
    for r in rows:
        per_node[r[1]] = per_node.get(r[1], 0) + 1
    print(
        f"{args.label}: {len(rows)} requests, {len(failures)} failed ({five} 5xx),"
        f" latency p50 {percentile(lat, 0.5):.1f} ms p99 {percentile(lat, 0.99):.1f} ms"
        f" max {(lat[-1] if lat else 0):.1f} ms; per node "
        + ", ".join(f"{n} {c}" for n, c in sorted(per_node.items()))
    )
    if len(failures) > args.max_failures:
        for r in failures[:10]:
            print(f"  failed: t={r[0]:.3f} node={r[1]} id={r[2]} status={r[3]} ms={r[4]:.0f} error={r[5]}")
        return 1
    return 0


def recovery(args):
    wanted = set(parse_nodes(args.nodes)) if args.nodes else None
    last, worst, slow, failed, n = args.at, 0.0, 0, 0, 0
    with open(args.file, newline="", encoding="utf-8") as f:
        for t, node, rid, status, ms, err in csv.reader(f):
            t, ms = float(t), float(ms)
            if t < args.at or err == "refused" or (wanted is not None and node not in wanted):
                continue
            n += 1
            bad = status != "200" or err != ""
            failed += bad
            worst = max(worst, ms)
            if bad or ms > args.threshold:
                slow += 1
                last = max(last, t + ms / 1000)
    print(f"{last - args.at:.1f} {worst:.0f} {slow} {failed} {n}")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--nodes", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--rate", type=float, default=80)
    r.add_argument("--threads", type=int, default=8)
    r.add_argument("--ids", type=int, default=100)
    r.add_argument("--max-seconds", type=float, default=600)
    r.add_argument("--timeout", type=float, default=10)
    c = sub.add_parser("check")
    c.add_argument("file")
    c.add_argument("--from", dest="since", type=float, default=0)
    c.add_argument("--to", dest="until", type=float, default=float("inf"))
    c.add_argument("--nodes", default="")
    c.add_argument("--max-failures", type=int, default=0)
    c.add_argument("--label", default="requests")
    v = sub.add_parser("recovery")
    v.add_argument("file")
    v.add_argument("--at", type=float, required=True)
    v.add_argument("--threshold", type=float, required=True)
    v.add_argument("--nodes", default="")
    a = p.parse_args()
    return {"run": run, "check": check, "recovery": recovery}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
