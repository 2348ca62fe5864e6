from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import GroupPagePermission, Page

from accounts.roles import PAGE_PERMISSIONS


def collect_role_permissions():
    merged = {}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.roles":
                raise
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged.setdefault(role, set()).update(perms)
    return merged


def setup_roles():
    groups = {}
    for role, perms in collect_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            try:
                wanted.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist as exc:
                raise CommandError(f"Unknown permission {dotted} for role {role}") from exc
        group.permissions.add(*wanted)
        groups[role] = group
    root = Page.objects.filter(depth=2).first()
    if root is not None:
        for role, codenames in PAGE_PERMISSIONS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[role],
                    page=root,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )
    return groups


class Command(BaseCommand):
    help = (
        "Create the staff groups (editors, organizers, unit coordinators) with their permissions."
    )

    def handle(self, *args, **options):
        groups = setup_roles()
        self.stdout.write(self.style.SUCCESS(f"Roles ready: {', '.join(groups)}"))
