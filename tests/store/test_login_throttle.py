"""Login throttling (lksmatch.auth.login over store.users), on SQLite and PostgreSQL.

The counts live in the database, so they are the same for every process: a new engine on
the same database sees them. Times are injected with ``now=`` (no waiting, no wall clock).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select, text

from lksmatch import auth
from lksmatch.errors import AuthenticationRequired
from store import models, users
from store.db import make_engine

PASSWORD = "korrekt-hest-batteri"
WRONG = "forkert-hest-batteri"
HERE, THERE = "192.0.2.10", "198.51.100.20"
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
LIMITS = auth.LoginLimits()  # the defaults: 5 per username, 20 per address, 15 minutes
#: Fewer failures to type (each wrong password costs an argon2 check) where the number is not the point.
FEW = auth.LoginLimits(per_user=2, per_address=20, window=dt.timedelta(minutes=15))


def _at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def _user(engine: Engine, name: str) -> str:
    auth.add_user(engine, name, PASSWORD, "planner", valid_lks_ids=())
    return name


def _fail(engine: Engine, name: str, times: int, *, address: str = HERE, start: float = 0,
          limits: auth.LoginLimits = LIMITS) -> None:
    for i in range(times):
        with pytest.raises(AuthenticationRequired):
            auth.login(engine, name, WRONG, address=address, limits=limits, now=_at(start + i))


def _audit(engine: Engine, action: str, username: str) -> list[dict[str, object]]:
    sql = text("SELECT * FROM audit_log WHERE action = :a AND username = :u ORDER BY id")
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(sql, {"a": action, "u": username})]


def _sessions(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT COUNT(*) FROM sessions")).scalar_one())


@pytest.fixture
def same_database(engine: Engine) -> Iterator[Engine]:
    """A second, independent engine on the database of ``engine`` (another process, as it were)."""
    if engine.dialect.name == "sqlite":
        other = make_engine(engine.url)
    else:
        with engine.connect() as connection:
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        other = make_engine(engine.url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield other
    finally:
        other.dispose()


def test_the_right_password_is_refused_after_n_failures_until_the_window_passes(engine: Engine) -> None:
    name = _user(engine, "anna")
    _fail(engine, name, LIMITS.per_user)
    with pytest.raises(auth.TooManyLoginAttempts) as refused:
        auth.login(engine, name, PASSWORD, address=HERE, limits=LIMITS, now=_at(60))
    # the oldest failure (at 0 s) leaves the 15-minute window at 900 s
    assert refused.value.retry_after == 900 - 60
    assert refused.value.http_status == 429
    assert _sessions(engine) == 0
    throttled = _audit(engine, auth.THROTTLED, name)
    assert len(throttled) == 1 and HERE in str(throttled[0]["detail"])
    assert "username" in str(throttled[0]["detail"])
    assert len(_audit(engine, "login_failed", name)) == LIMITS.per_user  # the refusal is no failure

    # once the oldest failure leaves the window, one attempt is allowed again: the right one
    result = auth.login(engine, name, PASSWORD, address=HERE, limits=LIMITS, now=_at(900 + 1))
    assert result.principal.username == name
    with engine.connect() as connection:  # and the success resets the username's count
        assert users.login_attempt_times(connection, since=T0, username=name) == []
    _fail(engine, name, LIMITS.per_user, start=902)
    with pytest.raises(auth.TooManyLoginAttempts):
        auth.login(engine, name, PASSWORD, address=THERE, limits=LIMITS, now=_at(910))


def test_refused_attempts_do_not_extend_the_wait(engine: Engine) -> None:
    name = _user(engine, "bent")
    _fail(engine, name, FEW.per_user, limits=FEW)
    for second in (100, 200, 300, 899):
        with pytest.raises(auth.TooManyLoginAttempts) as refused:
            auth.login(engine, name, PASSWORD, address=HERE, limits=FEW, now=_at(second))
        assert refused.value.retry_after == 900 - second
    assert auth.login(engine, name, PASSWORD, address=HERE, limits=FEW, now=_at(900.5)).token
    assert len(_audit(engine, auth.THROTTLED, name)) == 4


def test_counts_survive_a_new_engine_on_the_same_database(engine: Engine, same_database: Engine) -> None:
    name = _user(engine, "carl")
    _fail(engine, name, FEW.per_user, limits=FEW)
    engine.dispose()
    with pytest.raises(auth.TooManyLoginAttempts):
        auth.login(same_database, name, PASSWORD, address=THERE, limits=FEW, now=_at(30))
    assert auth.login(same_database, name, PASSWORD, limits=FEW, now=_at(16 * 60)).token


def test_an_unknown_username_is_throttled_exactly_like_a_known_one(engine: Engine) -> None:
    known = _user(engine, "dorte")
    answers = []
    for name, address in ((known, HERE), ("ingen-saadan", THERE)):
        _fail(engine, name, FEW.per_user, address=address, limits=FEW)
        with pytest.raises(auth.TooManyLoginAttempts) as refused:
            auth.login(engine, name, PASSWORD, address=address, limits=FEW, now=_at(60))
        answers.append((refused.value.message, refused.value.retry_after))
    assert answers[0] == answers[1]
    assert "dorte" not in answers[0][0]


def test_the_address_limit_counts_distinct_usernames_so_a_shared_office_is_not_locked_out(
    engine: Engine,
) -> None:
    """Behind one office NAT, colleagues mistyping their own passwords do not lock out the others;
    one address trying many usernames (password spraying) is still stopped.
    """
    limits = auth.LoginLimits(per_user=3, per_address=3, window=dt.timedelta(minutes=15))
    anna, bent, carl = _user(engine, "anna"), _user(engine, "bent"), _user(engine, "carl")
    _fail(engine, anna, 3, limits=limits)
    with pytest.raises(auth.TooManyLoginAttempts):  # anna: the username limit
        auth.login(engine, anna, PASSWORD, address=HERE, limits=limits, now=_at(10))
    _fail(engine, carl, 2, start=20, limits=limits)
    # five failures from this address, but by two people: bent gets in from the same office
    assert auth.login(engine, bent, PASSWORD, address=HERE, limits=limits, now=_at(30)).token
    # a third username failing from here makes three: now the address is held, even for bent
    _fail(engine, "ukendt", 1, start=50, limits=limits)
    with pytest.raises(auth.TooManyLoginAttempts) as refused:
        auth.login(engine, bent, PASSWORD, address=HERE, limits=limits, now=_at(60))
    assert refused.value.retry_after == 902 - 60  # until anna's last failure (at 2 s) leaves the window
    assert "address" in str(_audit(engine, auth.THROTTLED, bent)[-1]["detail"])
    # from another address bent gets in, anna still not (her username limit holds everywhere)
    assert auth.login(engine, bent, PASSWORD, address=THERE, limits=limits, now=_at(70)).token
    with pytest.raises(auth.TooManyLoginAttempts):
        auth.login(engine, anna, PASSWORD, address=THERE, limits=limits, now=_at(80))


def test_an_ipv6_client_is_counted_per_64_network(engine: Engine) -> None:
    limits = auth.LoginLimits(per_user=10, per_address=2, window=dt.timedelta(minutes=15))
    _fail(engine, "a", 1, address="2001:db8:1:2::1", limits=limits)
    _fail(engine, "b", 1, address="2001:db8:1:2:ffff::9", start=1, limits=limits)
    with pytest.raises(auth.TooManyLoginAttempts):
        auth.login(engine, "c", WRONG, address="2001:db8:1:2:abcd::1", limits=limits, now=_at(2))
    with pytest.raises(AuthenticationRequired):  # another /64 is another client
        auth.login(engine, "c", WRONG, address="2001:db8:1:3::1", limits=limits, now=_at(3))


def test_parallel_guesses_cannot_slip_past_the_limit(engine: Engine) -> None:
    """Each attempt is written before it is counted, so at most ``per_user`` passwords are checked."""
    name = _user(engine, "parallel")
    limits = auth.LoginLimits(per_user=3, per_address=100, window=dt.timedelta(minutes=15))
    outcomes: list[str] = []
    start = threading.Barrier(8)

    def guess() -> None:
        start.wait()
        try:
            auth.login(engine, name, WRONG, address=HERE, limits=limits, now=_at(1))
        except auth.TooManyLoginAttempts:
            outcomes.append("throttled")
        except AuthenticationRequired:
            outcomes.append("checked")

    threads = [threading.Thread(target=guess) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 8
    assert outcomes.count("checked") <= limits.per_user
    assert len(_audit(engine, "login_failed", name)) == outcomes.count("checked")


def test_old_attempts_are_pruned(engine: Engine) -> None:
    _fail(engine, "gammel", 2)
    _fail(engine, "ny", 1, start=20 * 60)
    table = models.Base.metadata.tables["login_attempts"]
    with engine.connect() as connection:
        names = connection.execute(select(table.c.username)).scalars().all()
    assert names == ["ny"]


def test_attempt_times_need_exactly_one_key(engine: Engine) -> None:
    with engine.connect() as connection, pytest.raises(ValueError, match="exactly one"):
        users.login_attempt_times(connection, since=T0)


@pytest.mark.parametrize(
    ("given", "key"),
    [
        (None, None),
        ("", None),
        ("192.0.2.7", "192.0.2.7"),
        (" 192.0.2.7 ", "192.0.2.7"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("not-an-address", "not-an-address"),
        ("x" * 100, "x" * 64),
    ],
)
def test_address_key(given: str | None, key: str | None) -> None:
    assert auth.address_key(given) == key


@pytest.mark.parametrize("bad", [{"per_user": 0}, {"per_address": 0}, {"window": dt.timedelta(0)}])
def test_limits_must_be_positive(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="expected"):
        auth.LoginLimits(**bad)  # type: ignore[arg-type]
