"""Per-decisecond status counts from load.lua (LOAD_TIMELINE), and each fault window's report line:
shared by faults.py (one machine) and cluster_faults.py (the cluster)."""
import collections


def read_timeline(path):
    """(wall-clock time, status, responses) tuples, from load.lua's per-decisecond counts."""
    counts = []
    with open(path) as f:
        for line in f:
            moment, status, n = map(int, line.split())
            counts.append((moment / 10 + 0.05, status, n))  # the middle of its tenth of a second
    return counts


def report(name, counts, window, recovery, note=""):
    start, end = window
    statuses = collections.Counter()
    for moment, status, n in counts:
        if start <= moment < end:
            statuses[status] += n
    answered = sum(statuses.values())
    failed = sum(n for s, n in statuses.items() if s >= 500)
    shown = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
    recovered = "—" if recovery is None else f"{recovery:.2f} s"
    print(f"{name:<28} {end - start:5.1f} s  answered {answered:>6}  5xx {failed:>5} ({failed / max(1, answered):6.2%})"
          f"  recovery {recovered:>8}  [{shown}] {note}", flush=True)
