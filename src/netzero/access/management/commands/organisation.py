"""``netzero organisation create``: a new organisation and its first administrator's invitation,
for the operator who hosts several bodies."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.text import slugify

from netzero.access.services import invitation_lifetime, organisation_start
from netzero.core.commands import AppCommand
from netzero.organisations.models import Organisation


class Command(AppCommand):
    help = (
        'Organisations: netzero organisation create --name "Example District Council" '
        "--admin-email a@example.org [--kind district_council] [--slug SLUG] [--public]. "
        "Creates the organisation and emails its administrator an invitation to set a password."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser(
            "create", help="A new organisation, and an invitation for its administrator."
        )
        create.add_argument("--name", required=True, help="Its full name, as published.")
        create.add_argument(
            "--admin-email", required=True, help="Its administrator's email address."
        )
        create.add_argument(
            "--admin-first-name", default="", help="Optional: they are asked when they accept."
        )
        create.add_argument("--admin-last-name", default="", help="Optional, as the first name.")
        create.add_argument(
            "--kind",
            default=Organisation.Kind.OTHER,
            choices=Organisation.Kind.values,
            help="What kind of body it is (default: other).",
        )
        create.add_argument("--slug", help="Its part of the addresses (default: from the name).")
        create.add_argument(
            "--public",
            action="store_true",
            help="Publish its pages at once (default: only its own people see them).",
        )

    def handle(self, *args, action: str, **options):
        name = options["name"].strip()
        slug = options["slug"] or slugify(name)
        if not slug:
            raise CommandError("Give a --slug: the name has no letters or numbers to make one.")
        membership = organisation_start(
            name=name,
            slug=slug,
            kind=options["kind"],
            is_public=options["public"],
            admin_email=options["admin_email"],
            admin_first_name=options["admin_first_name"],
            admin_last_name=options["admin_last_name"],
        )
        organisation = membership.organisation
        person = membership.user
        self.stdout.write(
            f"Created {organisation.name} ({organisation.slug}), "
            f"{organisation.get_kind_display().lower()}."
        )
        if organisation.is_public:
            self.stdout.write("Its pages are public: anyone can read its published quarters.")
        else:
            self.stdout.write(
                "Its pages are not public: only its own people see them until its administrator "
                "makes them public (or run this with --public)."
            )
        if membership.invitation_link:
            self.stdout.write(
                f"{person.email} is its administrator. An invitation was emailed to them; if it "
                f"does not arrive, give them this link (it works once, for "
                f"{invitation_lifetime()}):\n{membership.invitation_link}"
            )
        else:
            self.stdout.write(
                f"{person.email} already signs in here: they are its administrator now, and an "
                "email told them so."
            )
