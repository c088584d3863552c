"""Security defaults that hold everywhere; production.py adds HTTPS."""

from csp.constants import NONCE as CSP_NONCE
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from csp.constants import UNSAFE_INLINE as CSP_UNSAFE_INLINE

from portal.utils.env import env_str

from .accounts import SSO_FORM_ACTION_ORIGINS

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Wagtail's preview views opt back in to SAMEORIGIN for the admin's iframe.
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp). Public pages: the portal's own files,
# scripts only with this request's nonce, video embeds from YouTube/Vimeo.
_MEDIA_ORIGINS = [origin for origin in [env_str("DJANGO_MEDIA_CUSTOM_DOMAIN", None)] if origin]
_EMBED_ORIGINS = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF, CSP_NONCE],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:", *(f"https://{o}" for o in _MEDIA_ORIGINS)],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "frame-src": _EMBED_ORIGINS,
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF, *SSO_FORM_ACTION_ORIGINS],
        "frame-ancestors": [CSP_NONE],
    }
}
# The Wagtail admin uses inline scripts and styles; it still loads nothing
# from other origins, and may frame only itself (page previews).
PORTAL_ADMIN_CSP = {
    "default-src": [CSP_SELF],
    "script-src": [CSP_SELF, CSP_UNSAFE_INLINE],
    "style-src": [CSP_SELF, CSP_UNSAFE_INLINE],
    "img-src": [CSP_SELF, "data:", "blob:", *(f"https://{o}" for o in _MEDIA_ORIGINS)],
    "font-src": [CSP_SELF, "data:"],
    "connect-src": [CSP_SELF],
    "frame-src": [CSP_SELF, *_EMBED_ORIGINS],
    "object-src": [CSP_NONE],
    "base-uri": [CSP_SELF],
    "form-action": [CSP_SELF],
    "frame-ancestors": [CSP_SELF],
}
