from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """What the signed-in user may do, for the navigation bar: worked out once per page,
    so templates ask no permission questions of their own."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {"signed_in": False}}
    return {"nav": {
        "signed_in": True,
        "can_submit": user.has_perm("sources.add_article"),
        "is_editor": user.has_perm("claims.change_claim"),
        "is_staff": user.is_staff,
    }}
