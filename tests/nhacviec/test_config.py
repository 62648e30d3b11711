import pytest

from nhacviec.config import ConfigError, load_settings


def test_defaults(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no stray .env
    s = load_settings()
    assert s.database_url == "sqlite+aiosqlite:///nhacviec.db"
    assert s.timezone == "Asia/Ho_Chi_Minh"
    assert s.language == "vi"
    assert s.telegram_api_url == "https://api.telegram.org"
    assert s.zalo_api_url == "https://bot-api.zaloplatforms.com"
    assert (s.listen_host, s.listen_port) == ("0.0.0.0", 8080)
    assert s.public_url is None and not s.webhook_mode


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("NHACVIEC_DATABASE_URL", "mysql://x"),
        ("NHACVIEC_TIMEZONE", "Asia/Nowhere"),
        ("NHACVIEC_LANGUAGE", "fr"),
        ("NHACVIEC_LISTEN", "8080"),
        ("NHACVIEC_PUBLIC_URL", "ftp://example"),
    ],
)
def test_bad_setting_names_the_variable(monkeypatch, tmp_path, var, value):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError) as err:
        load_settings()
    assert str(err.value).startswith(var + ":")
    assert "\n" not in str(err.value)


def test_env_file_is_read(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("NHACVIEC_LANGUAGE=en\nNHACVIEC_PUBLIC_URL=https://bot.example.vn/\n")
    s = load_settings()
    assert s.language == "en"
    assert s.public_url == "https://bot.example.vn" and s.webhook_mode
