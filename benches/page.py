#!/usr/bin/env python3
"""The graph view's speed in a real browser, in real time (the tests run Chromium in virtual
time, where a layout takes no time at all).

Builds a store of the test articles plus a graph of 500 typed, labelled entities (300 people,
150 organisations, 50 countries; 750 edges), serves it, and drives headless Chromium over the
DevTools protocol (a small WebSocket client from the standard library): the page is opened with
a CONSTRUCT of the 500 nodes, and once it is done the page's own timing (from the answer to the
drawn SVG: layout, fit, drawing) is read, then the time of one frame while dragging (every node
and edge moved) and of expanding a node. Five runs each; medians. The same is measured for a
50-node CONSTRUCT in the same run, as the baseline the 500-node figure is a ratio of.

    python3 benches/page.py [--runs 5] [--binary target/release/newsgraph]
"""

import argparse
import base64
import json
import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GRAPH = "https://w3id.org/newsgraph/id/graph/scale-test"


class DevTools:
    """One page of a Chromium, over its DevTools WebSocket."""

    def __init__(self, url):
        parsed = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((parsed.hostname, parsed.port), timeout=120)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET {parsed.path} HTTP/1.1\r\nHost: {parsed.hostname}:{parsed.port}\r\n"
                f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(head.decode(errors="replace"))
        self.next_id = 0

    def _send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        if n < 126:
            header = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 65536:
            header = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            header = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(header + mask + masked)

    def _exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            out += chunk
        return out

    def _receive(self):
        message = b""
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._exact(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._exact(8))[0]
            message += self._exact(n)
            if b0 & 0x80:
                return message.decode()

    def call(self, method, **params):
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self._receive())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(reply["error"])
                return reply["result"]

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        return result["result"].get("value")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            return urllib.request.urlopen(url, timeout=5).read()
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def store_with_graph(binary, folder):
    store = os.path.join(folder, "store")
    subprocess.run([binary, "--quiet", "--store", store, "build", os.path.join(ROOT, "data/articles")], check=True)
    lines = [f"INSERT DATA {{ GRAPH <{GRAPH}> {{"]
    lines += [f'country:c{i} a ng:Country ; rdfs:label "Country {i}" .' for i in range(50)]
    lines += [f'organization:o{i} a ng:Organization ; rdfs:label "Organisation {i}" ; ng:basedIn country:c{i % 50} .' for i in range(150)]
    lines += [
        f'person:p{i} a ng:Person ; rdfs:label "Person {i}" ; ng:affiliatedWith organization:o{i % 150} ; ng:nationality country:c{(i * 7) % 50} .'
        for i in range(300)
    ]
    lines.append("} }")
    update = os.path.join(folder, "scale.ru")
    with open(update, "w") as f:
        f.write("\n".join(lines))
    subprocess.run([binary, "--quiet", "--store", store, "update", update], check=True)
    return store


def construct(limit):
    """The CONSTRUCT of the scale graph; with `limit`, of its first `limit` people and
    organisations only."""
    keep = ""
    if limit is not None:
        names = [f"person:p{i}" for i in range(limit)] + [f"organization:o{i}" for i in range(limit)]
        keep = f"FILTER (?a IN ({', '.join(names)}))"
    return (
        f"CONSTRUCT {{ ?a ?p ?b }} WHERE {{ GRAPH <{GRAPH}> {{ "
        f"VALUES ?p {{ ng:affiliatedWith ng:basedIn ng:nationality }} ?a ?p ?b {keep} }} }}"
    )


def measure(page, base, query, expand):
    url = f"{base}/?query={urllib.parse.quote(query)}&run"
    page.call("Page.navigate", url=url)
    deadline = time.time() + 120
    while page.evaluate("document.body && document.body.dataset.done") != "true":
        if time.time() > deadline:
            raise RuntimeError("the page did not finish")
        time.sleep(0.05)
    drawn = page.evaluate("JSON.stringify({ms: $('graph').dataset.layoutMs, nodes: $('graph').dataset.nodes})")
    drawn = json.loads(drawn)
    frame = page.evaluate(
        "(() => { const g = graphView; const t = performance.now();"
        " for (let i = 0; i < 30; i++) { g.nodes[0].x += 1; g.place(); }"
        " return (performance.now() - t) / 30; })()"
    )
    expanded = page.evaluate(
        f"(async () => {{ const t = performance.now(); await graphView.activate(graphView.byId.get('{expand}'));"
        " return performance.now() - t; })()"
    )
    return int(drawn["nodes"]), float(drawn["ms"]), float(frame), float(expanded)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    parser.add_argument("--binary", default=os.path.join(target, "release", "newsgraph"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = store_with_graph(args.binary, folder)
        port = free_port()
        server = subprocess.Popen([args.binary, "--quiet", "--store", store, "serve", "--bind", f"127.0.0.1:{port}"])
        profile = os.path.join(folder, "profile")
        chrome = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1280,1300", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_http(base + "/api/examples")
            active = os.path.join(profile, "DevToolsActivePort")
            deadline = time.time() + 60
            while not os.path.exists(active) or len(open(active).read().split()) < 2:
                if time.time() > deadline:
                    raise RuntimeError("Chromium did not start")
                time.sleep(0.1)
            devtools_port = open(active).read().split()[0]
            targets = json.loads(wait_http(f"http://127.0.0.1:{devtools_port}/json/list"))
            page = DevTools(next(t for t in targets if t["type"] == "page")["webSocketDebuggerUrl"])
            page.call("Page.enable")
            results = {}
            for name, people in (("50 nodes (baseline)", 20), ("500 nodes", None)):
                runs = [measure(page, base, construct(people), "https://w3id.org/newsgraph/id/person/p7") for _ in range(args.runs)]
                results[name] = runs
                nodes = runs[0][0]
                print(
                    f"{name}: {nodes} nodes drawn; answer→drawn median {statistics.median(r[1] for r in runs):.0f} ms "
                    f"(runs {', '.join(f'{r[1]:.0f}' for r in runs)}); one drag frame {statistics.median(r[2] for r in runs):.2f} ms; "
                    f"expanding a node {statistics.median(r[3] for r in runs):.0f} ms"
                )
            small = statistics.median(r[1] for r in results["50 nodes (baseline)"])
            large = statistics.median(r[1] for r in results["500 nodes"])
            print(f"500 nodes / baseline: {large / max(small, 1):.1f}x; {os.cpu_count()} cores")
        finally:
            chrome.terminate()
            server.terminate()
            chrome.wait(timeout=30)
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
