from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy


class RestrictedPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, but only for ``allowed_actions``; other actions are refused.

    Holds for superusers too. The audit log and consent records allow only
    "view" (they are written by code); privacy notices allow "add", "change"
    and "view" (a version people agreed to must never disappear).
    """

    def __init__(self, model, allowed_actions=("view",), **kwargs):
        super().__init__(model, **kwargs)
        self.allowed_actions = frozenset(allowed_actions)

    def _allowed(self, actions):
        return [action for action in actions if action in self.allowed_actions]

    def user_has_permission(self, user, action):
        return action in self.allowed_actions and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        allowed = self._allowed(actions)
        return bool(allowed) and super().user_has_any_permission(user, allowed)

    def users_with_any_permission(self, actions):
        allowed = self._allowed(actions)
        if not allowed:
            return get_user_model().objects.none()
        return super().users_with_any_permission(allowed)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()
