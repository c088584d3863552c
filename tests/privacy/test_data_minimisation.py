"""UU PDP data minimisation: the portal never stores identity numbers or birth data.

A guard on every model of the project's apps; a field whose name suggests
such data fails here and needs a privacy review (and an update of the
privacy notice) before it lands.
"""

import re

from django.apps import apps

PROJECT_APPS = {"portal", "news", "partners", "events", "visits"}
FORBIDDEN = {
    "nik",
    "ktp",
    "nisn",
    "npwp",
    "passport",
    "paspor",
    "birth",
    "birthday",
    "dob",
    "lahir",
    "religion",
    "agama",
    "ethnicity",
    "suku",
    "blood",
    "fingerprint",
    "biometric",
}


def test_no_model_stores_identity_numbers_or_birth_data():
    offending = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            tokens = set(re.split(r"[_\W]+", field.name.lower()))
            if tokens & FORBIDDEN:
                offending.append(f"{model._meta.label}.{field.name}")
    assert offending == []
