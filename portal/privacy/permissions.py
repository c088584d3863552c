from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Django's "view" permission decides who may look; nobody may add, change or delete.

    Holds for superusers too: records such as the audit log are written by
    code only.
    """

    read_actions = {"view"}

    def _readable(self, actions):
        return [action for action in actions if action in self.read_actions]

    def user_has_permission(self, user, action):
        return action in self.read_actions and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        readable = self._readable(actions)
        return bool(readable) and super().user_has_any_permission(user, readable)

    def users_with_any_permission(self, actions):
        readable = self._readable(actions)
        if not readable:
            return get_user_model().objects.none()
        return super().users_with_any_permission(readable)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()
