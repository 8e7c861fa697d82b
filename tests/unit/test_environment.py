"""The environment a build reads (CI, SITE_URL, STAR_VIEW and the STAR_* switches): every spelling people use is
understood, anything else stops the build with a line naming the variable; then the same through real builds."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import BuildResult, make_project, run_build
from star_bank.build import DEFAULT_SITE_URL, BuildStopped, build_time, read_environment
from star_bank.environment import SOURCE_DATES, EnvironmentProblem, read_site_url, read_source_date, read_switch
from star_bank.model.settings import load_settings, setting_specs

SWITCHES = ["CI", *(spec.env for spec in setting_specs() if spec.env)]
TRUE = ["true", "TRUE", "True", "tRuE", "1", "yes", "YES", "Yes", "on", "ON", "On", " true ", "\tyes\n"]
FALSE = ["false", "FALSE", "False", "0", "no", "NO", "No", "off", "OFF", "Off", " off "]
EMPTY = ["", " ", "\t", "\n"]
NOT_A_SWITCH = ["2", "-1", "y", "n", "t", "f", "enable", "disabled", "truee", "null", "none", "0x1", "tru e", "yes!", "ja", "✓"]
PREVIEW = 40


def test_the_switches_are_ci_and_every_star_variable_the_schema_declares() -> None:
    assert SWITCHES[0] == "CI"
    assert set(SWITCHES[1:]) >= {"STAR_PRACTICE_PAGE", "STAR_COACH_PAGE", "STAR_SEARCH_ENGINES", "STAR_COACH_STRICT"}


# read_switch never looks at the variable's name but to quote it: every spelling is tried on one name,
# and every name on one spelling of each kind.
def test_a_switch_reads_every_spelling_of_yes_no_and_empty() -> None:
    assert {raw: read_switch({"CI": raw}, "CI") for raw in TRUE} == dict.fromkeys(TRUE, True)
    assert {raw: read_switch({"CI": raw}, "CI") for raw in FALSE} == dict.fromkeys(FALSE, False)
    assert {raw: read_switch({"CI": raw}, "CI") for raw in EMPTY} == dict.fromkeys(EMPTY, None)
    assert read_switch({}, "CI") is None


def test_anything_else_stops_with_a_line_naming_the_variable() -> None:
    for raw in NOT_A_SWITCH:
        with pytest.raises(EnvironmentProblem) as caught:
            read_switch({"CI": raw}, "CI")
        message = str(caught.value)
        assert message.startswith("CI="), raw
        assert "true or false" in message, raw
        assert "\n" not in message, raw


@pytest.mark.parametrize("name", SWITCHES)
def test_every_switch_is_read_by_the_same_rule_and_named_in_its_problem(name: str) -> None:
    assert (read_switch({name: " Yes "}, name), read_switch({name: "off"}, name), read_switch({name: ""}, name)) == (True, False, None)
    with pytest.raises(EnvironmentProblem, match=f"^{name}="):
        read_switch({name: "perhaps"}, name)


def test_a_long_bad_switch_is_quoted_short() -> None:
    with pytest.raises(EnvironmentProblem) as caught:
        read_switch({"CI": "x" * 5000}, "CI")
    assert "x" * (PREVIEW + 1) not in str(caught.value)
    assert len(str(caught.value)) < 200


@pytest.mark.parametrize("name", [spec.env for spec in setting_specs() if spec.env])
def test_a_star_switch_overrides_site_yml_and_empty_leaves_it(name: str) -> None:
    spec = next(spec for spec in setting_specs() if spec.env == name)
    settings, problems, env_problems = load_settings(None, {name: "oN"})
    assert (settings[spec.name], settings.sources[spec.name], problems, env_problems) == (True, name, [], [])
    settings, _, env_problems = load_settings(None, {name: ""})
    assert (settings[spec.name], settings.sources[spec.name], env_problems) == (spec.default, "default", [])


@pytest.mark.parametrize("name", [spec.env for spec in setting_specs() if spec.env])
def test_a_bad_star_switch_is_a_problem_naming_it(name: str) -> None:
    _, _, env_problems = load_settings(None, {name: "sometimes"})
    assert len(env_problems) == 1 and env_problems[0].startswith(f"{name}='sometimes': ")


# SITE_URL: where the site is published; it ends up in attributes, the sitemap and link previews.


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
        ("http://localhost:8000/bank", "http://localhost:8000/bank/"),
        ("  https://you.github.io/star-story-bank/  ", "https://you.github.io/star-story-bank/"),
        ("https://example.com/a&b", "https://example.com/a&b/"),
        ("https://[::1]:8000/a", "https://[::1]:8000/a/"),
        ("https://bücher.example/", "https://bücher.example/"),
    ],
)
def test_site_url_takes_an_http_address_and_ends_it_with_a_slash(raw: str, expected: str) -> None:
    assert read_site_url({"SITE_URL": raw}) == expected


@pytest.mark.parametrize("raw", EMPTY)
def test_an_empty_site_url_is_unset(raw: str) -> None:
    assert read_site_url({"SITE_URL": raw}) is None
    assert read_environment({"SITE_URL": raw}, serving=False).site_url is None


@pytest.mark.parametrize(
    "raw",
    [
        "ftp://example.com/",
        "javascript:alert(1)",
        "data:text/html,x",
        "//example.com/",
        "example.com",
        "https://",
        "https://exa mple.com/",
        'https://example.com/"><script>alert(1)</script>',
        "https://example.com/'onmouseover='alert(1)",
        "https://example.com/<b>",
        "https://example.com/>",
        "https://example.com/`x`",
        "https://example.com/\u00a0x",
        "https://example.com/\u2028x",
        "https://example.com/a\nb",
        "None",
    ],
)
def test_site_url_refuses_what_is_not_a_plain_http_address(raw: str) -> None:
    with pytest.raises(EnvironmentProblem) as caught:
        read_site_url({"SITE_URL": raw})
    assert str(caught.value).startswith("SITE_URL=")


@pytest.mark.parametrize("raw", ["https://example.com/\x01x", "https://example.com/\x7fx", "https://example.com/\x1b[31m"])
def test_site_url_refuses_control_characters(raw: str) -> None:
    """A control character is never part of an address; in sitemap.xml it makes the file unreadable XML."""
    with pytest.raises(EnvironmentProblem) as caught:
        read_site_url({"SITE_URL": raw})
    assert str(caught.value).startswith("SITE_URL=")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("https:///", "has no host"),
        ("https:///evil.example/", "has no host"),
        ("https://x.example//evil.example/", "has '//' in its path"),
        ("https://x.example/bank//evil.example/", "has '//' in its path"),
        ("https://x.example/bank//", "has '//' in its path"),
        ("https://x.example/?q", "has a query"),
        ("https://x.example/bank?", "has a query"),
        ("https://x.example/#f", "has a fragment"),
        ("https://x.example#", "has a fragment"),
        ("https://user@x.example/", "has a user name or password"),
        ("https://x.example:pw@evil.example/", "has a user name or password"),
        ("https://x.example:99999/", "is not a well-formed address"),
        ("https://x.example:port/", "is not a well-formed address"),
        ("https://[::1/", "is not a well-formed address"),
        ("HTTPS://x.example/", "is not an http:// or https:// address"),
    ],
)
def test_site_url_must_name_one_host_and_a_path_on_it(raw: str, reason: str) -> None:
    """The theme prefixes SITE_URL to the 404 page's assets: '//evil.example/' there loads them from another host."""
    with pytest.raises(EnvironmentProblem) as caught:
        read_site_url({"SITE_URL": raw})
    message = str(caught.value)
    assert message.startswith(f"SITE_URL={raw!r}: {reason}"), message
    assert message.endswith("it must be the site's own http:// or https:// address, e.g. https://you.github.io/star-story-bank/")


def test_a_long_bad_site_url_is_quoted_short() -> None:
    with pytest.raises(EnvironmentProblem) as caught:
        read_site_url({"SITE_URL": "https://example.com/" + "<" * 5000})
    assert "<" * (PREVIEW + 1) not in str(caught.value)


# STAR_VIEW, and read_environment as a whole.


@pytest.mark.parametrize(
    ("raw", "serving", "view"),
    [
        ("public", False, "public"),
        ("workbench", False, "workbench"),
        ("PUBLIC", True, "public"),
        (" WorkBench ", False, "workbench"),
        ("", False, "public"),
        ("", True, "workbench"),
        (" ", True, "workbench"),
        (None, False, "public"),
        (None, True, "workbench"),
    ],
)
def test_star_view_is_public_or_workbench_and_empty_follows_the_command(raw: str | None, serving: bool, view: str) -> None:
    env = {} if raw is None else {"STAR_VIEW": raw}
    assert read_environment(env, serving=serving).view == view


@pytest.mark.parametrize("raw", ["other", "private", "workbench2", "pub lic", "<script>", "x" * 500])
def test_any_other_view_stops_naming_star_view(raw: str) -> None:
    with pytest.raises(BuildStopped) as caught:
        read_environment({"STAR_VIEW": raw}, serving=False)
    assert [line.split("=")[0] for line in caught.value.lines] == ["STAR_VIEW"]
    assert "x" * (PREVIEW + 1) not in str(caught.value)


def test_every_bad_variable_of_read_environment_is_named_at_once() -> None:
    with pytest.raises(BuildStopped) as caught:
        read_environment({"CI": "maybe", "SITE_URL": "ftp://x", "STAR_VIEW": "other", "SOURCE_DATE_EPOCH": "-1"}, serving=False)
    assert sorted(line.split("=")[0] for line in caught.value.lines) == ["CI", "SITE_URL", "SOURCE_DATE_EPOCH", "STAR_VIEW"]


# SOURCE_DATE_EPOCH: the reproducible-builds date. MkDocs reads it too, for page dates and sitemap.xml.gz's header.


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [("315532800", 315_532_800), ("1700000000", 1_700_000_000), (" 1700000000\n", 1_700_000_000), ("4294967295", 2**32 - 1), ("0315532800", 315_532_800)],
)
def test_source_date_epoch_from_1980_to_2106_is_read(raw: str, seconds: int) -> None:
    assert read_source_date({"SOURCE_DATE_EPOCH": raw}) == seconds
    assert build_time({"SOURCE_DATE_EPOCH": raw}) == seconds
    assert read_environment({"SOURCE_DATE_EPOCH": raw}, serving=False).view == "public"


def test_an_unset_source_date_epoch_is_now() -> None:
    assert read_source_date({}) is None
    assert SOURCE_DATES[0] < build_time({}) < SOURCE_DATES[1]


@pytest.mark.parametrize(
    "raw",
    [
        "99999999999999999999",  # genanki's OverflowError
        "253402300799",  # 9999-12-31: past what gzip's header holds
        "4294967296",  # one second past it
        "315532799",  # 1979
        "0",
        "-1",  # MkDocs' sitemap.xml.gz: gzip refuses a negative date
        "",  # MkDocs reads int(''): set but empty is not unset
        " ",
        "+1700000000",
        "1_700_000_000",
        "1700000000.5",
        "1e9",
        "\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660",  # Arabic-Indic digits, which int() reads
        "0" * 5000,  # int() refuses over 4,300 digits
        "1700000000\x1b[2J",
        "yesterday",
    ],
)
def test_any_other_source_date_epoch_is_one_line_naming_it(raw: str) -> None:
    with pytest.raises(EnvironmentProblem) as caught:
        read_source_date({"SOURCE_DATE_EPOCH": raw})
    message = str(caught.value)
    assert message.startswith("SOURCE_DATE_EPOCH=")
    assert "for a date from 1980-01-01 to 2106-02-07 (315532800 to 4294967295)" in message
    assert "\n" not in message and "\x1b" not in message and len(message) < 300
    with pytest.raises(BuildStopped) as stopped:
        read_environment({"SOURCE_DATE_EPOCH": raw, "CI": "maybe"}, serving=False)
    assert sorted(line.split("=")[0] for line in stopped.value.lines) == ["CI", "SOURCE_DATE_EPOCH"]


def test_the_environment_is_read_from_the_mapping_given_not_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "maybe")
    monkeypatch.setenv("STAR_VIEW", "other")
    assert read_environment({}, serving=False).view == "public"


# Real builds.


def _build(tmp_path: Path, env: dict[str, str]) -> tuple[int, str, Path]:
    result = run_build(make_project(tmp_path / "project"), env=env)
    return result.returncode, result.output, result.site


def test_a_build_with_every_kind_of_bad_variable_names_each_one(tmp_path: Path) -> None:
    """CI, SITE_URL, SOURCE_DATE_EPOCH and STAR_VIEW are read before the data, the STAR_* switches with it: one run names all five."""
    code, output, site = _build(
        tmp_path,
        {
            "CI": "maybe",
            "SITE_URL": "https://x.example//evil.example/",
            "SOURCE_DATE_EPOCH": "99999999999999999999",
            "STAR_VIEW": "other",
            "STAR_COACH_PAGE": "bogus",
        },
    )
    assert code != 0
    assert "Traceback" not in output and "OverflowError" not in output
    assert "Documentation built" not in output
    assert not (site / "index.html").exists()
    for name in ("CI=", "SITE_URL=", "SOURCE_DATE_EPOCH=", "STAR_VIEW=", "STAR_COACH_PAGE="):
        assert name in output, f"{name} is not named in:\n{output[-1500:]}"


def _head(site: Path, page: str = "index.html") -> dict[str, str]:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    metas = {str(meta.get("property") or meta.get("name")): str(meta.get("content")) for meta in soup.find_all("meta")}
    canonical = soup.find("link", rel="canonical")
    metas["canonical"] = str(canonical["href"]) if canonical else ""
    return metas


def _sitemap(site: Path) -> list[str]:
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    return [loc.text or "" for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def test_an_empty_site_url_builds_with_the_placeholder_address_never_none(laptop_build: BuildResult) -> None:
    assert laptop_build.returncode == 0, laptop_build.output
    site = laptop_build.site
    for page in ("index.html", "404.html", "quick-reference/index.html"):
        head = _head(site, page)
        assert head["og:url"].startswith(DEFAULT_SITE_URL), (page, head["og:url"])
        assert "None" not in head["og:url"] + head["og:image"] + head["twitter:image"]
    assert all(loc.startswith(DEFAULT_SITE_URL) for loc in _sitemap(site))


def test_a_site_url_with_an_ampersand_stays_one_address_everywhere(tmp_path: Path) -> None:
    """Also: the latest SOURCE_DATE_EPOCH the build can write (2106-02-07) builds, sitemap.xml.gz's header included."""
    code, output, site = _build(
        tmp_path, {"SITE_URL": "https://example.com/a&b", "STAR_VIEW": "WORKBENCH", "CI": "Off", "SOURCE_DATE_EPOCH": str(SOURCE_DATES[1])}
    )
    assert code == 0, output
    head = _head(site, "quick-reference/index.html")
    assert head["og:url"] == head["canonical"] == "https://example.com/a&b/quick-reference/"
    assert "https://example.com/a&b/quick-reference/" in _sitemap(site)
    # STAR_VIEW=WORKBENCH: the workbench, which publishes the Coach page.
    assert (site / "coach" / "index.html").exists()
    # MkDocs dates sitemap.xml.gz at midnight of the build's day, in the 4 bytes gzip has for it.
    assert int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little") == SOURCE_DATES[1] - SOURCE_DATES[1] % 86_400
    _assert_404_loads_only_from(site, "https://example.com/a&b/")


def _assert_404_loads_only_from(site: Path, site_url: str) -> None:
    """Every address 404.html holds, resolved as a browser would from any depth, is on the site's host, unless written as a full external address."""
    soup = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    addresses = [str(tag[name]) for name in ("href", "src") for tag in soup.find_all(attrs={name: True})]
    assert any(address.endswith(".css") for address in addresses) and any(address.endswith(".js") for address in addresses)
    host = urlsplit(site_url).netloc
    for address in addresses:
        if address.startswith(("https://", "http://", "mailto:")) and not address.startswith(site_url):
            continue  # a link written out in full (Material's credit, the owner's links): meant to leave the site
        for page in (site_url + "404.html", site_url + "no/such/page/"):
            resolved = urljoin(page, address.replace("\\", "/"))  # WHATWG: a backslash is a slash in http(s) URLs
            assert urlsplit(resolved).netloc == host, f"{address!r} on 404.html resolves to {resolved}"
