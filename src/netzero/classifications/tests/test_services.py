"""Writing schemes, categories, classifications and reported counts: refused with a clear
message, and nothing written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from netzero.classifications.models import ActionCategory, Category, ReportedCount
from netzero.classifications.services import (
    action_classify,
    category_create,
    reported_count_record,
    scheme_create,
)
from netzero.testing.factories import ActionFactory, OrganisationFactory, PlanFactory


def test_classifying_an_action_of_another_plan_is_refused(small):
    stranger = ActionFactory(plan=PlanFactory(name="Another Strategy"), ref="7")
    with pytest.raises(ValidationError) as refused:
        action_classify(action=stranger, category=small.training)
    assert refused.value.message_dict["action"] == [
        "Ref 7 belongs to Another Strategy, not to A Green Plan: only that plan's actions can "
        "be classified under SDAT."
    ]
    assert not ActionCategory.objects.exists()


def test_classifying_an_action_twice_under_one_category_is_refused(small):
    action = small.actions["1.1"]
    action_classify(action=action, category=small.training)
    with pytest.raises(ValidationError, match=r"Ref 1\.1 is already classified under Training"):
        action_classify(action=action, category=small.training)
    assert ActionCategory.objects.count() == 1
    # Under another category of the scheme it is allowed: an action can carry several.
    action_classify(action=action, category=small.active)
    assert ActionCategory.objects.count() == 2


def test_the_database_backs_one_classification_per_category(small):
    action = small.actions["1.1"]
    action_classify(action=action, category=small.training)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionCategory.objects.create(action=action, category=small.training)


def test_a_negative_count_is_refused(small):
    with pytest.raises(ValidationError) as refused:
        reported_count_record(category=small.training, count=-3, source="Figure 6")
    assert refused.value.message_dict["count"] == [
        "A reported count cannot be negative (-3 for Training)."
    ]
    assert not ReportedCount.objects.exists()


def test_the_database_refuses_a_negative_count(small):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportedCount.objects.create(category=small.training, count=-1, source="x")


def test_a_second_count_for_the_same_category_and_organisation_is_refused(small):
    reported_count_record(category=small.training, count=35, source="Figure 6")
    with pytest.raises(
        ValidationError,
        match=r"Training already has a reported count for all "
        r"organisations together \(35, from Figure 6\)",
    ):
        reported_count_record(category=small.training, count=36, source="Figure 6")
    # One per organisation is another count.
    reported_count_record(category=small.training, count=4, source="x", organisation=small.trust)
    with pytest.raises(ValidationError, match="already has a reported count for A Trust"):
        reported_count_record(
            category=small.training, count=5, source="x", organisation=small.trust
        )
    assert sorted(ReportedCount.objects.values_list("count", flat=True)) == [4, 35]


def test_the_database_backs_one_count_for_all_organisations(small):
    reported_count_record(category=small.training, count=35, source="Figure 6")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportedCount.objects.create(category=small.training, count=1, source="again")


def test_a_count_for_an_organisation_outside_the_partnership_is_refused(small):
    outsider = OrganisationFactory(name="Elsewhere Council", slug="elsewhere")
    with pytest.raises(ValidationError, match="Elsewhere Council is not An ICS nor one of its"):
        reported_count_record(category=small.training, count=2, source="x", organisation=outsider)
    assert not ReportedCount.objects.exists()


def test_a_duplicate_scheme_or_category_name_is_refused(small):
    with pytest.raises(
        ValidationError, match="A Green Plan already has a classification scheme called 'sdat'"
    ):
        scheme_create(plan=small.plan, name="sdat", top_level_name="M", second_level_name="S")
    with pytest.raises(ValidationError, match="SDAT already has a category called 'Training'"):
        category_create(scheme=small.scheme, name="Training", parent=small.travel)
    assert Category.objects.filter(name="Training").count() == 1


def test_a_scheme_has_two_levels(small):
    with pytest.raises(ValidationError, match="Training is itself beneath Our People"):
        category_create(scheme=small.scheme, name="Deeper", parent=small.training)


def test_a_parent_from_another_scheme_is_refused(small):
    other = scheme_create(
        plan=small.plan, name="Other", top_level_name="Area", second_level_name="Topic"
    )
    with pytest.raises(ValidationError, match="must belong to the same scheme"):
        category_create(scheme=other, name="Topic", parent=small.people)


def test_level_names_come_from_the_scheme(small):
    assert (small.people.level_name, small.training.level_name) == ("Module", "Action summary")
