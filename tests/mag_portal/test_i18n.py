"""French and Spanish work end to end: catalogues compile, pages render translated, and the
language switcher works for anonymous visitors."""

from __future__ import annotations

import subprocess
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

LOCALES = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_catalogue_is_complete_and_compiled(language: str) -> None:
    po = LOCALES / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `make messages` (needs gettext)"
    assert mo.stat().st_mtime >= po.stat().st_mtime, f"{mo} is older than {po}: make messages"
    untranslated = subprocess.run(  # noqa: S603
        ["msgattrib", "--untranslated", "--no-obsolete", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "msgid" not in untranslated.replace('msgid ""\nmsgstr ""', ""), untranslated[:2000]


@pytest.mark.parametrize(
    ("language", "skip_link", "heading"),
    [
        ("fr", "Aller au contenu principal", 'lang="fr"'),
        ("es", "Ir al contenido principal", 'lang="es"'),
    ],
)
@pytest.mark.django_db
def test_pages_render_in_the_requested_language(
    client: Client, language: str, skip_link: str, heading: str
) -> None:
    html = client.get("/", headers={"accept-language": language}).content.decode()
    assert heading in html
    assert skip_link in html
    assert "Skip to main content" not in html


@pytest.mark.django_db
def test_anonymous_visitor_can_switch_language(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert 'lang="es"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_unknown_language_falls_back_to_english(client: Client) -> None:
    html = client.get("/", headers={"accept-language": "xx"}).content.decode()
    assert 'lang="en"' in html
