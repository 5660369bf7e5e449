#!/usr/bin/env python3
"""Benchmark: a clinic register of N patients (default 5 000) through `evaluate --list`, as CSV and as JSON Lines,
text and `--csv` output; prints the median wall time of each (process start to exit, reading, evaluating, sorting
and printing included).

usage: scripts/bench-list.py [N] [RUNS]   (defaults 5000 and 5; builds the release example first)
       scripts/bench-list.py N --write DIR  (only writes DIR/register.csv and DIR/register.jsonl: the browser
                                             benchmark, scripts/bench-list-browser.mjs, reads the same register)
Target (issue 16): under 0.5 s for 5 000 patients on the 2-core machine. Prints figures; asserts nothing."""
import json, os, random, statistics, subprocess, sys, tempfile, time
from datetime import date, timedelta

WRITE = sys.argv[sys.argv.index("--write") + 1] if "--write" in sys.argv else None
N = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
RUNS = int(sys.argv[2]) if len(sys.argv) > 2 and not WRITE else 5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "examples", "evaluate")
TODAY = date(2026, 11, 25)
COLUMNS = ("id,name,sex,age,menopause,assessed_on,injections,plan,regimen,egfr,creatinine_umol_l,weight_kg,"
           "calcium_mmol_l,albumin_g_l,vitamin_d_nmol_l,lowest_t,lowest_t_site,fractures,history")
rng = random.Random(16)


def patient(i):
    """A clinic's patient: mostly on denosumab (some late, some stopping), a few with kidney disease or none."""
    p = {"id": f"P{i:05d}", "name": f"Patient {i}", "sex": "female" if rng.random() < 0.8 else "male",
         "age": rng.randint(50, 92), "egfr": rng.choice([25, 40, 60, 75, 90]), "weight_kg": rng.randint(40, 90),
         "calcium_mmol_l": 2.3, "albumin_g_l": 40, "vitamin_d_nmol_l": rng.randint(30, 100),
         "lowest_t": round(rng.uniform(-4.0, -1.5), 1), "lowest_t_site": rng.choice(["femoral_neck", "total_hip"]),
         "injections": [], "plan": "", "fractures": [], "history": []}
    p["menopause"] = "postmenopausal" if p["sex"] == "female" else ""
    if rng.random() < 0.85:
        last = TODAY - timedelta(days=rng.randint(30, 500))
        p["injections"] = [(last - timedelta(days=182 * k)).isoformat() for k in range(rng.randint(1, 8))][::-1]
        p["plan"] = "stop" if rng.random() < 0.1 else "continue"
    else:
        p["history"] = [("alendronate", "2022-03-01", "")]
    if rng.random() < 0.3:
        p["fractures"] = [("vertebral", (TODAY - timedelta(days=rng.randint(100, 3000))).isoformat())]
    return p


def csv_row(p):
    cells = [p["id"], p["name"], p["sex"], str(p["age"]), p["menopause"], "", ";".join(p["injections"]), p["plan"], "",
             str(p["egfr"]), "", str(p["weight_kg"]), str(p["calcium_mmol_l"]), str(p["albumin_g_l"]),
             str(p["vitamin_d_nmol_l"]), str(p["lowest_t"]), p["lowest_t_site"],
             ";".join(f"{s}:{d}" for s, d in p["fractures"]), ";".join(f"{d}:{s}:{e}" for d, s, e in p["history"])]
    return ",".join(cells)


def json_line(p):
    c = {"format": "osteoplan-case/2",
         "patient": {"id": p["id"], "name": p["name"], "sex": p["sex"], "age_years": p["age"],
                     "weight_kg": p["weight_kg"]},
         "dxa": [{"site": p["lowest_t_site"], "t_score": p["lowest_t"]}],
         "labs": {"egfr_ml_min": p["egfr"], "calcium_mmol_l": p["calcium_mmol_l"], "albumin_g_l": p["albumin_g_l"],
                  "vitamin_d_nmol_l": p["vitamin_d_nmol_l"]}}
    if p["menopause"]:
        c["patient"]["menopause"] = p["menopause"]
    if p["injections"]:
        c["denosumab"] = {"injections": p["injections"], "plan": p["plan"]}
    if p["fractures"]:
        c["fractures"] = [{"site": s, "date": d} for s, d in p["fractures"]]
    if p["history"]:
        c["history"] = [{"drug": d, "start": s} for d, s, _ in p["history"]]
    return json.dumps(c, separators=(",", ":"))


def timed(args):
    times, out = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        out = subprocess.run([BIN, *args], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def write_register(folder):
    """The register as CSV and as JSON Lines in `folder`; returns their paths by kind."""
    patients = [patient(i + 1) for i in range(N)]
    files = {"csv": os.path.join(folder, "register.csv"), "jsonl": os.path.join(folder, "register.jsonl")}
    with open(files["csv"], "w") as f:
        f.write(COLUMNS + "\n" + "\n".join(csv_row(p) for p in patients) + "\n")
    with open(files["jsonl"], "w") as f:
        f.write("\n".join(json_line(p) for p in patients) + "\n")
    return files


def main():
    if WRITE:
        write_register(WRITE)
        return
    subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "evaluate"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        files = write_register(tmp)
        print(f"{N} patients, median of {RUNS} runs, release build, {os.cpu_count()} cores")
        for kind, path in files.items():
            size = os.path.getsize(path) / 1e6
            for extra in ([], ["--csv"]):
                seconds, out = timed(["--list", *extra, "--today", TODAY.isoformat(), path])
                rows = out.stdout.decode().count("\n")
                bad = out.stderr.decode().count("\n")
                label = f"{kind} in ({size:.1f} MB), {'csv' if extra else 'text'} out"
                print(f"  {label:<32} {seconds * 1000:7.1f} ms  ({rows} lines out, {bad} bad rows)")


if __name__ == "__main__":
    main()
