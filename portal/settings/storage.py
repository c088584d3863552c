"""Static files, media, private files and upload limits.

WhiteNoise serves static files from the app, so no CDN or separate web
server is needed to get started.
"""

from pathlib import Path

from portal.utils.env import env_int, env_str

from .env import BASE_DIR

STATIC_URL = "/static/"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Public media (images, Wagtail documents) on S3-compatible object storage
# when DJANGO_MEDIA_BUCKET is set; needs the "s3" extra (django-storages).
# Wagtail documents keep going through the portal's serve view, so their
# privacy rules still apply; agreement files stay in private storage.
MEDIA_BUCKET = env_str("DJANGO_MEDIA_BUCKET", None)
if MEDIA_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env_str("DJANGO_MEDIA_ENDPOINT_URL", None),
            "region_name": env_str("DJANGO_MEDIA_REGION", None),
            "access_key": env_str("DJANGO_MEDIA_ACCESS_KEY", None),
            "secret_key": env_str("DJANGO_MEDIA_SECRET_KEY", None),
            "custom_domain": env_str("DJANGO_MEDIA_CUSTOM_DOMAIN", None),
            "default_acl": None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Private files (signed agreements, request letters) never live under
# MEDIA_ROOT: they are read only through views that check permission
# (portal/uploads.py). On S3 they go to the same bucket under "private/",
# with no public ACL.
PRIVATE_MEDIA_ROOT = Path(env_str("DJANGO_PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/private-media-is-not-served/"},
}
if MEDIA_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "custom_domain": None,
        },
    }
# Largest accepted PDF upload (agreements, request letters), in megabytes.
PORTAL_MAX_PDF_MB = env_int("DJANGO_MAX_PDF_MB", 20)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
