"""Model fields of shared events."""

from django.db import models


class StampField(models.DateTimeField):
    """``auto_now``, except that the code saving an event may give the
    instant itself (``instance._stamp``): event_save serialises the stored
    VEVENTs (LAST-MODIFIED) with it before the one write, so the row and
    its stored VEVENTs agree to the microsecond. A plain DateTimeField in
    migrations."""

    def pre_save(self, model_instance, add):
        stamp = model_instance.__dict__.pop("_stamp", None)
        if stamp is None:
            return super().pre_save(model_instance, add)
        setattr(model_instance, self.attname, stamp)
        return stamp

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs
