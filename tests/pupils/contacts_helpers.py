"""A pupil's address and four contacts in priority order: a mother to ring first, a father under a no-contact
order, a grandmother without parental responsibility, an aunt with parental responsibility and no e-mail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pathways.pupils.models import PupilContact


@dataclass
class Contacts:
    mum: PupilContact
    dad: PupilContact
    gran: PupilContact
    aunt: PupilContact


def with_contacts(pupil: Any) -> Contacts:
    pupil.address_line_1, pupil.town, pupil.postcode = "14 Larch Close", "Hexham", "NE46 3QT"
    pupil.save()
    gran = PupilContact.objects.create(pupil=pupil, priority=3, name="Edna Gran", relationship="GRP",
                                       lives_with_pupil=True, phone="07700 900303", email="edna@example.org")
    dad = PupilContact.objects.create(pupil=pupil, priority=2, name="Rick Dad", relationship="PAF",
                                      parental_responsibility=True, phone="07700 900202", email="rick@example.org",
                                      restriction="no_contact", restriction_note="Court order, see file")
    mum = PupilContact.objects.create(pupil=pupil, priority=1, name="Jo Mum", relationship="PAM",
                                      parental_responsibility=True, lives_with_pupil=True, phone="07700 900101",
                                      phone_2="0191 496 0101", email="jo@example.org")
    aunt = PupilContact.objects.create(pupil=pupil, priority=4, name="Sue Aunt", relationship="AUN",
                                       parental_responsibility=True, phone="07700 900404")
    return Contacts(mum, dad, gran, aunt)
