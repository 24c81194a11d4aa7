"""A small Green Plan built from the factories, with a two-level scheme, for the matrix tests."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from netzero.classifications.models import Category, ClassificationScheme
from netzero.classifications.services import category_create, scheme_create
from netzero.organisations.models import Organisation
from netzero.plans.models import Action, Delivery, Plan
from netzero.plans.services import delivery_add
from netzero.testing.factories import ActionFactory, OrganisationFactory, PlanFactory


@dataclass
class SmallPlan:
    plan: Plan
    ics: Organisation
    trust: Organisation
    other_trust: Organisation
    scheme: ClassificationScheme
    people: Category  # a module with two summaries
    training: Category
    engagement: Category
    travel: Category  # a module with one summary
    active: Category
    actions: dict[str, Action]


@pytest.fixture
def small(db) -> SmallPlan:
    ics = OrganisationFactory(
        name="An ICS", slug="an-ics", kind=Organisation.Kind.INTEGRATED_CARE_SYSTEM
    )
    trust = OrganisationFactory(name="A Trust", slug="a-trust", partnership=ics)
    other = OrganisationFactory(name="B Trust", slug="b-trust", partnership=ics)
    plan = PlanFactory(organisation=ics, name="A Green Plan", slug="a-green-plan")
    scheme = scheme_create(
        plan=plan,
        name="SDAT",
        top_level_name="Module",
        second_level_name="Action summary",
        source="The plan, section 5.1",
    )
    people = category_create(scheme=scheme, name="Our People")
    training = category_create(scheme=scheme, name="Training", parent=people)
    engagement = category_create(scheme=scheme, name="Engagement", parent=people)
    travel = category_create(scheme=scheme, name="Travel & Logistics")
    active = category_create(scheme=scheme, name="Active travel", parent=travel)
    actions = {}
    for n, ref in enumerate(("1.1", "1.2", "2.1", "3.1"), start=1):
        actions[ref] = ActionFactory(plan=plan, ref=ref, position=n)
        delivery_add(action=actions[ref], organisation=ics, role=Delivery.Role.LEAD)
    return SmallPlan(
        plan, ics, trust, other, scheme, people, training, engagement, travel, active, actions
    )
