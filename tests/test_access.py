"""Users, passwords and sessions (lksmatch.auth) and the role/LKS checks of SecureService."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from reference import reference_data_dir
from sqlalchemy import text

from lksmatch import auth
from lksmatch.access import SecureService, records
from lksmatch.config import Settings
from lksmatch.errors import (
    AuthenticationRequired,
    NotFoundError,
    PermissionDenied,
    UsageError,
    ValidationError,
)
from lksmatch.service import Service
from store import repo

PASSWORD = "korrekt-hest-batteri"
HOME = "aarhus"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    tmp = tmp_path_factory.mktemp("access")
    svc = Service(Settings(database_url=f"sqlite:///{tmp}/t.db", data_dir=reference_data_dir(),
                           cookie_secure=False, secret_key="test"))
    svc.load_demo_data(scale=0.05, seed=1, folder=tmp / "demo")
    yield svc
    svc.engine.dispose()


@pytest.fixture(scope="module")
def needs(service: Service) -> pd.DataFrame:
    with service.engine.connect() as connection:
        return repo.load(connection, "needs")


@pytest.fixture(scope="module")
def other_lks(needs: pd.DataFrame) -> str:
    return str(next(lks for lks in needs["lks_id"].dropna().unique() if lks != HOME))


def _need_of(needs: pd.DataFrame, lks_id: str) -> str:
    return str(needs.loc[needs["lks_id"] == lks_id, "need_id"].iloc[0])


def _person(service: Service) -> str:
    with service.engine.connect() as connection:
        return str(repo.load(connection, "jobseekers")["person_id"].iloc[0])


def _secure(
    service: Service, role: str, lks_id: str | None = None, name: str | None = None, system: str | None = None
) -> SecureService:
    system = system or ("jobcenter" if role == "lks" else None)
    return SecureService(service, auth.Principal(name or f"test-{role}", role, lks_id, system))


def _audit(service: Service, action: str, username: str) -> list[dict[str, object]]:
    sql = "SELECT * FROM audit_log WHERE action = :a AND username = :u ORDER BY id"
    with service.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(text(sql), {"a": action, "u": username})]


# --- users and passwords ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "password", "role", "lks_id", "column"),
    [
        ("short-pw", "elleve-tegn", "planner", None, "password"),
        ("", PASSWORD, "planner", None, "username"),
        (" padded ", PASSWORD, "planner", None, "username"),
        ("no-role", PASSWORD, "guest", None, "role"),
        ("lks-without", PASSWORD, "lks", None, "lks_id"),
        ("lks-unknown", PASSWORD, "lks", "atlantis", "lks_id"),
        ("region-with", PASSWORD, "region", HOME, "lks_id"),
    ],
)
def test_add_user_rejects_bad_input(service: Service, username: str, password: str, role: str,
                                    lks_id: str | None, column: str) -> None:
    with pytest.raises(ValidationError) as caught:
        auth.add_user(service.engine, username, password, role, lks_id)
    assert any(p.column == column for p in caught.value.problems)


def test_add_user_stores_an_argon2_hash_and_refuses_duplicates(service: Service) -> None:
    principal = auth.add_user(service.engine, "hashed", PASSWORD, "lks", HOME)
    assert principal == auth.Principal("hashed", "lks", HOME, "jobcenter")  # the default system
    with service.engine.connect() as connection:
        sql = text("SELECT password_hash FROM users WHERE username = 'hashed'")
        stored = connection.execute(sql).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert auth.verify_password(stored, PASSWORD) and not auth.verify_password(stored, PASSWORD + "!")
    with pytest.raises(ValidationError, match="already taken"):
        auth.add_user(service.engine, "hashed", PASSWORD, "planner")


def test_minimum_password_length_is_twelve(service: Service) -> None:
    assert auth.MIN_PASSWORD_LENGTH == 12
    auth.add_user(service.engine, "twelve", "x" * 12, "planner")


# --- sessions -----------------------------------------------------------------------------------


def test_login_session_logout(service: Service) -> None:
    auth.add_user(service.engine, "sessions", PASSWORD, "region")
    result = auth.login(service.engine, "sessions", PASSWORD)
    principal = auth.principal_for_token(service.engine, result.token)
    assert principal == auth.Principal("sessions", "region", None)
    with service.engine.connect() as connection:
        stored = set(connection.execute(text("SELECT id FROM sessions")).scalars())
    assert result.token not in stored and auth.token_hash(result.token) in stored
    auth.logout(service.engine, result.token)
    with pytest.raises(AuthenticationRequired):
        auth.principal_for_token(service.engine, result.token)


@pytest.mark.parametrize("token", [None, "", "not-a-session"])
def test_no_or_unknown_token_is_401(service: Service, token: str | None) -> None:
    with pytest.raises(AuthenticationRequired):
        auth.principal_for_token(service.engine, token)


def test_sessions_expire(service: Service) -> None:
    auth.add_user(service.engine, "expiring", PASSWORD, "planner")
    start = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
    result = auth.login(service.engine, "expiring", PASSWORD, now=start)
    assert auth.principal_for_token(service.engine, result.token, now=start + dt.timedelta(hours=7)).username
    with pytest.raises(AuthenticationRequired):
        auth.principal_for_token(service.engine, result.token, now=start + auth.SESSION_LIFETIME)


def test_disabling_a_user_ends_its_sessions_and_logins(service: Service) -> None:
    auth.add_user(service.engine, "disabled", PASSWORD, "planner")
    result = auth.login(service.engine, "disabled", PASSWORD)
    _secure(service, "admin", name="boss").set_user_active("disabled", False)
    with pytest.raises(AuthenticationRequired):
        auth.principal_for_token(service.engine, result.token)
    with pytest.raises(AuthenticationRequired):
        auth.login(service.engine, "disabled", PASSWORD)
    auth.set_user_active(service.engine, "disabled", True)
    with pytest.raises(AuthenticationRequired):  # re-enabling does not revive old sessions
        auth.principal_for_token(service.engine, result.token)
    assert auth.login(service.engine, "disabled", PASSWORD).principal.username == "disabled"


def test_wrong_password_opens_no_session_and_is_logged(service: Service) -> None:
    auth.add_user(service.engine, "careful", PASSWORD, "planner")
    with service.engine.connect() as connection:
        before = connection.execute(text("SELECT COUNT(*) FROM sessions")).scalar_one()
    with pytest.raises(AuthenticationRequired, match="wrong username or password"):
        auth.login(service.engine, "careful", "not-the-password")
    with pytest.raises(AuthenticationRequired, match="wrong username or password"):
        auth.login(service.engine, "nobody-at-all", PASSWORD)
    with service.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM sessions")).scalar_one() == before
    assert _audit(service, "login_failed", "careful")


# --- SecureService: deny by default -------------------------------------------------------------


def test_an_unknown_role_may_do_nothing(service: Service, needs: pd.DataFrame) -> None:
    guest = _secure(service, "guest", name="guest")
    with pytest.raises(PermissionDenied):
        guest.area_stats("lks")
    with pytest.raises(PermissionDenied):
        guest.needs(HOME)
    with pytest.raises(PermissionDenied):
        guest.candidates(_need_of(needs, HOME))
    with pytest.raises(PermissionDenied):
        guest.export_stats("lks", "csv", Path("/nonexistent/x.csv"))
    assert len(_audit(service, "forbidden", "guest")) == 4


@pytest.mark.parametrize("role", ["region", "planner"])
def test_aggregate_roles_never_reach_person_level_methods(
    service: Service, needs: pd.DataFrame, role: str
) -> None:
    secure = _secure(service, role, name=f"agg-{role}")
    need = _need_of(needs, HOME)
    for call in (lambda: secure.needs(HOME), lambda: secure.candidates(need),
                 lambda: secure.record_decision(need, _person(service), "accepted", None),
                 lambda: secure.add_user("x", PASSWORD, "admin")):
        with pytest.raises(PermissionDenied):
            call()
    assert len(_audit(service, "forbidden", f"agg-{role}")) == 4


def test_lks_user_sees_its_own_needs_only(service: Service, other_lks: str) -> None:
    secure = _secure(service, "lks", HOME, name="lks-own")
    own = secure.needs()
    assert len(own) and set(own["lks_id"]) == {HOME} and own["company_name"].notna().all()
    assert secure.needs(HOME).equals(own)
    with pytest.raises(PermissionDenied):
        secure.needs(other_lks)
    rows = _audit(service, "forbidden", "lks-own")
    assert rows[-1]["record_kind"] == "lks" and rows[-1]["record_id"] == other_lks
    with pytest.raises(NotFoundError):
        secure.needs("atlantis")


def test_admin_sees_any_lks_but_must_name_it(service: Service, other_lks: str) -> None:
    admin = _secure(service, "admin")
    assert set(admin.needs(other_lks)["lks_id"]) == {other_lks}
    with pytest.raises(UsageError):
        admin.needs()


def test_forged_cross_lks_need_is_refused_and_logged(
    service: Service, needs: pd.DataFrame, other_lks: str
) -> None:
    secure = _secure(service, "lks", HOME, name="lks-forger")
    foreign = _need_of(needs, other_lks)
    with pytest.raises(PermissionDenied):
        secure.candidates(foreign)
    with pytest.raises(PermissionDenied):
        secure.record_decision(foreign, _person(service), "accepted", "forged")
    rows = _audit(service, "forbidden", "lks-forger")
    assert [(r["record_kind"], r["record_id"]) for r in rows] == [("need", foreign)] * 2
    assert f"lks={HOME}" in str(rows[0]["detail"])
    with pytest.raises(NotFoundError):
        secure.candidates("NO-SUCH-NEED")


@pytest.mark.parametrize("top", [0, -1, 101, "5", True])
def test_top_is_validated(service: Service, needs: pd.DataFrame, top: object) -> None:
    with pytest.raises(UsageError):
        _secure(service, "lks", HOME).candidates(_need_of(needs, HOME), top=top)  # type: ignore[arg-type]


def test_candidates_are_audited_per_person(service: Service, needs: pd.DataFrame) -> None:
    need = _need_of(needs, HOME)
    frame = _secure(service, "lks", HOME, name="lks-reader").candidates(need, top=4)
    assert 0 < len(frame) <= 4
    rows = _audit(service, "read_candidate", "lks-reader")
    assert [r["record_id"] for r in rows] == list(frame["person_id"].astype(str))
    assert all(r["record_kind"] == "person" and need in str(r["detail"]) for r in rows)


def _decisions(service: Service) -> pd.DataFrame:
    with service.engine.connect() as connection:
        return repo.load_decisions(connection)


def test_decisions_are_validated_and_recorded(service: Service, needs: pd.DataFrame) -> None:
    secure = _secure(service, "lks", HOME, name="lks-decider")
    need = _need_of(needs, HOME)
    person = str(secure.candidates(need, top=3)["person_id"].iloc[0])  # shown first, as in the workspace
    with pytest.raises(ValidationError):
        secure.record_decision(need, person, "hired", None)
    with pytest.raises(ValidationError):
        secure.record_decision(need, person, "accepted", "x" * 5000)
    with pytest.raises(ValidationError):
        secure.record_decision(need, "P" * 65, "accepted", None)
    secure.record_decision(need, person, "accepted", "god match")
    with service.engine.connect() as connection:
        decisions = repo.load_decisions(connection)
    assert ((decisions["username"] == "lks-decider") & (decisions["decision"] == "accepted")).sum() == 1


def _forbidden_about(service: Service, username: str, person_id: str) -> list[dict[str, object]]:
    return [r for r in _audit(service, "forbidden", username)
            if r["record_kind"] == "person" and r["record_id"] == person_id]


def test_a_decision_needs_the_person_shown_for_that_need(service: Service, needs: pd.DataFrame) -> None:
    secure = _secure(service, "lks", HOME, name="lks-blind")
    own = needs.loc[needs["lks_id"] == HOME, "need_id"].astype(str)
    need, other_need = [n for n in own if len(service.candidates_for_need(n, top=1))][:2]
    before = len(_decisions(service))
    never_shown = _person(service)
    with pytest.raises(PermissionDenied) as refused:
        secure.record_decision(need, never_shown, "accepted", "forged")
    assert "shown to you or your LKS team as a candidate" in refused.value.message
    assert never_shown not in refused.value.message and refused.value.http_status == 403
    # an id that does not exist gets the very same answer: no probing for pseudonyms
    with pytest.raises(PermissionDenied) as unknown:
        secure.record_decision(need, "NOBODY", "accepted", None)
    assert unknown.value.message == refused.value.message
    # shown for another need is not shown for this one
    shown_elsewhere = str(secure.candidates(other_need, top=3)["person_id"].iloc[0])
    with pytest.raises(PermissionDenied):
        secure.record_decision(need, shown_elsewhere, "accepted", None)
    assert len(_decisions(service)) == before  # nothing was written
    for person in (never_shown, "NOBODY", shown_elsewhere):
        (entry,) = _forbidden_about(service, "lks-blind", person)
        assert f"decision on need {need}" in str(entry["detail"])
    secure.record_decision(other_need, shown_elsewhere, "contacted", None)  # where it was shown: fine
    assert len(_decisions(service)) == before + 1


def test_the_lks_team_shares_what_it_was_shown(service: Service, needs: pd.DataFrame, other_lks: str) -> None:
    for name, role, lks_id in [("team-a", "lks", HOME), ("team-b", "lks", HOME),
                               ("elsewhere", "lks", other_lks), ("boss-decider", "admin", None)]:
        auth.add_user(service.engine, name, PASSWORD, role, lks_id)
    need = _need_of(needs, HOME)
    person = str(_secure(service, "lks", HOME, name="team-a").candidates(need, top=2)["person_id"].iloc[0])
    _secure(service, "lks", HOME, name="team-b").record_decision(need, person, "contacted", "ringet op")
    decided = _decisions(service)
    assert ((decided["username"] == "team-b") & (decided["person_id"] == person)).sum() == 1
    # an admin is no member of the team: it decides on what it was shown itself
    boss = _secure(service, "admin", name="boss-decider")
    with pytest.raises(PermissionDenied):
        boss.record_decision(need, person, "accepted", None)
    boss.candidates(need, top=2)
    boss.record_decision(need, person, "accepted", None)
    # the service holds the rule, whoever calls it: a user of another LKS team, an unknown name
    for username in ("elsewhere", "cli"):
        with pytest.raises(PermissionDenied):
            service.record_decision(need, person, "rejected", None, username=username)
        assert _forbidden_about(service, username, person)


def test_login_limits_come_from_the_settings_and_outlive_the_service(service: Service) -> None:
    auth.add_user(service.engine, "throttled", PASSWORD, "planner")
    settings = replace(service.settings, login_max_failures_per_user=2)
    start = dt.datetime.now(dt.UTC)
    first = Service(settings)
    for i in range(2):
        with pytest.raises(AuthenticationRequired):
            first.login("throttled", "not-the-password", address="203.0.113.5",
                        now=start + dt.timedelta(seconds=i))
    first.engine.dispose()
    second = Service(settings)  # another process, as it were: the counts are in the database
    try:
        with pytest.raises(auth.TooManyLoginAttempts) as refused:
            second.login("throttled", PASSWORD, address="203.0.113.6", now=start + dt.timedelta(minutes=1))
        assert refused.value.retry_after == 14 * 60
        assert second.login("throttled", PASSWORD, now=start + dt.timedelta(minutes=15, seconds=1)).token
    finally:
        second.engine.dispose()
    assert _audit(service, auth.THROTTLED, "throttled")


def test_exports_are_for_region_planner_admin(service: Service, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        _secure(service, "lks", HOME, name="lks-export").export_stats("lks", "csv", tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()
    out = _secure(service, "planner", name="planner-export").export_stats("lks", "csv", tmp_path / "s.csv")
    text_out = out.read_text(encoding="utf-8")
    assert "person_id" not in text_out and len(text_out.splitlines()) == 17  # header, 15 LKS, region
    assert _audit(service, "export_stats", "planner-export")


def test_only_admin_manages_users(service: Service) -> None:
    with pytest.raises(PermissionDenied):
        _secure(service, "lks", HOME).add_user("made-by-lks", PASSWORD, "admin")
    made = _secure(service, "admin", name="boss").add_user("made-by-admin", PASSWORD, "lks", HOME)
    assert made == auth.Principal("made-by-admin", "lks", HOME, "jobcenter")
    assert _audit(service, "user_added", "boss")
    with pytest.raises(NotFoundError):
        _secure(service, "admin").set_user_active("no-such-user", False)
    listed = _secure(service, "admin").users()
    columns = ["username", "role", "lks_id", "system", "active", "created_at", "link_pending"]
    assert list(listed.columns) == columns
    assert listed.set_index("username").loc["made-by-admin", "lks_id"] == HOME
    with pytest.raises(PermissionDenied):
        _secure(service, "planner").users()


def test_records_are_json_ready() -> None:
    frame = pd.DataFrame({"a": [1, None], "d": [pd.Timestamp("2026-01-02"), pd.NaT], "s": ["x", "<5"],
                          "n": pd.array([1, None], dtype="Int64"), "l": [["a", "b"], []]})
    assert records(frame) == [{"a": 1.0, "d": "2026-01-02T00:00:00", "s": "x", "n": 1, "l": ["a", "b"]},
                              {"a": None, "d": None, "s": "<5", "n": None, "l": []}]


@pytest.mark.parametrize("reason", ["ringet 010190-1234", "cpr 0101901234 kontaktet"])
def test_a_decision_reason_with_a_cpr_number_is_refused(service: Service, reason: str) -> None:
    need = service.needs_for_lks(HOME)["need_id"].iloc[0]
    secure = SecureService(service, auth.Principal("admin-cpr", "admin"))
    with pytest.raises(ValidationError, match="CPR") as caught:
        secure.record_decision(str(need), "P-1", "contacted", reason)
    assert "1234" not in str(caught.value)
