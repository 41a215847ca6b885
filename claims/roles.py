"""The newsroom's roles: the groups, the permissions each one holds, and the checks every
interface asks (pages, API, admin, dashboard). No interface writes a permission string of
its own: a role's meaning changes here, once.

- Editors review claims, rate and publish verdicts, merge speakers and see every article.
- Reporters submit articles and follow the claims of their own.
- Editors with the people permission invite reporters and editors, change their roles and
  deactivate them; never beyond what they hold themselves.

Imports nothing of the project: the data migration that creates the groups uses it too.
"""

from __future__ import annotations

EDITORS = "Editors"
REPORTERS = "Reporters"

# Model permissions by app label. The admin enforces them; the checks below read them.
GROUPS: dict[str, dict[str, list[str]]] = {
    EDITORS: {
        "claims": [
            "view_claim", "change_claim", "add_verdict", "change_verdict", "view_verdict", "publish_verdict",
            "add_evidence", "change_evidence", "delete_evidence", "view_evidence",
            "view_historicalclaim", "view_historicalverdict", "manage_people",
            # Claim tracking: statements and fact-checks are read here (they come from
            # matching and imports); matches are confirmed or rejected (migration 0015).
            "view_statement", "view_factcheck", "view_claimmatch", "change_claimmatch",
            "view_historicalclaimmatch",
        ],
        "sources": [
            "view_article", "add_article", "view_outlet", "add_outlet", "view_speaker", "change_speaker",
            "add_speaker", "view_speakeralias", "add_speakeralias", "change_speakeralias", "delete_speakeralias",
            # Feeds (sources migration 0008): added and polled by editors.
            "view_feed", "add_feed", "change_feed", "view_feeditem",
        ],
    },
    REPORTERS: {
        "claims": ["view_claim"],
        "sources": ["view_article", "add_article", "view_outlet", "add_outlet"],
    },
}

REVIEW_PERMISSION = "claims.change_claim"
SUBMIT_PERMISSION = "sources.add_article"
PUBLISH_PERMISSION = "claims.publish_verdict"
MATCH_PERMISSION = "claims.change_claimmatch"
PEOPLE_PERMISSION = "claims.manage_people"
# The roles an invitation or the people page gives, by the group that carries each.
ROLE_GROUPS = {"reporter": REPORTERS, "editor": EDITORS}


def is_editor(user) -> bool:
    """Editors review claims and see every article; everyone else reads only their own."""
    return user.has_perm(REVIEW_PERMISSION)


def can_submit(user) -> bool:
    """Submit articles (web form, upload, API, admin): reporters and editors."""
    return user.has_perm(SUBMIT_PERMISSION)


def can_publish(user) -> bool:
    """Publish a verdict: editors, unless the permission was taken from one of them."""
    return user.has_perm(PUBLISH_PERMISSION)


def can_decide_matches(user) -> bool:
    """Confirm or reject a suggested match (claim tracking): editors who may change matches."""
    return is_editor(user) and user.has_perm(MATCH_PERMISSION)


def can_manage_people(user) -> bool:
    """Invite reporters and editors, change their roles, deactivate them."""
    return user.has_perm(PEOPLE_PERMISSION)


def roles_install(*, group_model, permission_model, names=None) -> dict[str, object]:
    """Create the role groups (or complete them) with the permissions that exist so far.

    Takes the models rather than importing them, so a migration can pass its historical
    ones. Adds, never removes: permissions an administrator gave a group stay."""
    groups = {}
    for name in names or GROUPS:
        group, _ = group_model.objects.get_or_create(name=name)
        for app_label, codenames in GROUPS[name].items():
            group.permissions.add(
                *permission_model.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
        groups[name] = group
    return groups
