"""Run every benchmark module in bench/ (`python -m bench`), or the ones named on the command line.

Each benchmark is its own process (`python -m bench.<name>`), sets up its own database and server,
measures its baseline in the same run and prints its figures and ratios. The round-start load
test (round_start, with its Locust scenario and server settings) runs for minutes against
PostgreSQL and Redis and is run on its own: `python -m bench.round_start`.
"""

import subprocess
import sys
from pathlib import Path

SEPARATE = {"round_start", "locust_round", "round_settings"}


def main(names):
    here = Path(__file__).parent
    modules = names or sorted(
        p.stem for p in here.glob("*.py") if not p.stem.startswith("_") and p.stem not in SEPARATE
    )
    failed = []
    for module in modules:
        print(f"\n=== bench.{module} ===", flush=True)
        if subprocess.run([sys.executable, "-m", f"bench.{module}"], check=False).returncode:
            failed.append(module)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
