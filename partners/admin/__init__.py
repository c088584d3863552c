"""The staff screens of the partners app (the "Partners" menu of the Wagtail admin).

One module per screen: ``institutions``, ``memberships``, ``agreements`` (with
their signed documents, other activities and scope areas) and ``report``;
``permissions`` holds every permission check of these screens, ``base`` the
pieces they share and ``menu`` the menu group that ``partners/wagtail_hooks.py``
registers. The screens' own actions (verify, archive, restore, approve,
decline, upload a signed document) write through ``partners.services`` and
read through ``partners.selectors``; Wagtail's generic add, edit and delete
views save the plain model forms of the other records.
"""
