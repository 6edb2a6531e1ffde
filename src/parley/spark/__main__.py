"""``spark-submit .../parley/spark/__main__.py INPUT... --out DIR``: the job under a cluster's master.

The same as ``parley spark`` except that the master, executors and memory are spark-submit's.
"""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    from parley.spark.job import run, session

    parser = argparse.ArgumentParser(prog="parley.spark", description=__doc__)
    parser.add_argument("inputs", nargs="+", help="WARC, JSONL, Parquet files or folders (paths every executor sees)")
    parser.add_argument("--out", required=True, help="output folder (local, HDFS or s3a:// URI)")
    parser.add_argument("--partitions", type=int, default=None, help="partitions to clean and parse in")
    args = parser.parse_args(argv)

    def note(event: str, message: str) -> None:
        if event in ("fail", "skip", "warn", "dup"):
            print(f"{event} {message}", file=sys.stderr)

    summary = run(args.inputs, args.out, spark=session(None), partitions=args.partitions, progress=note)
    print(json.dumps(summary.as_dict()))
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
