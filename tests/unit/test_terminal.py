"""`make coach`'s text: the whole report for a small bank, character for character, and how its tables line up."""

from __future__ import annotations

import dataclasses

from star_bank.model.report import Table, build_report
from star_bank.views.terminal import render_report, render_table
from unit.factories import MATRIX_BANK, make_settings, make_story, words

# MATRIX_BANK's stories are 10 words each, with no "I" and no figure in the Result.
MATRIX_REPORT = """\
STAR coach
  3 stories, about 10 s to say them all, at 150 words per minute
  2 of 3 principles have a story; 2 of 3 are covered, counting stories that also fit
  Towards 2 stories per principle: 4 of 6
  Loop plan: 2 of 3 principles covered without repeating a story
  Hints: 9

Stories
#  Story      S  T  A  R  Words  Time  Action  Result's figures  I / we  Hints
-  ---------  -  -  -  -  -----  ----  ------  ----------------  ------  -----
1  cache-bug  2  2  4  2     10  5 s      40%  none              0 / 0       3
2  gpu-cut    2  2  4  2     10  5 s      40%  none              0 / 0       3
3  log-dig    2  2  4  2     10  5 s      40%  none              0 / 0       3

Hints
  cache-bug: Takes about 5 s to say, under 1 min: add what you did and what it changed
  cache-bug: Result has no number: add the measured outcome
  cache-bug: Action never says “I”: say what you did yourself
  gpu-cut: Takes about 5 s to say, under 1 min: add what you did and what it changed
  gpu-cut: Result has no number: add the measured outcome
  gpu-cut: Action never says “I”: say what you did yourself
  log-dig: Takes about 5 s to say, under 1 min: add what you did and what it changed
  log-dig: Result has no number: add the measured outcome
  log-dig: Action never says “I”: say what you did yourself

Coverage matrix (● primary principle, ○ also fits; columns are the stories' numbers)
Principle  1  2  3  Stories  Towards 2
---------  -  -  -  -------  -----------
Dive Deep  ●  ·  ●        2  target met
Frugality  ○  ●  ·        2  target met
Think Big  ·  ·  ·        0  not covered

Loop plan: one distinct story per principle
Principle  Story to tell
---------  ----------------------
Dive Deep  cache-bug
Frugality  gpu-cut
Think Big  no distinct story left

Settings (data/site.yml)
Setting                             Value        What it does                                                                                                   Set by
----------------------------------  -----------  -------------------------------------------------------------------------------------------------------------  -------
publish.practice_page               true         Publish the Practice page, to rehearse on a phone.                                                             default
publish.coach_page                  false        Publish the Coach page (your figures, hints and gaps).                                                         default
publish.follow_ups                  false        Publish each story's likely follow-up questions, your own preparation notes.                                   default
publish.principles_without_stories  false        List principles that no story answers in the navigation, home, quick reference and Whole bank.                 default
publish.search_engines              false        Let search engines index the site; off writes noindex on every page and a robots.txt that disallows crawling.  default
coach.words_per_minute              150          Speaking rate behind every time on the site.                                                                   default
coach.min_seconds                   60 (1 min)   A story shorter than this to say gets a hint.                                                                  default
coach.max_seconds                   180 (3 min)  A story longer than this to say gets a hint.                                                                   default
coach.min_action_share              0.4 (40%)    The Action's smallest share of a story's words.                                                                default
coach.min_first_person_share        0.5 (50%)    The Action's smallest share of “I” against “I” + “we”.                                                         default
coach.stories_per_principle         2            Stories wanted per principle: the coverage matrix's target.                                                    default
coach.strict_hints                  false        Fail the build (and make coach) on any hint.                                                                   default
theme.primary                       #1f4e79      The header's colour, and links' (darkened or lightened where needed to read).                                  default
theme.accent                        #c2410c      The colour of links and buttons under the pointer or keyboard focus.                                           default
"""


def test_the_whole_report_for_a_small_bank() -> None:
    assert render_report(build_report(MATRIX_BANK, make_settings())) == MATRIX_REPORT


def test_private_stories_are_marked_in_the_terminal() -> None:
    bank = dataclasses.replace(MATRIX_BANK, stories=(make_story("draft", "think-big", private=True),))
    text = render_report(build_report(bank, make_settings()))
    assert "\n1  draft (private)  " in text
    assert "1 story (1 private), about 5 s to say them all" in text


def test_columns_pad_to_the_widest_cell_numbers_align_right_and_marks_centre() -> None:
    story = make_story("a-much-longer-story-id", "dive-deep")
    table = Table(("Name", story, "Count"), (("x", "●", "7"), ("longer name", "", "12")), numeric=frozenset({2}))
    # Story 100 of a big bank: its column is three wide, and its marks sit in the middle.
    assert render_table(table, numbers={story.id: 100}, empty="·") == (
        "Name         100  Count\n"
        "-----------  ---  -----\n"
        "x             ●       7\n"
        "longer name   ·      12"
    )


def test_numbered_tables_get_a_number_column_and_no_trailing_spaces() -> None:
    table = Table(("Story", "Words"), ((make_story("s"), "5"), (make_story("t"), "50")), numeric=frozenset({1}))
    text = render_table(table, numbers={}, numbered=True)
    assert text == "#  Story  Words\n-  -----  -----\n1  s          5\n2  t         50"
    assert all(line == line.rstrip() for line in text.splitlines())


def test_thresholds_reach_the_terminals_hints() -> None:
    story = make_story("long", situation=words(300), action="I " + words(200), result="Up 5%. " + words(50))
    bank = dataclasses.replace(MATRIX_BANK, stories=(story,))
    assert "  long: Takes about 3 min 40 s to say, over 3 min:" in render_report(build_report(bank, make_settings()))
    assert "  None: every story is within the thresholds." in render_report(
        build_report(bank, make_settings(max_seconds=300, min_action_share=0.3))
    )
