from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.roles import COLLECTION_PERMISSIONS, PAGE_PERMISSIONS

# What wagtailcore's migration 0048 names the workflow it makes for its "Moderators" group and
# assigns to the root page.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"


def _role_modules():
    for config in apps.get_app_configs():
        try:
            yield import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.roles":
                raise


def collect_role_permissions():
    merged = {}
    for module in _role_modules():
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged.setdefault(role, set()).update(perms)
    return merged


def collect_workflows():
    return [spec for module in _role_modules() for spec in getattr(module, "WORKFLOWS", [])]


def _permission(dotted, role):
    app_label, codename = dotted.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist as exc:
        raise CommandError(f"Unknown permission {dotted} for role {role}") from exc


def _collection_permissions(groups):
    root = Collection.get_first_root_node()
    if root is None:
        # A database flushed after migrating has no collection tree; Wagtail's migration makes one.
        root = Collection.add_root(name="Root")
    for role, perms in COLLECTION_PERMISSIONS.items():
        for dotted in perms:
            GroupCollectionPermission.objects.get_or_create(
                group=groups[role], collection=root, permission=_permission(dotted, role)
            )


def _page_permissions(groups, root):
    for role, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=groups[role],
                page=root,
                permission=_permission(f"wagtailcore.{codename}", role),
            )


def _workflow(spec, groups, root):
    task = GroupApprovalTask.objects.filter(name=spec.task_name).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=spec.task_name)
    if not task.groups.filter(pk=groups[spec.approvers].pk).exists():
        task.groups.add(groups[spec.approvers])
    workflow, _ = Workflow.objects.get_or_create(name=spec.name)
    if not workflow.workflow_tasks.filter(task=task.task_ptr).exists():
        WorkflowTask.objects.create(
            workflow=workflow, task=task.task_ptr, sort_order=workflow.workflow_tasks.count()
        )
    sections = list(apps.get_model(spec.pages).objects.all()) if root is not None else []
    # Until the section exists (a production install creates its pages after setup_roles), the
    # workflow sits on the tree's root, so nothing an editor writes goes live unapproved.
    for page in sections or ([root] if root is not None else []):
        assigned = WorkflowPage.objects.filter(page=page).select_related("workflow").first()
        if assigned is None:
            WorkflowPage.objects.create(page=page, workflow=workflow)
        elif assigned.workflow.name == WAGTAIL_DEFAULT_WORKFLOW:
            # Wagtail's migrations put their own workflow on the root, approved by a "Moderators"
            # group nobody belongs to: submitted articles would wait forever.
            assigned.workflow = workflow
            assigned.save(update_fields=["workflow"])
        # Any other workflow an organizer assigned on purpose is kept.
    return workflow


def setup_roles():
    groups = {}
    for role, perms in collect_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*[_permission(dotted, role) for dotted in sorted(perms)])
        groups[role] = group
    _collection_permissions(groups)
    root = Page.get_first_root_node()
    if root is not None:
        _page_permissions(groups, root)
    for spec in collect_workflows():
        _workflow(spec, groups, root)
    return groups


class Command(BaseCommand):
    help = (
        "Create the staff groups (editors, organizers, unit coordinators) with their permissions, "
        "image and document collection permissions, and the news approval workflow. Run after "
        "every migrate; running it again changes nothing."
    )

    def handle(self, *args, **options):
        groups = setup_roles()
        self.stdout.write(self.style.SUCCESS(f"Roles ready: {', '.join(groups)}"))
