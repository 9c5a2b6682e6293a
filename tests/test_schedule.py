"""Schedules in the browser (assets/schedule.js): the reader's own time beside each published time,
and what has ended moved out of "Coming up" by the reader's today, on a site built months before.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import Project, follow, live_site, watch_errors
from playwright.sync_api import expect
from test_cohorts import EVENTS, FUNDAMENTALS, cohort_yaml

#: The reader's clock: after the summer open day (10 June 2027) and the cohort's last session
#: (6 April 2027), before the New York drop-in (10 November 2027). The site was built on 10 January.
TODAY = "2027-07-01T12:00:00Z"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = Project.create(tmp_path_factory.mktemp("schedule"))
    project.write("data/fundamentals.yml", FUNDAMENTALS)
    project.write("data/events.yml", EVENTS)
    project.pattern("regular-check-ins", "Regular check-ins")
    project.pattern("hand-on-the-champion", "Hand on the champion role")
    project.write("cohorts/police-2027.yml", cohort_yaml())
    project.academy_options(today="2027-01-10")
    with live_site(project.root / "mkdocs.yml", project.root / "site") as url:
        yield url


def reader(browser, site: str, zone: str):
    """A reader in `zone` whose clock says TODAY, on the home page."""
    context = browser.new_context(timezone_id=zone)
    page = context.new_page()
    page.clock.set_fixed_time(TODAY)
    errors = watch_errors(page)
    page.goto(site)
    return context, page, errors


def event(page, title: str):
    return page.locator("article.academy-event", has=page.locator("h3", has_text=title))


@pytest.mark.browser
@pytest.mark.parametrize("zone, open_day, drop_in", [
    # 10:00-12:00 London summer time (UTC+1) and 09:00-10:00 New York (UTC-5), worked out by hand.
    ("America/New_York", "05:00 to 07:00 your time (America/New York)", None),
    ("Europe/London", None, "14:00 to 15:00 your time (Europe/London)"),
])
def test_events_in_the_readers_zone_and_past_ones_moved(browser, site: str, zone: str, open_day, drop_in) -> None:
    context, page, errors = reader(browser, site, zone)
    follow(page, page.get_by_role("link", name="Help yourself", exact=True).first)
    if "/help-yourself/events/" not in page.url:  # the section opens on its first page
        follow(page, page.get_by_role("link", name="Events", exact=True).first)
    expect(page.locator("h1")).to_have_text("Conversations, open days and drop-ins")
    upcoming, past = page.locator("[data-academy-list='upcoming']"), page.locator("[data-academy-list='past']")
    # Built on 10 January, both were "Coming up"; by the reader's today the open day has passed.
    expect(past.locator("article.academy-event h3")).to_have_text(["Summer open day"])
    expect(upcoming.locator("article.academy-event h3")).to_have_text(["Drop-in for the Americas"])
    expect(event(page, "Summer open day").locator(".academy-past-marker")).to_be_visible()
    expect(event(page, "Drop-in for the Americas").locator(".academy-past-marker")).to_be_hidden()
    expect(past.locator(".academy-schedule-none")).to_be_hidden()

    for title, local, published in (("Summer open day", open_day, "10:00 to 12:00"),
                                    ("Drop-in for the Americas", drop_in, "09:00 to 10:00")):
        when = event(page, title).locator(".academy-when")
        # The published time, with its zone, stays in the page; the reader's own is added beside it.
        assert when.locator("time").first.inner_text() + " to " + when.locator("time").last.inner_text() == published
        if local:
            expect(when.locator(".academy-when__local")).to_have_text(f" ({local})")
        else:
            expect(when.locator(".academy-when__local")).to_have_count(0)  # the reader's zone is the published one
    assert [e for e in errors if "Failed to load resource" not in e] == []  # Material's sitemap.xml 404 aside
    context.close()


@pytest.mark.browser
def test_cohort_sessions_in_the_readers_zone_and_a_finished_cohort_moved(browser, site: str) -> None:
    context, page, _ = reader(browser, site, "America/New_York")
    follow(page, page.get_by_role("link", name="Cohorts", exact=True).first)
    # The cohort's last session was 6 April: by 1 July it is under "Past", marked finished.
    past = page.locator("[data-academy-list='past']").first
    expect(past.locator("li.academy-schedule-item")).to_have_count(1)
    expect(past.locator("li.academy-schedule-item .academy-past-marker")).to_be_visible()
    expect(page.locator("[data-academy-list='upcoming']").first.locator(".academy-schedule-none")).to_be_visible()

    follow(page, past.locator("a", has_text="Relational policing"))
    rows = page.locator("article table tbody tr")
    # 18:30 London on 2 February (UTC+0) is 13:30 in New York (UTC-5). On 16 March New York's clocks
    # have gone forward (14 March, UTC-4) and London's not yet (28 March): 18:30 there is 14:30.
    first, last = rows.first.locator("td").nth(4), rows.last.locator("td").nth(4)
    expect(first).to_have_text("18:30 to 20:30 (13:30 to 15:30 your time (America/New York))")
    expect(last).to_have_text("18:30 to 20:00 (14:30 to 16:00 your time (America/New York))")
    assert first.locator("time").first.get_attribute("datetime") == "2027-02-02T18:30:00+00:00"
    context.close()
