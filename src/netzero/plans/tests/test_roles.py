import pytest

from netzero.plans.roles import NEW_POST, NO_ROLE, PLACEHOLDER, TO_BE_CONFIRMED, role_gap


@pytest.mark.parametrize(
    ("role", "reasons"),
    [
        ("[ICS HR Lead]", (PLACEHOLDER,)),
        ("[Group of Trust-specific HR Leads]", (PLACEHOLDER,)),
        ("[Sustainability Coordinator - NEW]", (NEW_POST, PLACEHOLDER)),
        ("[Sustainability Coordinator \u2013 NEW]", (NEW_POST, PLACEHOLDER)),
        (
            "[Lead of county-wide emergency planning groups]"
            " [Sustainability Coordinator \u2013 NEW]",
            (NEW_POST, PLACEHOLDER),
        ),
        ("TBC", (TO_BE_CONFIRMED,)),
        ("tbc", (TO_BE_CONFIRMED,)),
        ("", (NO_ROLE,)),
        ("   ", (NO_ROLE,)),
    ],
)
def test_printed_roles_that_leave_a_gap(role, reasons):
    gap = role_gap(role)
    assert gap is not None
    assert gap.reasons == reasons
    assert gap.role == " ".join(role.split())


@pytest.mark.parametrize(
    "role", ["Ged Connelly-Thompson", "Jim Austin", "Newton Smith", "Renewal Lead"]
)
def test_a_named_person_or_role_without_a_marker_is_not_a_gap(role):
    # "New" inside a word or name is not a NEW post.
    assert role_gap(role) is None
