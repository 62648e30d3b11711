"""`nhacviec web link`: a sign-in link for Văn phòng, leaders and unit heads, refused for others."""

from __future__ import annotations

import json


def _setup(cli) -> None:
    assert cli("org", "create", "Sở Thử Web", "--slug", "so-web")[0] == 0
    assert cli("unit", "add", "so-web", "Văn phòng Sở", "--office")[0] == 0
    assert cli("officer", "add", "so-web", "--unit", "Văn phòng Sở", "--name", "Trần Thị Web", "--role", "office")[0] == 0
    assert cli("officer", "add", "so-web", "--unit", "Văn phòng Sở", "--name", "Cán Bộ Thường")[0] == 0


def test_web_link_prints_a_one_time_link(cli, monkeypatch):
    monkeypatch.setenv("NHACVIEC_WEB_URL", "https://nhacviec.so-web.example")
    _setup(cli)
    code, out, err = cli("web", "link", "1")
    assert code == 0 and "15 phút" in out
    assert out.strip().splitlines()[-1].startswith("https://nhacviec.so-web.example/web/vao/")
    assert "NHACVIEC_WEB_URL" not in err
    code, out, _ = cli("web", "link", "1", "--json")
    data = json.loads(out)
    assert data["expires_in_s"] == 900 and data["url"].count("/web/vao/") == 1


def test_web_link_refuses_an_ordinary_officer_and_warns_without_a_base(cli):
    _setup(cli)
    code, out, err = cli("web", "link", "2")
    assert code != 0 and "Văn phòng" in err and "/web/vao/" not in out
    code, out, err = cli("web", "link", "1")
    assert code == 0 and "http://localhost:8080/web/vao/" in out and "NHACVIEC_WEB_URL" in err


def test_web_token_prints_a_bearer_token_and_revoke_ends_it(cli):
    _setup(cli)
    code, out, _ = cli("web", "token", "1", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["token"]) >= 40 and data["expires_in_s"] == 365 * 86400
    code, out, _ = cli("web", "token", "1")
    assert code == 0 and "365 ngày" in out and data["token"] not in out  # a new one, the old replaced
    code, out, _ = cli("web", "revoke", "1", "--json")
    assert code == 0 and json.loads(out)["revoked"] == 1
    code, out, _ = cli("web", "revoke", "1")
    assert code == 0 and "(0)" in out
    code, out, err = cli("web", "token", "2")
    assert code != 0 and "Văn phòng" in err and "token" not in out.lower()
