"""People: editors with the people permission invite reporters and editors, change their
roles and deactivate them. Nobody gives what they do not hold: a role is offered only to
someone who has every permission of its group, an account is managed only by someone who
has every permission it has, and nothing here touches superuser status or permissions given
to one account.

An invitation is a random token: the link carries it, the row keeps its SHA-256 only. It
works once, before FACTCHECK_INVITATION_DAYS pass, and makes the account when accepted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Invitation
from claims.roles import ROLE_GROUPS, can_manage_people

TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 100  # a longer path segment is no token of ours; not worth hashing


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _names(permissions) -> set[str]:
    return {f"{app}.{codename}" for app, codename in permissions.values_list("content_type__app_label", "codename")}


def permissions_held(user: AbstractBaseUser) -> set[str]:
    """Every permission the account has through its groups or of its own, active or not
    (Django's own check answers nothing for an inactive account, which would make any
    deactivated account look harmless to reactivate)."""
    return _names(Permission.objects.filter(Q(group__user=user) | Q(user=user)).distinct())


def _may_give(actor: AbstractBaseUser, permissions: set[str]) -> bool:
    return actor.is_superuser or all(actor.has_perm(name) for name in permissions)


def roles_offered(actor: AbstractBaseUser) -> list[str]:
    """The roles this person may give: those whose every permission they hold (one query,
    then remembered on the user object for the request, as Django does its permissions)."""
    cached = getattr(actor, "_roles_offered_cache", None)
    if cached is not None:
        return list(cached)
    offered: list[str] = []
    if can_manage_people(actor):
        held: dict[str, set[str]] = {}
        rows = Group.objects.filter(name__in=ROLE_GROUPS.values()).values_list(
            "name", "permissions__content_type__app_label", "permissions__codename"
        )
        for name, app, codename in rows:
            held.setdefault(name, set())
            if codename:
                held[name].add(f"{app}.{codename}")
        offered = [role for role, name in ROLE_GROUPS.items() if name in held and _may_give(actor, held[name])]
    actor._roles_offered_cache = tuple(offered)
    return offered


def role_of(user: AbstractBaseUser) -> str:
    """The account's role by its groups: editor above reporter; "" for neither."""
    names = set(user.groups.values_list("name", flat=True))
    return next((role for role in ("editor", "reporter") if ROLE_GROUPS[role] in names), "")


def person_manageable(actor: AbstractBaseUser, person: AbstractBaseUser) -> str | None:
    """Why `actor` may not change `person`, or None when they may."""
    if not can_manage_people(actor):
        return "You may not manage people."
    if person.pk == actor.pk:
        return "You cannot change your own role or deactivate yourself; ask another editor."
    if person.is_superuser:
        return "Administrators are managed by administrators."
    if not _may_give(actor, permissions_held(person)):
        return f"{person.get_username()} has permissions you do not have."
    return None


def _check_role(actor: AbstractBaseUser, role: str) -> str:
    if role not in ROLE_GROUPS:
        raise ValidationError({"role": "Choose reporter or editor."})
    if role not in roles_offered(actor):
        raise PermissionDenied(f"You may not make anyone {role}: the role has permissions you do not have.")
    return ROLE_GROUPS[role]


def _username_free(username: str) -> None:
    User = get_user_model()
    if User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).exists():
        raise ValidationError({"username": f"There is already an account named {username}."})
    if invitations_open().filter(username__iexact=username).exists():
        raise ValidationError({"username": f"{username} has an open invitation already."})


def invitations_open(now: dt.datetime | None = None):
    return Invitation.objects.filter(accepted_at__isnull=True, expires_at__gt=now or timezone.now())


@dataclass(frozen=True)
class InvitationMade:
    invitation: Invitation
    token: str  # shown once, in the link; only its hash is stored


def invitation_check(*, by: AbstractBaseUser, username: str, role: str) -> None:
    """ValidationError (by field) unless `by` may invite `username` as `role`."""
    if not can_manage_people(by):
        raise PermissionDenied("You may not invite people.")
    if not username.strip():
        raise ValidationError({"username": "Give the name the new colleague will sign in with."})
    try:
        _check_role(by, role)
    except PermissionDenied as exc:
        raise ValidationError({"role": str(exc)}) from exc
    try:
        get_user_model().username_validator(username.strip())
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}) from exc
    _username_free(username.strip())


def invitation_create(*, by: AbstractBaseUser, username: str, email: str = "", role: str) -> InvitationMade:
    invitation_check(by=by, username=username, role=role)
    username = username.strip()
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invitation = Invitation.objects.create(
        username=username, email=email.strip(), role=role, token_sha256=token_hash(token), created_by=by,
        expires_at=timezone.now() + dt.timedelta(days=settings.FACTCHECK_INVITATION_DAYS),
    )
    return InvitationMade(invitation, token)


def invitation_find(*, token: str) -> Invitation | None:
    """The open invitation this token belongs to: unused and not expired; else None."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    return invitations_open().filter(token_sha256=token_hash(token)).first()


def invitation_accept(*, token: str, password: str) -> AbstractBaseUser:
    """Make the invited account with this password (already checked by the password
    validators) and spend the invitation. Two tabs accepting at once make one account:
    the invitation row is locked and read again."""
    found = invitation_find(token=token)
    if found is None:
        raise ValidationError("This invitation link has expired or was used already; ask for a new one.")
    User = get_user_model()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=found.pk)
        if invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
            raise ValidationError("This invitation link has expired or was used already; ask for a new one.")
        # The inviter's right to give the role is checked again: it may have been taken
        # from them since (or they may have been deactivated).
        inviter = invitation.created_by
        if inviter is None or not inviter.is_active or invitation.role not in roles_offered(inviter):
            raise ValidationError("This invitation is no longer valid; ask an editor for a new one.")
        if User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": invitation.username}).exists():
            raise ValidationError(f"There is already an account named {invitation.username}; ask for a new invitation.")
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=invitation.username, email=invitation.email, password=password, is_staff=True
                )
        except IntegrityError as exc:
            raise ValidationError(f"There is already an account named {invitation.username}.") from exc
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[invitation.role]))
        invitation.accepted_at, invitation.user = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "user"])
    return user


def person_update(*, by: AbstractBaseUser, person: AbstractBaseUser, role: str, active: bool) -> AbstractBaseUser:
    """Give the account this role (one of the role groups, in place of the other) and make it
    active or not. Other groups, superuser status and the account's own permissions stay."""
    why = person_manageable(by, person)
    if why:
        raise PermissionDenied(why)
    group_name = _check_role(by, role)
    with transaction.atomic():
        person = type(person).objects.select_for_update().get(pk=person.pk)
        person.groups.remove(*Group.objects.filter(name__in=ROLE_GROUPS.values()).exclude(name=group_name))
        person.groups.add(Group.objects.get(name=group_name))
        if person.is_active != active:
            person.is_active = active
            person.save(update_fields=["is_active"])
    return person


def person_deactivate(*, by: AbstractBaseUser, person: AbstractBaseUser) -> AbstractBaseUser:
    why = person_manageable(by, person)
    if why:
        raise PermissionDenied(why)
    type(person).objects.filter(pk=person.pk).update(is_active=False)
    person.is_active = False
    return person
