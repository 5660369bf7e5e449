#!/usr/bin/env python3
"""Benchmark: hostile inputs at the limits (issue 15). Prints times; asserts nothing.

usage: scripts/bench-limits.py [RUNS]   (default 5; builds the release examples first)

Through the native command line (`evaluate`, one document on stdin), each answered with its error document:
20 000 unknown fields, 10 000 injections (over the 200 allowed), a 1 MB document and 73 000 injections (both over
the 256 KB a case may be). Then `examples/limits.rs` times hostile share links through `share::decode`: a
decompression bomb, a 1 MB link, links with thousands of unknown fields or injections. Target: each well under 1 s
(before issue 15: 22 s for 20 000 unknown fields, 7.9 s for 73 000 injections)."""
import json, os, statistics, subprocess, sys, time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "target", "release", "examples")
BASE = {"format": "osteoplan-case/2", "assessed_on": "2026-11-22",
        "patient": {"sex": "female", "age_years": 70, "menopause": "postmenopausal"},
        "dxa": [{"site": "femoral_neck", "t_score": -2.7}]}


def unknown_fields(n):
    """n unknown fields, half in `patient`, half at the top level."""
    case = json.loads(json.dumps(BASE))
    case["patient"].update({f"p{i}": 1 for i in range(n // 2)})
    case.update({f"x{i}": 1 for i in range(n - n // 2)})
    return case


def injections(n):
    case = json.loads(json.dumps(BASE))
    case["denosumab"] = {"injections": [f"{1900 + i % 126}-{1 + i // 126 % 12:02}-{1 + i // 1512 % 28:02}"
                                        for i in range(n)]}
    return case


def padded(size):
    case = json.loads(json.dumps(BASE))
    case["patient"]["name"] = "x" * size
    return case


def summary(out):
    doc = json.loads(out)
    if doc.get("format") != "osteoplan-errors/1":
        return doc.get("format", "?")
    errors = doc["errors"]
    first = errors[0]
    return f'{len(errors)} error(s); first: {first["code"]} at "{first["path"]}": {first["message"]}'


def main():
    subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "evaluate", "--example", "limits"],
                   cwd=ROOT, check=True)
    evaluate = os.path.join(EXAMPLES, "evaluate")
    print(f"command line (evaluate, one document on stdin), best and median of {RUNS} runs:")
    for name, case in [("20 000 unknown fields", unknown_fields(20_000)),
                       ("10 000 injections (200 allowed)", injections(10_000)),
                       ("a 1 MB document (256 KB allowed)", padded(1 << 20)),
                       ("73 000 injections (a 950 KB document)", injections(73_000))]:
        text = json.dumps(case, separators=(",", ":")).encode()
        times = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            done = subprocess.run([evaluate], input=text, capture_output=True)
            times.append(time.perf_counter() - t0)
        print(f"  {name}: {len(text) / 1024:.0f} KB in, best {min(times) * 1000:.1f} ms, "
              f"median {statistics.median(times) * 1000:.1f} ms, exit {done.returncode}; {summary(done.stdout)}")
    print("share links (share::decode, what the page does with #case=… at start-up):")
    out = subprocess.run([os.path.join(EXAMPLES, "limits")], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        print(f"  {line}")


if __name__ == "__main__":
    main()
