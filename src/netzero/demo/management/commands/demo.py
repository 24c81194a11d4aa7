from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from netzero.demo.classifications import green_plan_classifications_load
from netzero.demo.green_plan import green_plan_actions_load, green_plan_load
from netzero.demo.indicators import demo_indicators_load
from netzero.demo.services import demo_load, demo_users_create, demo_workflow_load
from netzero.factors.services import factor_set_load, supplementary_factors_load
from netzero.factors.sources import SOURCES
from netzero.territorial.management.commands.emissions import DEFAULT as EMISSIONS_CSV
from netzero.territorial.services import area_emissions_import


class Command(BaseCommand):
    help = (
        "Set up the demo: migrate the database, load Derbyshire County Council's 2022-23 Q3 "
        "Climate Change Programme Dashboard, create demo users and serve on 127.0.0.1:8000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Load the demo and stop.")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="Where to serve.")

    def handle(self, *args, no_serve: bool, addrport: str, **options):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        plan = demo_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {plan.name}: {plan.actions.count()} actions, "
                f"{plan.periods.count()} periods."
            )
        )
        users = demo_users_create(plan=plan)
        demo_workflow_load(plan=plan)
        green_plan_load()
        self.stdout.write("Loaded the ICS Green Plan's footprints and targets.")
        green_plan = green_plan_actions_load()
        self.stdout.write(
            f"Loaded {green_plan.name}: {green_plan.themes.count()} objectives, "
            f"{green_plan.actions.count()} interventions."
        )
        sdat = green_plan_classifications_load(green_plan)
        self.stdout.write(f"Loaded Figure 6: {sdat.name}, {sdat.categories.count()} categories.")
        indicators = demo_indicators_load()
        self.stdout.write(f"Loaded {len(indicators)} indicators from the two plans.")
        for year in sorted(SOURCES):
            result = factor_set_load(year=year)
            self.stdout.write(f"Conversion factors {year}: {result.rows} rows.")
        supplementary = supplementary_factors_load()
        self.stdout.write(f"Supplementary factors (cited): {supplementary}.")
        report = area_emissions_import(path=EMISSIONS_CSV)
        self.stdout.write(f"Local authority emissions: {report.rows} rows.")
        self.stdout.write("\nDemo users (passwords are new each time the demo starts):")
        for user in users:
            self.stdout.write(f"  {user.username:<12} {user.password:<18} {user.role}")
        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        self.stdout.write(
            f"\nDashboard: http://{host}/plans/{plan.slug}/\n"
            f"Green Plan: http://{host}/plans/{green_plan.slug}/actions/\n"
            f"SDAT:      http://{host}/plans/{green_plan.slug}/classifications/\n"
            f"Footprints: http://{host}/organisations/jucd-ics/partnership/\n"
            f"Area-wide: http://{host}/areas/DBY/\n"
            f"Admin:     http://{host}/admin/\n"
        )
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)
