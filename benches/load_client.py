#!/usr/bin/env python3
"""Load client for SPARQL endpoints: N concurrent clients send a fixed count of requests (the
query mix, round robin from a random start per client, a random article bound where a query
takes ?file) over keep-alive HTTP/1.1 connections, and report throughput and latency.

usage: load_client.py URL --queries DIR --files LIST [--clients 16] [--requests 2000]
                      [--seed 1] [--json OUT]

Every query is sent with PREFIX declarations for the prefixes it uses, so that any SPARQL 1.1
endpoint parses it; a ?file parameter is bound with a VALUES block (as `--param` does). A
request fails on a non-200 status, a connection error or a response that is not SPARQL JSON.
"""
import argparse
import http.client
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse

PREFIXES = {
    "ng": "https://w3id.org/newsgraph/ontology#",
    "ngid": "https://w3id.org/newsgraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "wd": "http://www.wikidata.org/entity/",
}


def prepare(text):
    """The query with PREFIX lines, and whether it takes ?file."""
    body = "\n".join(l for l in text.splitlines() if not l.lstrip().startswith("#"))
    used = [p for p in PREFIXES if re.search(r"(?<![\w:/#])" + p + r":", body)]
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used)
    return head + body, "?file" in body


def bind_file(query, name):
    """Inserts VALUES ?file { "name" } at the start of the first WHERE group."""
    m = re.search(r"WHERE\s*\{", query, re.IGNORECASE)
    literal = json.dumps(name)
    return query[:m.end()] + f" VALUES ?file {{ {literal} }} " + query[m.end():]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("url")
    ap.add_argument("--queries", required=True)
    ap.add_argument("--files", required=True, help="a file listing article file names")
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json")
    args = ap.parse_args()
    url = urllib.parse.urlsplit(args.url)
    mix = []
    for name in sorted(os.listdir(args.queries)):
        if name.endswith(".rq"):
            with open(os.path.join(args.queries, name), encoding="utf-8") as f:
                text = f.read()
            if re.search(r"^\s*(CONSTRUCT|DESCRIBE)", text, re.IGNORECASE | re.MULTILINE):
                continue  # the mix is of SELECT queries, answered as SPARQL JSON
            q, takes_file = prepare(text)
            mix.append((name, q, takes_file))
    files = [l.strip() for l in open(args.files, encoding="utf-8") if l.strip()]
    per_client = [args.requests // args.clients + (i < args.requests % args.clients)
                  for i in range(args.clients)]
    latencies, failures, lock = [], [], threading.Lock()

    def client(i):
        rng = random.Random(args.seed * 1000 + i)
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
        start = rng.randrange(len(mix))
        for k in range(per_client[i]):
            name, q, takes_file = mix[(start + k) % len(mix)]
            if takes_file:
                q = bind_file(q, rng.choice(files))
            body = urllib.parse.urlencode({"query": q})
            t0 = time.perf_counter()
            try:
                conn.request("POST", url.path or "/", body=body, headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/sparql-results+json"})
                r = conn.getresponse()
                data = r.read()
                ok = r.status == 200 and "results" in json.loads(data)
                err = None if ok else f"{name}: HTTP {r.status} {data[:200]!r}"
            except Exception as e:  # noqa: BLE001 - every failure counts
                err = f"{name}: {e}"
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                if err:
                    failures.append(err)
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    pct = lambda p: lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))]
    res = {"url": args.url, "clients": args.clients, "requests": len(lat),
           "failed": len(failures), "seconds": round(wall, 3),
           "throughput": round(len(lat) / wall, 2),
           "p50_ms": round(pct(50) * 1000, 1), "p99_ms": round(pct(99) * 1000, 1),
           "mean_ms": round(statistics.mean(lat) * 1000, 1),
           "queries": [m[0] for m in mix]}
    for f in failures[:5]:
        print("failed:", f, file=sys.stderr)
    print(json.dumps(res))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
