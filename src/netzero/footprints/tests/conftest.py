from __future__ import annotations

import pytest

from netzero.factors.models import FactorSet
from netzero.factors.services import factor_set_load


@pytest.fixture(scope="module")
def factor_sets(django_db_setup, django_db_blocker):
    """The 2022 and 2023 sets, loaded once for the module and removed afterwards."""
    with django_db_blocker.unblock():
        sets = {y: factor_set_load(year=y).factor_set for y in (2022, 2023)}
        yield sets
        FactorSet.objects.filter(set_year__in=sets).delete()
