"""Reading the demo's data files under demo/data/."""

import csv
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def path(name):
    return DATA_DIR / name


def read_json(name):
    with path(name).open(encoding="utf-8") as handle:
        return json.load(handle)


def read_csv(name):
    """Rows as dicts keyed by the header; empty cells are empty strings."""
    with path(name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def yes(value):
    return value.strip().lower() == "yes"
