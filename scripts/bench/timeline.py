"""Per-decisecond status counts from load.lua (LOAD_TIMELINE), and each fault window's report line:
shared by faults.py (one machine) and cluster_faults.py (the cluster)."""
import collections
import contextlib
import io
import re

import load_check


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


def report_run(counts, started, seconds, windows, recovery, notes, quiet_before, quiet_after):
    """Prints the quiet start (until quiet_before of the run), each fault window in order, and the
    quiet end (from quiet_after, or the last window's end if later)."""
    report(f"no fault (first {quiet_before:.0%})", counts, (started, started + quiet_before * seconds), None)
    for name, window in sorted(windows.items(), key=lambda item: item[1]):
        report(name, counts, window, recovery.get(name), notes.get(name, ""))
    quiet = max([started + quiet_after * seconds] + [end for _, end in windows.values()])
    report(f"no fault (last {started + seconds - quiet:.0f} s)", counts, (quiet, started + seconds), None)


def acknowledged_saves_lost(acks, store):
    """load_check.acks's report, printed; returns (failures, lost saves)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        failures = load_check.acks(acks, store)
    print(out.getvalue(), end="")
    return failures, int(re.search(r"lost: (\d+)", out.getvalue()).group(1))


def summary(counts, windows, recovery, lost, job):
    """The SUMMARY line the side-by-side tables read."""
    outside = sum(n for moment, status, n in counts
                  if status >= 500 and not any(start <= moment < end for start, end in windows.values()))
    return (f"SUMMARY answered={sum(n for _, _, n in counts)} fivexx={sum(n for _, s, n in counts if s >= 500)} "
            f"fivexx_outside={outside} lost={lost} job={job} "
            + " ".join(f"recovery_{re.sub(r'[^a-z0-9]+', '_', name.lower()).strip('_')}={'' if r is None else f'{r:.2f}'}"
                       for name, r in recovery.items()))
