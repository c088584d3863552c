"""Views of the public and partner side of visits (the staff side is in visits.admin)."""
