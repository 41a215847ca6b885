from django.http import HttpRequest

from claims.roles import can_submit, is_editor


def navigation(request: HttpRequest) -> dict:
    """What the signed-in user may do, for the navigation bar: worked out once per page,
    so templates ask no permission questions of their own."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {"signed_in": False}}
    return {"nav": {
        "signed_in": True,
        "can_submit": can_submit(user),
        "is_editor": is_editor(user),
        "is_staff": user.is_staff,
    }}
