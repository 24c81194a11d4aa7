"""The ICS Green Plan's Figure 6 (section 5.1) in the demo: the Sustainable Development
Assessment Tool's modules and action summaries as a classification scheme of the Green Plan, with
the counts of relevant actions the figure reports.

The counts are the trusts' own actions, found in their Green Plans (the plan's words: they "do
not constitute an action plan for the ICS Green Plan"). The printed plan never classifies its own
interventions under SDAT, so none is classified here: the live counts are zero until someone
classifies them.
"""

from __future__ import annotations

from django.db import transaction

from netzero.classifications.models import ClassificationScheme
from netzero.classifications.services import category_create, reported_count_record, scheme_create
from netzero.demo.green_plan import green_plan_actions_data
from netzero.plans.models import Plan

SCHEME = "Sustainable Development Assessment Tool (SDAT)"
# As the plan prints it in section 5.1 (the tool's maker, the NHS Sustainable Development Unit,
# calls it the Sustainable Development Assessment Tool).
PRINTED_NAME = "Sustainable Development Action Tool (SDAT)"


@transaction.atomic
def green_plan_classifications_load(plan: Plan) -> ClassificationScheme:
    """Create (or recreate) the SDAT scheme of the Green Plan ``plan`` from Figure 6: its 8
    modules, its 11 action summaries and, for each summary, the count of relevant actions the
    figure reports for all the trusts together. Classifies no intervention."""
    data = green_plan_actions_data()
    figure = data["figure_6"]
    title = data["source"]["title"]
    source = f"{title}, section {figure['section']}, {figure['title']}"
    ClassificationScheme.objects.filter(plan=plan, name=SCHEME).delete()
    scheme = scheme_create(
        plan=plan,
        name=SCHEME,
        top_level_name="Module",
        second_level_name="Action summary",
        description=(
            f"The plan (section {figure['section']}) grouped the actions in its trusts' own "
            f"Green Plans under the modules of the {PRINTED_NAME}, as it names the tool: "
            f"\u201c{figure['text']}\u201d "
            "The plan does not classify its own interventions under SDAT."
        ),
        source=source,
    )
    modules = {}
    for row in figure["rows"]:
        module = modules.get(row["module"])
        if module is None:
            module = modules[row["module"]] = category_create(scheme=scheme, name=row["module"])
        summary = category_create(scheme=scheme, name=row["summary"], parent=module)
        reported_count_record(category=summary, count=row["relevant_actions"], source=source)
    return scheme
