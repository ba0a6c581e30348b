"""Shuffle volume of a Spark run, from its event log.

    python3 spark/shuffle_report.py EVENT_LOG [DOCUMENTS]

Sums "Shuffle Bytes Written" and "Shuffle Records Written" over every task
of the run (event logs are JSON Lines written when spark-submit gets
--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=DIR
--conf spark.eventLog.compress=false), prints
the total and the largest stages, and, given the number of documents, the
bytes per document. Standard library only.
"""

import json
import os
import sys
from collections import defaultdict


def lines(path):
    """The lines of an event log: a file, or a directory of `events_*`
    files (uncompressed: spark.eventLog.compress=false)."""
    if os.path.isdir(path):
        files = sorted(
            os.path.join(path, n) for n in os.listdir(path) if n.startswith("events_")
        )
    else:
        files = [path]
    for name in files:
        with open(name, encoding="utf-8") as f:
            yield from f


def main(argv):
    if len(argv) not in (1, 2):
        print(__doc__, file=sys.stderr)
        return 2
    per_stage = defaultdict(lambda: [0, 0])
    names = {}
    for line in lines(argv[0]):
        e = json.loads(line)
        kind = e.get("Event")
        if kind == "SparkListenerStageCompleted":
            info = e["Stage Info"]
            names[info["Stage ID"]] = info["Stage Name"]
        elif kind == "SparkListenerTaskEnd":
            m = (e.get("Task Metrics") or {}).get("Shuffle Write Metrics") or {}
            s = per_stage[e["Stage ID"]]
            s[0] += m.get("Shuffle Bytes Written", 0)
            s[1] += m.get("Shuffle Records Written", 0)
    total = sum(s[0] for s in per_stage.values())
    records = sum(s[1] for s in per_stage.values())
    print(f"shuffle written: {total} bytes, {records} records")
    for stage, (b, r) in sorted(per_stage.items(), key=lambda x: -x[1][0])[:5]:
        if b:
            print(f"  stage {stage}: {b} bytes, {r} records ({names.get(stage, '?')[:60]})")
    if len(argv) == 2:
        docs = int(argv[1])
        print(f"per document: {total / docs:.1f} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
