"""The baseline comparison's table: the median of each measurement on each build, and the current build's speed
as a ratio of the baseline's (above 1: faster)."""

import json
import statistics
import sys

results, revision, rounds = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [json.loads(line) for line in open(results)]

# measurement name -> (field, unit, whether more is better)
FIELDS = {
    "ingest at 1,000 events/s, no SMS": [("serviceCPUMicrosecondsPerEvent", "CPU µs/event", False),
                                         ("p99Microseconds", "p99 µs", False)],
    "as fast as it goes, 1 SMS each": [("endToEndEventsPerSecond", "events/s", True),
                                       ("serviceCPUMicrosecondsPerEvent", "CPU µs/event", False)],
    "as fast as it goes, 5 SMS each": [("endToEndEventsPerSecond", "events/s", True),
                                       ("serviceCPUMicrosecondsPerEvent", "CPU µs/event", False)],
    "outbox alone, 50 ms gateway": [("messagesPerSecond", "SMS/s", True),
                                    ("serviceCPUMicrosecondsPerMessage", "CPU µs/SMS", False)],
    "history: first page": [("p50Milliseconds", "p50 ms", False)],
    "history: page 500": [("p50Milliseconds", "p50 ms", False)],
    "history: search refund": [("p50Milliseconds", "p50 ms", False)],
}


def values(name, build, field):
    return [row[field] for row in rows if row["name"] == name and row["build"] == build and field in row]


print(f"Current build against {revision}, {rounds} rounds each, the builds taking turns; medians, with the "
      "rounds' lowest and highest.\n")
print("| measurement | | baseline | current | current's speed / baseline's |")
print("|---|---|---:|---:|---:|")
ratios = []
for name, fields in FIELDS.items():
    for field, unit, more_is_better in fields:
        base, current = values(name, "baseline", field), values(name, "current", field)
        if not base or not current:
            print(f"| {name} | {unit} | missing | missing | |")
            continue
        b, c = statistics.median(base), statistics.median(current)
        ratio = (c / b if more_is_better else b / c) if b and c else float("nan")
        ratios.append((name, unit, ratio))
        print(f"| {name} | {unit} | {b:,.1f} ({min(base):,.1f}–{max(base):,.1f}) | "
              f"{c:,.1f} ({min(current):,.1f}–{max(current):,.1f}) | {ratio:.2f} |")
worst = min(ratios, key=lambda item: item[2]) if ratios else None
if worst:
    print(f"\nGoal, as fast as the baseline (every ratio at least 0.90, the rounds' own spread): "
          f"{'met' if worst[2] >= 0.9 else 'missed'}; the lowest is {worst[0]} ({worst[1]}) at {worst[2]:.2f}.")
