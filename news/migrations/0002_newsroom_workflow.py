"""The newsroom's moderation: writers submit, editors approve and publish.

Creates the workflow "Moderasi redaksi" with one group-approval task for the
"Editors" group and assigns it to the root page, so every page (news
articles and the rest of the site) goes through an editor. It replaces the
"Moderators approval" workflow Wagtail creates, whose group portal
migration 0003 renamed to "Editors".

Page permissions on the root: "Writers" may add and edit but never publish;
"Editors" may add, edit, publish, lock and unlock. Writers may choose people
and categories in the article form; editors also maintain them.
"""

from django.db import migrations

WORKFLOW_NAME = "Moderasi redaksi"
TASK_NAME = "Persetujuan editor"
WRITER_PAGE_PERMS = ["add_page", "change_page"]
EDITOR_PAGE_PERMS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
SNIPPETS = {"newsperson": "news person", "newscategory": "news category"}


def _permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    writers, _ = Group.objects.get_or_create(name="Writers")
    editors, _ = Group.objects.get_or_create(name="Editors")
    root = Page.objects.filter(depth=1).order_by("path").first()

    if root is not None:
        for group, wanted in ((writers, WRITER_PAGE_PERMS), (editors, EDITOR_PAGE_PERMS)):
            for codename in wanted:
                permission = _permission(apps, "wagtailcore", "page", codename, codename)
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root, permission=permission
                )
        # A writer never publishes, wherever a permission came from.
        GroupPagePermission.objects.filter(
            group=writers, permission__codename__in=["publish_page", "bulk_delete_page"]
        ).delete()

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.set([editors])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root is not None:
        previous = WorkflowPage.objects.filter(page=root).values_list("workflow_id", flat=True)
        previous_ids = [pk for pk in previous if pk != workflow.pk]
        WorkflowPage.objects.filter(page=root).delete()
        WorkflowPage.objects.create(page=root, workflow=workflow)
        # Wagtail's default workflow, now unused: keep it, inactive, for the record.
        Workflow.objects.filter(pk__in=previous_ids, workflow_pages__isnull=True).update(
            active=False
        )

    for model, label in SNIPPETS.items():
        writers.permissions.add(_permission(apps, "news", model, f"view_{model}", f"Can view {label}"))
        for action in ("add", "change", "delete", "view"):
            editors.permissions.add(
                _permission(apps, "news", model, f"{action}_{model}", f"Can {action} {label}")
            )


def backwards(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("portal", "0003_staff_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
