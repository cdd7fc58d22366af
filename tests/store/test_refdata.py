"""Reference data: data folder, cache, and real downloads from a loopback HTTP server."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from reference import reference_data_dir

from lksmatch.config import Settings
from lksmatch.errors import ReferenceDataError
from store import refdata


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; ``/truncated/...`` promises more bytes than it sends."""

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/truncated/"):
            body = (Path(self.directory) / self.path.removeprefix("/truncated/")).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        super().do_GET()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A loopback HTTP server over a copy of the shared data plus one corrupted file."""
    root = tmp_path_factory.mktemp("served")
    shutil.copytree(reference_data_dir() / "boundaries", root / "boundaries")
    corrupt = bytearray((reference_data_dir() / "boundaries" / "dk_municipalities.geojson").read_bytes())
    corrupt[1000] ^= 0x01  # one flipped bit
    (root / "corrupt.geojson").write_bytes(bytes(corrupt))
    handler = functools.partial(_Handler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _settings(cache: Path) -> Settings:
    return Settings(data_dir=None, cache_dir=cache)


def _leftovers(cache: Path) -> list[Path]:
    return [p for p in cache.rglob("*") if p.is_file()]


def test_download_verifies_and_caches(server: str, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    url = f"{server}/boundaries/dk_municipalities.geojson"
    path = refdata.locate(refdata.MUNICIPALITIES, settings, urls={refdata.MUNICIPALITIES.name: url})
    assert path == tmp_path / refdata.MUNICIPALITIES.name
    assert refdata.sha256_of(path) == refdata.MUNICIPALITIES.sha256
    # Second call uses the cache: a URL that cannot work proves no new download happens.
    again = refdata.locate(
        refdata.MUNICIPALITIES, settings, urls={refdata.MUNICIPALITIES.name: "http://127.0.0.1:9/x"}
    )
    assert again == path


def test_corrupt_download_is_rejected_and_not_cached(server: str, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with pytest.raises(ReferenceDataError, match="SHA-256"):
        refdata.locate(
            refdata.MUNICIPALITIES, settings, urls={refdata.MUNICIPALITIES.name: f"{server}/corrupt.geojson"}
        )
    assert _leftovers(tmp_path) == []


def test_truncated_download_is_rejected_and_not_cached(server: str, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    url = f"{server}/truncated/boundaries/dk_postal_codes.geojson"
    with pytest.raises(ReferenceDataError, match="truncated|could not download"):
        refdata.locate(refdata.POSTAL_CODES, settings, urls={refdata.POSTAL_CODES.name: url})
    assert _leftovers(tmp_path) == []


def test_missing_file_on_server_is_an_error(server: str, tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="could not download"):
        refdata.locate(
            refdata.POSTAL_CODES, _settings(tmp_path), urls={refdata.POSTAL_CODES.name: f"{server}/nope"}
        )
    assert _leftovers(tmp_path) == []


def test_no_network_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port that nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ReferenceDataError, match="LKSMATCH_DATA_DIR"):
        refdata.locate(
            refdata.POSTAL_CODES,
            _settings(tmp_path),
            urls={refdata.POSTAL_CODES.name: f"http://127.0.0.1:{port}/x"},
        )
    assert _leftovers(tmp_path) == []


def test_damaged_cache_entry_is_replaced(server: str, tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    bad = tmp_path / refdata.MUNICIPALITIES.name
    bad.parent.mkdir(parents=True)
    bad.write_text("{}")
    url = f"{server}/boundaries/dk_municipalities.geojson"
    path = refdata.locate(refdata.MUNICIPALITIES, settings, urls={refdata.MUNICIPALITIES.name: url})
    assert refdata.sha256_of(path) == refdata.MUNICIPALITIES.sha256


def test_data_dir_is_used_and_checked(tmp_path: Path) -> None:
    ok = refdata.locate(refdata.MUNICIPALITIES, Settings(data_dir=reference_data_dir(), cache_dir=tmp_path))
    assert ok == reference_data_dir() / refdata.MUNICIPALITIES.name
    (tmp_path / "boundaries").mkdir()
    with pytest.raises(ReferenceDataError, match="has no boundaries/dk_postal_codes.geojson"):
        refdata.locate(refdata.POSTAL_CODES, Settings(data_dir=tmp_path, cache_dir=tmp_path / "c"))
    (tmp_path / "boundaries" / "dk_postal_codes.geojson").write_text("{}")
    with pytest.raises(ReferenceDataError, match="not the pinned version"):
        refdata.locate(refdata.POSTAL_CODES, Settings(data_dir=tmp_path, cache_dir=tmp_path / "c"))


def test_every_shared_file_matches_its_pin() -> None:
    for ref in refdata.REFERENCE_FILES.values():
        assert refdata.sha256_of(reference_data_dir() / ref.name) == ref.sha256, ref.name


def test_danish_labels_are_derived_from_the_two_melo_files(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rebuild MELO-shaped sources from the shipped labels, serve them, and derive the file again."""
    labels = (reference_data_dir() / refdata.ESCO_LABELS_DA.name).read_text(encoding="utf-8").splitlines()[1:]
    elements, mapping = [], []
    for i, line in enumerate(labels):
        uri, _kind, index, label = line.split("\t")
        element = f"e{i}_da_{int(index):03d}"
        elements.append(f"{element}\t{label}\n")
        mapping.append(f"{element}\t{uri}\n")
    served = tmp_path / "served"
    served.mkdir()
    (served / "el.tsv").write_text("".join(elements), encoding="utf-8")
    (served / "map.tsv").write_text("".join(mapping), encoding="utf-8")
    el_ref = refdata.RefFile(refdata.MELO_ELEMENTS.name, "", refdata.sha256_of(served / "el.tsv"))
    map_ref = refdata.RefFile(refdata.MELO_MAPPING.name, "", refdata.sha256_of(served / "map.tsv"))
    monkeypatch.setattr(refdata, "MELO_ELEMENTS", el_ref)
    monkeypatch.setattr(refdata, "MELO_MAPPING", map_ref)
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(served))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        cache = tmp_path / "cache"
        settings = _settings(cache)
        refdata.locate(
            refdata.ESCO_LABELS_DA,
            settings,
            urls={el_ref.name: f"{base}/el.tsv", map_ref.name: f"{base}/map.tsv"},
        )
        derived = refdata.read_esco_labels_da(settings)
        assert refdata.sha256_of(cache / refdata.ESCO_LABELS_DA.name) == refdata.ESCO_LABELS_DA.sha256
    finally:
        httpd.shutdown()
        httpd.server_close()
    original = refdata.read_esco_labels_da(Settings(data_dir=reference_data_dir()))
    key = ["concept_uri", "label_index"]
    assert (
        derived.sort_values(key)
        .reset_index(drop=True)
        .equals(original.sort_values(key).reset_index(drop=True))
    )
