"""Finance pages' routes (under /admin/finance)."""

urlpatterns: list = []
