"""One-time links and the admin's changes to users (lksmatch.links over store.users), on SQLite and
PostgreSQL, and their doors in the service and the secure service.

Times are injected with ``now=`` (no waiting, no wall clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from reference import reference_data_dir
from sqlalchemy import Engine, text

from lksmatch import auth, links
from lksmatch.access import SecureService
from lksmatch.config import Settings
from lksmatch.errors import AuthenticationRequired, NotFoundError, PermissionDenied, ValidationError
from lksmatch.service import Service
from store import users

PASSWORD = "korrekt-hest-batteri"
NEW_PASSWORD = "ny-hest-batteri-stald"
LKS_IDS = ("aarhus", "randers")
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def _new(
    engine: Engine,
    name: str,
    role: str = "lks",
    lks_id: str | None = "aarhus",
    system: str | None = "erhvervsservice",
    now: dt.datetime = T0,
) -> str:
    """Create ``name`` from the web (no password anyone knows); return its link's token."""
    _, token, _ = links.create_user_with_link(
        engine, name, role, lks_id, system=system, valid_lks_ids=LKS_IDS, created_by="boss", now=now
    )
    return token


def _rows(engine: Engine, sql: str, **params: object) -> list[dict[str, object]]:
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(text(sql), params)]


def _audit(engine: Engine, action: str) -> list[dict[str, object]]:
    return _rows(engine, "SELECT * FROM audit_log WHERE action = :a ORDER BY id", a=action)


# --- links ---------------------------------------------------------------------------------------


def test_a_new_user_gets_a_link_whose_token_is_only_stored_as_its_hash(engine: Engine) -> None:
    token = _new(engine, "eva")
    stored = _rows(engine, "SELECT * FROM user_links")
    assert len(stored) == 1 and stored[0]["purpose"] == "new" and stored[0]["created_by"] == "boss"
    assert stored[0]["id"] == auth.token_hash(token) and token not in str(stored)
    assert len(token) >= 43  # 32 random bytes
    with engine.connect() as connection:
        link = users.find_link(connection, auth.token_hash(token))
    assert link is not None and link.expires_at == T0 + dt.timedelta(hours=24) and link.used_at is None
    assert links.link_username(engine, token, now=_at(1)) == "eva"
    made = _audit(engine, "user_created")
    assert made[0]["username"] == "boss" and made[0]["record_id"] == "eva"
    assert token not in str(_audit(engine, "user_link_made"))


def test_nobody_knows_the_password_of_a_user_made_from_the_web(engine: Engine) -> None:
    _new(engine, "eva")
    hashed = _rows(engine, "SELECT password_hash FROM users WHERE username = 'eva'")[0]["password_hash"]
    assert str(hashed).startswith("$argon2id$")
    for guess in ("", PASSWORD, "eva"):
        with pytest.raises(AuthenticationRequired):
            auth.login(engine, "eva", guess, now=_at(0.1))


def test_redeeming_sets_the_password_logs_in_and_works_once(engine: Engine) -> None:
    token = _new(engine, "eva")
    result = links.redeem_link(engine, token, NEW_PASSWORD, now=_at(2))
    assert result.principal == auth.Principal("eva", "lks", "aarhus", "erhvervsservice")
    assert auth.principal_for_token(engine, result.token, now=_at(2.5)).username == "eva"
    assert auth.login(engine, "eva", NEW_PASSWORD, now=_at(3)).principal.username == "eva"
    with engine.connect() as connection:
        link = users.find_link(connection, auth.token_hash(token))
    assert link is not None and link.used_at == _at(2)
    with pytest.raises(links.InvalidLink, match="invalid or has expired"):
        links.redeem_link(engine, token, "noch-ein-passwort-hier", now=_at(4))
    assert auth.login(engine, "eva", NEW_PASSWORD, now=_at(5)).principal.username == "eva"
    assert links.link_username(engine, token, now=_at(5)) is None
    assert [r["record_id"] for r in _audit(engine, "user_link_used")] == ["eva"]
    assert len(_audit(engine, "user_link_refused")) == 1


def test_a_link_expires_after_24_hours(engine: Engine) -> None:
    token = _new(engine, "eva")
    assert links.link_username(engine, token, now=_at(23.9)) == "eva"
    with pytest.raises(links.InvalidLink):
        links.redeem_link(engine, token, NEW_PASSWORD, now=_at(24))
    assert links.link_username(engine, token, now=_at(24)) is None


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 500])
def test_an_unknown_token_is_refused_with_the_same_message(engine: Engine, token: str) -> None:
    _new(engine, "eva")
    with pytest.raises(links.InvalidLink) as refused:
        links.redeem_link(engine, token, NEW_PASSWORD, now=_at(1))
    assert refused.value.message == links.INVALID_LINK
    assert isinstance(refused.value, AuthenticationRequired)


def test_a_newer_link_voids_the_older_one(engine: Engine) -> None:
    first = _new(engine, "eva")
    second, _ = links.create_link(engine, "eva", "reset", "boss", now=_at(1))
    with pytest.raises(links.InvalidLink):
        links.redeem_link(engine, first, NEW_PASSWORD, now=_at(2))
    assert links.redeem_link(engine, second, NEW_PASSWORD, now=_at(2)).principal.username == "eva"
    purposes = [r["purpose"] for r in _rows(engine, "SELECT purpose FROM user_links ORDER BY created_at")]
    assert purposes == ["new", "reset"]


def test_a_bad_password_leaves_the_link_usable(engine: Engine) -> None:
    token = _new(engine, "eva")
    with pytest.raises(ValidationError) as refused:
        links.redeem_link(engine, token, "kort", now=_at(1))
    assert [p.column for p in refused.value.problems] == ["password"]
    assert links.link_username(engine, token, now=_at(1)) == "eva"
    links.redeem_link(engine, token, NEW_PASSWORD, now=_at(1))


def test_redeeming_ends_the_users_other_sessions(engine: Engine) -> None:
    auth.add_user(engine, "otto", PASSWORD, "planner", valid_lks_ids=LKS_IDS)
    old = auth.login(engine, "otto", PASSWORD, now=T0)
    token, _ = links.create_link(engine, "otto", "reset", "boss", now=T0)
    assert auth.principal_for_token(engine, old.token, now=_at(1)).username == "otto"  # a reset keeps it
    new = links.redeem_link(engine, token, NEW_PASSWORD, now=_at(1))
    with pytest.raises(AuthenticationRequired):
        auth.principal_for_token(engine, old.token, now=_at(1))
    assert auth.principal_for_token(engine, new.token, now=_at(1)).username == "otto"
    with pytest.raises(AuthenticationRequired):
        auth.login(engine, "otto", PASSWORD, now=_at(2))  # the old password is gone


def test_a_disabled_users_link_does_not_work_and_none_is_made(engine: Engine) -> None:
    token = _new(engine, "eva")
    auth.set_user_active(engine, "eva", False, changed_by="boss")
    with pytest.raises(links.InvalidLink):
        links.redeem_link(engine, token, NEW_PASSWORD, now=_at(1))
    with pytest.raises(ValidationError, match="no link was made"):
        links.create_link(engine, "eva", "reset", "boss", now=_at(1))
    with pytest.raises(NotFoundError):
        links.create_link(engine, "nobody", "reset", "boss", now=_at(1))
    with pytest.raises(ValidationError):
        links.create_link(engine, "eva", "forever", "boss", now=_at(1))


def test_a_new_user_is_checked_like_add_user(engine: Engine) -> None:
    cases = [
        (" padded", "planner", None, None, "username"),
        ("x", "guest", None, None, "role"),
        ("x", "lks", None, "jobcenter", "lks_id"),
        ("x", "lks", "atlantis", "jobcenter", "lks_id"),
        ("x", "lks", "aarhus", None, "system"),  # no default system from the web
        ("x", "planner", "aarhus", None, "lks_id"),
        ("x", "region", None, "jobcenter", "system"),
    ]
    for name, role, lks_id, system, column in cases:
        with pytest.raises(ValidationError) as refused:
            _new(engine, name, role, lks_id, system)
        assert [p.column for p in refused.value.problems] == [column], (name, role, lks_id, system)
    _new(engine, "eva")
    with pytest.raises(ValidationError, match="was not created") as taken:
        _new(engine, "eva")
    assert [p.rule for p in taken.value.problems] == ["is already taken"]
    assert _rows(engine, "SELECT COUNT(*) AS n FROM users")[0]["n"] == 1


# --- changes and the last admin ------------------------------------------------------------------


def test_update_user_changes_role_lks_and_system_and_clears_them_for_other_roles(engine: Engine) -> None:
    _new(engine, "eva")
    changed = links.update_user(
        engine, "eva", system="uddannelse", lks_id="randers", changed_by="boss", valid_lks_ids=LKS_IDS
    )
    assert changed == auth.Principal("eva", "lks", "randers", "uddannelse")
    assert links.update_user(
        engine, "eva", role="planner", changed_by="boss", valid_lks_ids=LKS_IDS
    ) == auth.Principal("eva", "planner", None, None)
    with engine.connect() as connection:
        stored = users.get_user(connection, "eva")
    assert stored is not None and (stored.role, stored.lks_id, stored.system) == ("planner", None, None)
    detail = _audit(engine, "user_changed")[-1]
    assert detail["username"] == "boss" and "role=lks->planner" in str(detail["detail"])


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"role": "guest"}, "role"),
        ({"role": "lks"}, "lks_id"),  # a planner becoming lks needs an LKS and a system
        ({"role": "lks", "lks_id": "aarhus"}, "system"),
        ({"lks_id": "aarhus"}, "lks_id"),  # a planner has no LKS
        ({"system": "jobcenter"}, "system"),
    ],
)
def test_update_user_is_checked_like_add_user(engine: Engine, change: dict[str, str], column: str) -> None:
    auth.add_user(engine, "otto", PASSWORD, "planner", valid_lks_ids=LKS_IDS)
    with pytest.raises(ValidationError) as refused:
        links.update_user(engine, "otto", valid_lks_ids=LKS_IDS, **change)  # type: ignore[arg-type]
    assert column in [p.column for p in refused.value.problems]
    with pytest.raises(NotFoundError):
        links.update_user(engine, "nobody", role="planner", valid_lks_ids=LKS_IDS)


def test_the_last_admin_can_be_neither_demoted_nor_disabled(engine: Engine) -> None:
    auth.add_user(engine, "boss", PASSWORD, "admin", valid_lks_ids=LKS_IDS)
    session = auth.login(engine, "boss", PASSWORD, now=T0)
    with pytest.raises(ValidationError, match="not changed") as demoted:
        links.update_user(engine, "boss", role="planner", changed_by="boss", valid_lks_ids=LKS_IDS)
    assert [p.column for p in demoted.value.problems] == ["role"]
    assert "last active admin" in demoted.value.problems[0].rule
    with pytest.raises(ValidationError) as disabled:
        links.update_user(engine, "boss", active=False, changed_by="boss", valid_lks_ids=LKS_IDS)
    assert [p.column for p in disabled.value.problems] == ["active"]
    with pytest.raises(ValidationError, match="not disabled"):
        auth.set_user_active(engine, "boss", False, changed_by="boss")
    assert auth.principal_for_token(engine, session.token, now=_at(1)).role == "admin"  # nothing changed

    auth.add_user(engine, "deputy", PASSWORD, "admin", valid_lks_ids=LKS_IDS)
    auth.set_user_active(engine, "deputy", False)  # an inactive admin does not count
    with pytest.raises(ValidationError):
        links.update_user(engine, "boss", role="region", valid_lks_ids=LKS_IDS)
    auth.set_user_active(engine, "deputy", True)
    links.update_user(engine, "boss", role="region", changed_by="boss", valid_lks_ids=LKS_IDS)
    with pytest.raises(ValidationError):
        auth.set_user_active(engine, "deputy", False)  # now deputy is the last one


def test_disabling_through_update_ends_the_sessions(engine: Engine) -> None:
    auth.add_user(engine, "otto", PASSWORD, "planner", valid_lks_ids=LKS_IDS)
    session = auth.login(engine, "otto", PASSWORD, now=T0)
    links.update_user(engine, "otto", active=False, changed_by="boss", valid_lks_ids=LKS_IDS)
    links.update_user(engine, "otto", active=True, changed_by="boss", valid_lks_ids=LKS_IDS)
    with pytest.raises(AuthenticationRequired):  # enabling again does not revive the session
        auth.principal_for_token(engine, session.token, now=_at(1))


# --- the service and the secure service ----------------------------------------------------------


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    tmp = tmp_path_factory.mktemp("links")
    svc = Service(
        Settings(
            database_url=f"sqlite:///{tmp}/t.db",
            data_dir=reference_data_dir(),
            cookie_secure=False,
            secret_key="test",
        )
    )
    auth.add_user(svc.engine, "boss", PASSWORD, "admin")
    yield svc
    svc.engine.dispose()


def _as(service: Service, role: str, name: str | None = None) -> SecureService:
    system = "jobcenter" if role == "lks" else None
    return SecureService(
        service, auth.Principal(name or f"a-{role}", role, "aarhus" if role == "lks" else None, system)
    )


def test_the_service_lists_created_at_and_pending_links_but_no_secret(service: Service) -> None:
    admin = _as(service, "admin", "boss")
    row, token, expires = admin.create_user_with_link("svc-eva", "lks", "aarhus", "uddannelse")
    assert row["link_pending"] is True and row["system"] == "uddannelse"
    assert expires > dt.datetime.now(dt.UTC) + dt.timedelta(hours=23)
    listed = admin.users().set_index("username")
    assert list(listed.reset_index().columns) == [
        "username",
        "role",
        "lks_id",
        "system",
        "active",
        "created_at",
        "link_pending",
    ]
    assert bool(listed.loc["svc-eva", "link_pending"]) and not bool(listed.loc["boss", "link_pending"])
    assert token not in listed.to_string()
    service.redeem_link(token, NEW_PASSWORD)
    assert not bool(admin.users().set_index("username").loc["svc-eva", "link_pending"])
    new_token, _ = admin.reset_link("svc-eva")
    assert service.link_username(new_token) == "svc-eva"
    changed = admin.update_user("svc-eva", role="planner")
    assert (changed["role"], changed["lks_id"], changed["system"]) == ("planner", None, None)
    with pytest.raises(ValidationError):
        admin.update_user("boss", role="planner")  # the only admin


@pytest.mark.parametrize("role", ["region", "lks", "planner"])
def test_only_admin_manages_users_and_each_refusal_is_logged(service: Service, role: str) -> None:
    secure = _as(service, role)
    calls = [
        lambda: secure.users(),
        lambda: secure.create_user_with_link(f"by-{role}", "admin"),
        lambda: secure.reset_link("boss"),
        lambda: secure.update_user("boss", role="planner"),
        lambda: secure.set_user_active("boss", False),
        lambda: secure.check_user_admin(),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    with service.engine.connect() as connection:
        refused = connection.execute(
            text("SELECT COUNT(*) FROM audit_log WHERE action = 'forbidden' AND username = :u"),
            {"u": f"a-{role}"},
        ).scalar_one()
    assert refused == len(calls)
    assert service.user("boss")["role"] == "admin"
