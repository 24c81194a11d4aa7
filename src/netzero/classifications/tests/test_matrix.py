"""The classification matrix: reported beside live counts, module rows totalling their
summaries, organisation columns from the deliveries of classified actions."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from netzero.classifications.selectors import classification_matrix
from netzero.classifications.services import action_classify, reported_count_record
from netzero.plans.models import Delivery
from netzero.plans.services import delivery_add
from netzero.testing.factories import ActionFactory, PlanFactory


def rows(scheme_matrix) -> dict[str, tuple]:
    return {
        r.category.name: (r.reported, r.live, tuple(c.live for c in r.cells))
        for r in scheme_matrix.rows
    }


def test_an_unclassified_plan_has_its_rows_in_tree_order_and_zero_live_counts(small):
    (s,) = classification_matrix(plan=small.plan).schemes
    assert [(r.category.name, r.level_name, r.parent) for r in s.rows] == [
        ("Our People", "Module", None),
        ("Training", "Action summary", small.people),
        ("Engagement", "Action summary", small.people),
        ("Travel & Logistics", "Module", None),
        ("Active travel", "Action summary", small.travel),
    ]
    assert not s.has_classified_actions and s.live_total == 0
    assert s.organisations == () and all(r.live == 0 for r in s.rows)
    assert s.reported_total is None and not s.has_reported_counts


def test_reported_counts_beside_live_and_module_rows_total_their_summaries(small):
    for category, count in ((small.training, 35), (small.engagement, 47), (small.active, 16)):
        reported_count_record(category=category, count=count, source="Figure 6")
    action_classify(action=small.actions["1.1"], category=small.training)
    action_classify(action=small.actions["1.2"], category=small.engagement)
    action_classify(action=small.actions["2.1"], category=small.active)
    (s,) = classification_matrix(plan=small.plan).schemes
    got = {name: (reported, live) for name, (reported, live, _) in rows(s).items()}
    assert got == {
        "Our People": (82, 2),
        "Training": (35, 1),
        "Engagement": (47, 1),
        "Travel & Logistics": (16, 1),
        "Active travel": (16, 1),
    }
    assert (s.reported_total, s.live_total) == (98, 3)
    assert s.sources == ("Figure 6",)


def test_a_modules_own_reported_count_is_kept_rather_than_summed(small):
    reported_count_record(category=small.training, count=35, source="Figure 6")
    reported_count_record(category=small.people, count=90, source="Figure 6")
    (s,) = classification_matrix(plan=small.plan).schemes
    assert rows(s)["Our People"][0] == 90 and s.reported_total == 90


def test_an_action_under_two_summaries_of_one_module_counts_once_in_the_module(small):
    action = small.actions["1.1"]
    action_classify(action=action, category=small.training)
    action_classify(action=action, category=small.engagement)
    action_classify(action=action, category=small.active)
    (s,) = classification_matrix(plan=small.plan).schemes
    live = {name: live for name, (_, live, _) in rows(s).items()}
    assert live == {
        "Our People": 1,
        "Training": 1,
        "Engagement": 1,
        "Travel & Logistics": 1,
        "Active travel": 1,
    }
    assert s.live_total == 1  # one action, however many categories carry it


def test_an_action_classified_under_a_module_itself_counts_in_the_module_only(small):
    action_classify(action=small.actions["1.1"], category=small.people)
    action_classify(action=small.actions["1.2"], category=small.training)
    (s,) = classification_matrix(plan=small.plan).schemes
    assert {n: v[1] for n, v in rows(s).items()}["Our People"] == 2
    assert {n: v[1] for n, v in rows(s).items()}["Training"] == 1


def test_live_counts_per_delivering_organisation(small):
    a11, a12, a21 = small.actions["1.1"], small.actions["1.2"], small.actions["2.1"]
    delivery_add(action=a11, organisation=small.trust)
    delivery_add(action=a21, organisation=small.trust)
    # B Trust delivers only an unclassified action: it has no column.
    delivery_add(action=small.actions["3.1"], organisation=small.other_trust)
    action_classify(action=a11, category=small.training)
    action_classify(action=a12, category=small.engagement)
    action_classify(action=a21, category=small.active)
    (s,) = classification_matrix(plan=small.plan).schemes
    assert [o.slug for o in s.organisations] == ["an-ics", "a-trust"]  # the owner first
    assert {name: cells for name, (_, _, cells) in rows(s).items()} == {
        "Our People": (2, 1),
        "Training": (1, 1),
        "Engagement": (1, 0),
        "Travel & Logistics": (1, 1),
        "Active travel": (1, 1),
    }
    assert [(c.organisation.slug, c.live) for c in s.total_cells] == [("an-ics", 3), ("a-trust", 2)]


def test_an_organisation_reported_for_has_a_column_with_its_reported_counts(small):
    reported_count_record(
        category=small.training, count=4, source="Trust plan", organisation=small.other_trust
    )
    reported_count_record(category=small.training, count=35, source="Figure 6")
    (s,) = classification_matrix(plan=small.plan).schemes
    assert [o.slug for o in s.organisations] == ["b-trust"]
    training = next(r for r in s.rows if r.category == small.training)
    people = next(r for r in s.rows if r.category == small.people)
    assert (training.reported, training.cells[0].reported, training.cells[0].live) == (35, 4, 0)
    assert people.cells[0].reported == 4  # the module totals its summaries, per organisation
    assert s.total_cells[0].reported == 4 and s.reported_total == 35
    assert set(s.sources) == {"Trust plan", "Figure 6"}


def test_other_plans_and_their_schemes_do_not_leak_in(small):
    other_plan = PlanFactory(organisation=small.ics, name="Other", slug="other")
    ActionFactory(plan=other_plan, ref="1.1")
    action_classify(action=small.actions["1.1"], category=small.training)
    assert classification_matrix(plan=other_plan).schemes == ()
    (s,) = classification_matrix(plan=small.plan).schemes
    assert s.live_total == 1


def test_the_matrix_takes_the_same_queries_whatever_the_plans_size(small):
    action_classify(action=small.actions["1.1"], category=small.training)
    delivery_add(action=small.actions["1.1"], organisation=small.trust)
    with CaptureQueriesContext(connection) as few:
        classification_matrix(plan=small.plan)
    for i in range(15):
        action = ActionFactory(plan=small.plan, ref=f"9.{i}")
        delivery_add(action=action, organisation=small.ics, role=Delivery.Role.LEAD)
        delivery_add(action=action, organisation=small.other_trust)
        action_classify(action=action, category=small.training if i % 2 else small.active)
    reported_count_record(category=small.engagement, count=47, source="Figure 6")
    reported_count_record(category=small.active, count=2, source="x", organisation=small.trust)
    with CaptureQueriesContext(connection) as many:
        matrix = classification_matrix(plan=small.plan)
    assert matrix.schemes[0].live_total == 16
    assert [o.slug for o in matrix.schemes[0].organisations] == ["an-ics", "a-trust", "b-trust"]
    assert len(many) == len(few) == 5
