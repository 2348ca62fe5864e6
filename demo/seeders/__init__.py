"""One seeder per app, each `seed(command)` reading its data from demo/data/<app>/.

`manage.py seed_demo` runs them in this order (later ones build on earlier ones), each in its
own transaction. Every seeder finds what it makes by a natural key first, so seeding again
creates nothing new.
"""

ORDER = ["accounts", "portal", "courses", "contests", "certificates", "parindex", "legaldocs", "qa"]


def report(command, message):
    if command is not None:
        command.stdout.write(message)
