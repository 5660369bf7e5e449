#!/usr/bin/env python3
"""Benchmark: pipes generated cases through the native command line (`evaluate --jsonl`) and prints cases/s.

usage: scripts/bench-cli.py [N]   (default 100000; builds the release example first)
Target (issues 3 and 23): at least 50 000 cases/s on the 2-core machine; half the cases carry v3 follow-up data
(earlier DXA studies, markers, the centre's LSC). Prints figures; asserts nothing."""
import json, os, random, subprocess, sys, tempfile, time
from datetime import date, timedelta

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "examples", "evaluate")
TODAY = date(2026, 11, 22)
rng = random.Random(20261122)


def day(back_max):
    return (TODAY - timedelta(days=rng.randint(0, back_max))).isoformat()


def case():
    """A varied, mostly valid case (about 1 in 50 has an input error)."""
    female = rng.random() < 0.7
    patient = {"sex": "female" if female else "male", "age_years": rng.randint(45, 95)}
    if female:
        patient["menopause"] = rng.choice(["postmenopausal"] * 8 + ["perimenopausal", "premenopausal"])
    if rng.random() < 0.8:
        patient["weight_kg"] = round(rng.uniform(38, 95), 1)
    sites = rng.sample(["lumbar_spine", "femoral_neck", "total_hip", "radius_33"], rng.randint(1, 4))
    dxa = []
    for s in sites:
        entry = {"site": s, "t_score": round(rng.uniform(-4.5, 1.5), 1), "z_score": round(rng.uniform(-3.5, 1.5), 1)}
        if s == "femoral_neck" and rng.random() < 0.3:
            entry = {"site": s, "bmd_g_cm2": round(rng.uniform(0.45, 0.95), 3), "z_score": entry["z_score"]}
        dxa.append(entry)
    c = {"format": "osteoplan-case/1", "assessed_on": TODAY.isoformat(), "patient": patient, "dxa": dxa}
    if rng.random() < 0.4:
        c["fractures"] = [{"site": rng.choice(["hip", "vertebral", "distal_forearm", "other"]), "date": day(2000)}
                          for _ in range(rng.randint(1, 2))]
    if rng.random() < 0.5:
        c["frax"] = {"mof_percent": round(rng.uniform(2, 40), 1), "hip_percent": round(rng.uniform(0.2, 8), 1)}
    if rng.random() < 0.6:
        c["labs"] = {"egfr_ml_min": rng.randint(10, 110), "creatinine_umol_l": rng.randint(50, 200),
                     "vitamin_d_nmol_l": rng.randint(15, 120), "calcium_mmol_l": round(rng.uniform(2.0, 2.6), 2)}
    if rng.random() < 0.3:
        c["history"] = [{"drug": rng.choice(["alendronate", "zoledronic_acid", "teriparatide"]),
                         "start": day(3000), "end": day(300)}]
        if c["history"][0]["start"] > c["history"][0]["end"]:
            del c["history"][0]["end"]
    if rng.random() < 0.4:
        c["denosumab"] = {"injections": sorted({day(2500) for _ in range(rng.randint(1, 8))}),
                          "plan": rng.choice(["continue", "continue", "stop"])}
    if rng.random() < 0.5:
        follow_up(c)
    if rng.random() < 0.02:
        c["dxa"][0]["t_score"] = -12
    return json.dumps(c, separators=(",", ":"))


def follow_up(c):
    """v3 follow-up data: today's study with BMD, dated and on a machine; earlier studies; markers; the centre's
    LSC and the laboratory's references; a planned glucocorticoid course."""
    c["format"] = "osteoplan-case/3"
    machine = rng.choice(["Hologic A", "Hologic A", "Lunar B"])
    c["dxa_date"] = day(30)
    c["dxa_machine"] = "Hologic A"
    for entry in c["dxa"]:
        if entry["site"] != "radius_33":
            entry["bmd_g_cm2"] = round(rng.uniform(0.5, 1.1), 3)
    earlier = []
    for k in range(rng.randint(1, 4)):
        when = (TODAY - timedelta(days=200 + 365 * k + rng.randint(0, 100))).isoformat()
        for entry in c["dxa"]:
            earlier.append({"date": when, "site": entry["site"], "bmd_g_cm2": round(rng.uniform(0.5, 1.1), 3),
                            "machine": machine})
    c["dxa_previous"] = earlier
    if rng.random() < 0.5:
        c["lsc_percent"] = {"lumbar_spine": round(rng.uniform(2, 5), 1), "total_hip": round(rng.uniform(2, 5), 1)}
    c["btm"] = [{"test": rng.choice(["ctx", "p1np"]), "date": day(1500),
                 "value": round(rng.uniform(0.1, 0.9), 2), "unit": "ng_ml"} for _ in range(rng.randint(1, 5))]
    for m in c["btm"]:
        if m["test"] == "p1np":
            m["value"] = round(m["value"] * 100, 1)
    if rng.random() < 0.5:
        c["btm_reference"] = {"ctx_ng_ml": 0.3, "p1np_ng_ml": 37}
    if rng.random() < 0.2:
        c["glucocorticoids"] = {"mg_per_day": rng.choice([5, 7.5, 10, 30]), "months": 1, "planned_months": 6}


def main():
    subprocess.run(["cargo", "build", "--quiet", "--release", "--example", "evaluate"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "cases.jsonl")
        with open(src, "w") as f:
            for _ in range(N):
                f.write(case() + "\n")
        size = os.path.getsize(src)
        best = None
        for run in range(3):
            with open(src, "rb") as fin, open(os.path.join(tmp, "out.jsonl"), "wb") as fout:
                t0 = time.perf_counter()
                subprocess.run([BIN, "--jsonl"], stdin=fin, stdout=fout, check=True)
                dt = time.perf_counter() - t0
            best = dt if best is None else min(best, dt)
            print(f"run {run + 1}: {N} cases in {dt:.3f} s = {N / dt:,.0f} cases/s")
        with open(os.path.join(tmp, "out.jsonl")) as f:
            lines = f.read().splitlines()
        errors = sum(1 for l in lines if '"osteoplan-errors/1"' in l)
        print(f"input {size / 1e6:.1f} MB; {len(lines)} lines out, {errors} error documents")
        print(f"best: {N / best:,.0f} cases/s (target: at least 50,000 cases/s)")


if __name__ == "__main__":
    main()
