from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from portal.forms import AdminUserCreationForm, AdminUserEditForm


class UserViewSet(WagtailUserViewSet):
    template_prefix = "wagtailusers/users/"

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm

    @property
    def create_template_name(self):
        return "portal/admin/user_create.html"

    @property
    def edit_template_name(self):
        return "portal/admin/user_edit.html"
