"""Run every benchmark module in bench/ (`python -m bench`), or the ones named on the command line.

Each benchmark is its own process (`python -m bench.<name>`), sets up its own database and server,
measures its baseline in the same run and prints its figures and ratios.
"""

import subprocess
import sys
from pathlib import Path


def main(names):
    here = Path(__file__).parent
    modules = names or sorted(p.stem for p in here.glob("*.py") if not p.stem.startswith("_"))
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
