"""Signals other apps react to; accounts itself sends none yet."""
