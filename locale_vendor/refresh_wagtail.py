"""Bring Wagtail's (and django-taggit's) strings into our Vietnamese vendor catalogues after an upgrade.

Wagtail ships a Vietnamese catalogue that covers about a fifth of its admin and uses several words
for one idea ("bản nháp" and "bản thảo", "xem xét" for moderation). We keep our own, complete and
reviewed against docs/admin-glossary.md, in locale_vendor/vi/LC_MESSAGES/ (the last folder of
LOCALE_PATHS, so it wins over Wagtail's catalogues but never over the project's own).

Django reads one django.po per locale folder, so django.po holds two parts: allauth's strings
(translated by hand, left untouched here) and then Wagtail's, one block per app; every Wagtail
entry carries its source as a "wagtail/..." reference. djangojs.po holds Wagtail's JavaScript
catalogue (the React parts of the page editor).

For every msgid of the English catalogue of each installed Wagtail app this script keeps our
translation, else takes Wagtail's own Vietnamese one (to be reviewed), else leaves it empty; it
drops the Wagtail entries Wagtail no longer has and reports what is untranslated. Run it with
`make vendor-messages`, translate what it lists, then `make compilemessages`.
"""

import os
import sys
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
TARGET_DIR = HERE / "vi" / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")
VENDORED_REFS = ("wagtail/", "taggit/", "django/")
HEADER = {
    "django": (
        "Vietnamese for the third-party packages whose catalogues we do not trust or which have"
        " none.\n"
        "Part 1: django-allauth (account, MFA): translated by hand, references account/, mfa/...\n"
        "  allauth ships no Vietnamese catalogue; regenerate its msgid list from allauth's French\n"
        "  catalogue when upgrading allauth.\n"
        "Part 2: Wagtail, one block per installed app (references wagtail/<app>/...), then\n"
        "  django-taggit (taggit/...), then what Django's own Vietnamese lacks (django/...), kept by\n"
        "  locale_vendor/refresh_wagtail.py (`make vendor-messages`); wording follows\n"
        "  docs/admin-glossary.md.\n"
        "makemessages never touches this file."
    ),
    "djangojs": (
        "Vietnamese for Wagtail's JavaScript catalogue (the React parts of the admin), kept by\n"
        "locale_vendor/refresh_wagtail.py (`make vendor-messages`); wording follows\n"
        "docs/admin-glossary.md. makemessages never touches this file."
    ),
}


def is_vendored(app_name):
    """Wagtail's apps, and django-taggit (its tag field and help text sit in the page editor and
    ships no Vietnamese)."""
    return app_name in ("wagtail", "taggit") or app_name.startswith("wagtail.")


# Django's own Vietnamese misses strings the admin shows on every listing ("%(num)d minute" in
# "12 phút trước") and in its forms (file extension, password length): for these catalogues we
# only fill the gaps, Django's translations stay in force.
GAPS_ONLY = ("django", "django.contrib.auth")


def wagtail_apps():
    """(dotted name, folder) of every installed app we translate, in INSTALLED_APPS order, then
    Django's core and auth catalogues (gaps only)."""
    import django
    from django.apps import apps

    return [
        (config.name, Path(config.path))
        for config in apps.get_app_configs()
        if is_vendored(config.name)
    ] + [
        ("django", Path(django.__file__).parent / "conf"),
        ("django.contrib.auth", Path(apps.get_app_config("auth").path)),
    ]


def key(entry):
    return (entry.msgctxt, entry.msgid)


def translation_of(entry):
    """The Vietnamese text of a translated, non-fuzzy entry, as (msgstr, msgstr_plural) or None."""
    if entry is None or entry.obsolete or "fuzzy" in entry.flags or not entry.translated():
        return None
    if entry.msgid_plural:
        return ("", {0: entry.msgstr_plural[0]})
    return (entry.msgstr, {})


def source_catalogues(domain):
    """Yield (app name, English catalogue, Wagtail's Vietnamese catalogue or None)."""
    for name, folder in wagtail_apps():
        en_path = folder / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not en_path.exists():
            continue
        vi_path = folder / "locale" / "vi" / "LC_MESSAGES" / f"{domain}.po"
        vi = polib.pofile(str(vi_path)) if vi_path.exists() else None
        yield name, polib.pofile(str(en_path)), vi


def new_catalogue(domain):
    catalogue = polib.POFile()
    catalogue.header = HEADER[domain]
    catalogue.metadata = {
        "Project-Id-Version": "training_site vendor catalogue (vi)",
        "PO-Revision-Date": "2026-12-01 20:00+0700",
        "Last-Translator": "training_site",
        "Language-Team": "Vietnamese",
        "Language": "vi",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    return catalogue


def is_wagtail_entry(entry):
    return any(path.startswith(VENDORED_REFS) for path, _line in entry.occurrences)


def refresh(domain):
    """Rewrite locale_vendor/vi/LC_MESSAGES/<domain>.po; return (untranslated, dropped) entries."""
    path = TARGET_DIR / f"{domain}.po"
    ours = polib.pofile(str(path)) if path.exists() else None
    catalogue = new_catalogue(domain)
    if ours is not None:
        catalogue.metadata.update(ours.metadata)
        catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    ours_by_key = {key(entry): entry for entry in ours or [] if not entry.obsolete}
    wagtail_keys_before = {key(e) for e in ours or [] if not e.obsolete and is_wagtail_entry(e)}
    # Part 1: everything that is not Wagtail's (allauth) stays as it is, first.
    for entry in ours or []:
        if not entry.obsolete and not is_wagtail_entry(entry):
            catalogue.append(entry)
    done = {key(entry) for entry in catalogue}
    untranslated = []
    for app_name, en, vi in source_catalogues(domain):
        vi_by_key = {key(entry): entry for entry in vi or []}
        app_ref = app_name.replace(".", "/") + "/"
        first = True
        for source in en:
            if source.obsolete or not source.msgid or key(source) in done:
                continue
            if app_name in GAPS_ONLY and translation_of(vi_by_key.get(key(source))):
                continue
            done.add(key(source))
            entry = polib.POEntry(
                msgid=source.msgid,
                msgctxt=source.msgctxt,
                msgid_plural=source.msgid_plural,
                flags=[flag for flag in source.flags if flag != "fuzzy"],
                occurrences=[
                    (f"{app_ref.rstrip('/')}/{file}", line) for file, line in source.occurrences
                ]
                or [(app_ref.rstrip("/"), "")],
                comment=source.comment,
            )
            if first:
                entry.tcomment = f"===== {app_name} ====="
                first = False
            found = translation_of(ours_by_key.get(key(source))) or translation_of(
                vi_by_key.get(key(source))
            )
            if source.msgid_plural:
                entry.msgstr_plural = found[1] if found else {0: ""}
            else:
                entry.msgstr = found[0] if found else ""
            if not found:
                untranslated.append(entry)
            catalogue.append(entry)
    dropped = sorted(wagtail_keys_before - done, key=lambda k: (k[0] or "", k[1]))
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))
    return untranslated, dropped


def main():
    sys.path.insert(0, str(HERE.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_site.settings.local")
    import django

    django.setup()
    out = sys.stdout
    missing_total = 0
    for domain in DOMAINS:
        untranslated, dropped = refresh(domain)
        missing_total += len(untranslated)
        out.write(f"{domain}.po: {len(untranslated)} untranslated, {len(dropped)} dropped\n")
        for entry in untranslated:
            out.write(f"  missing: {entry.msgid!r}\n")
        for _ctxt, msgid in dropped:
            out.write(f"  dropped (no longer needed): {msgid!r}\n")
    return 1 if missing_total else 0


if __name__ == "__main__":
    sys.exit(main())
