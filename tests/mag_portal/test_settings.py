"""Settings come from the environment; production is safe by default."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)
PROD_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "mag.example.org",
    "DATABASE_URL": "sqlite:////tmp/mag-portal-settings-test.sqlite3",
    # Django 6.1's deploy check refuses development-only email backends in production.
    "EMAIL_URL": "smtp+tls://portal:secret@mail.example.org:587",
}


# Variables of the test run that must not leak into a fresh production process.
_NOT_INHERITED = {"DEBUG", "SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _environment(env: dict[str, str]) -> dict[str, str]:
    inherited = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    return {**inherited, "DJANGO_SETTINGS_MODULE": "mag_portal.settings", **env}


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_environment(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _settings_in(env: dict[str, str], *names: str) -> dict[str, object]:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = _run(code, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_secret_key() -> None:
    result = _run("import django; django.setup()", {})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_set() -> None:
    assert _settings_in(PROD_ENV, "DEBUG") == {"DEBUG": False}
    assert _settings_in({"DEBUG": "1"}, "DEBUG") == {"DEBUG": True}


def test_debug_gets_a_development_secret_key_and_local_hosts() -> None:
    values = _settings_in({"DEBUG": "1"}, "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT")
    assert str(values["SECRET_KEY"]).startswith("django-insecure-")
    assert "127.0.0.1" in values["ALLOWED_HOSTS"]  # type: ignore[operator]
    assert values["SECURE_SSL_REDIRECT"] is False


def test_check_deploy_prints_no_issues_with_production_settings() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=_environment(PROD_ENV),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_database_url_selects_postgresql_with_persistent_connections() -> None:
    values = _settings_in(
        {**PROD_ENV, "DATABASE_URL": "postgres://mag:pw@db.example.org:5432/mag"}, "DATABASES"
    )
    default = values["DATABASES"]["default"]  # type: ignore[index]
    assert default["ENGINE"] == "django.db.backends.postgresql"
    assert default["HOST"] == "db.example.org"
    assert default["NAME"] == "mag"
    assert default["CONN_MAX_AGE"] == 60
    assert default["CONN_HEALTH_CHECKS"] is True


def test_default_database_is_a_sqlite_file_in_the_project() -> None:
    values = _settings_in({"DEBUG": "1"}, "DATABASES")
    default = values["DATABASES"]["default"]  # type: ignore[index]
    assert default["ENGINE"] == "django.db.backends.sqlite3"
    assert default["NAME"] == str(ROOT / "db.sqlite3")


def test_email_url_configures_smtp_mailer() -> None:
    values = _settings_in(
        {**PROD_ENV, "EMAIL_URL": "smtp+tls://user:secret@mail.example.org:587"}, "MAILERS"
    )
    mailer = values["MAILERS"]["default"]  # type: ignore[index]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.example.org",
        "port": 587,
        "username": "user",
        "password": "secret",
        "use_tls": True,
    }


def test_email_defaults_to_the_console() -> None:
    values = _settings_in({"DEBUG": "1"}, "MAILERS")
    assert values["MAILERS"]["default"]["BACKEND"].endswith("console.EmailBackend")  # type: ignore[index]


def test_production_static_files_have_hashed_names() -> None:
    values = _settings_in(PROD_ENV, "STORAGES")
    backend = values["STORAGES"]["staticfiles"]["BACKEND"]  # type: ignore[index]
    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.mark.django_db
def test_responses_carry_a_csp_without_inline_scripts(client: Client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert " style=" not in html
    assert "<script src=" in html  # htmx, from our own static files


def test_no_asset_is_loaded_from_another_origin() -> None:
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for marker in ('src="http', "src='http", 'href="http', "//cdn", "unpkg.com", "jsdelivr"):
            assert marker not in text, f"{template} loads {marker}"
