"""Entry types read as staff say them: initials in capitals, the seeds' own names for their forms."""

from pathways.arrangements.vocabulary import in_sentence, label
from pathways.policy import casefile as cf


def test_initials_are_capitals_and_other_words_read_as_a_sentence():
    assert label("la_approval") == "LA approval"
    assert label("slt_decision") == "SLT decision"
    assert label("iss_consulted") == "ISS consulted"
    assert label("send_plan_updated") == "SEND plan updated"
    assert label("parent_consent") == "Parent consent"
    assert label("healthcare_plan") == "Individual healthcare plan"


def test_inside_a_sentence_only_ordinary_words_lose_their_capital():
    assert f"Record {in_sentence('la_notified')}" == "Record LA notified"
    assert f"Record {in_sentence('iss_referral')}" == "Record ISS referral"
    assert f"Record {in_sentence('parent_consent')}" == "Record parent consent"


def test_no_entry_type_reads_with_a_lower_case_initialism():
    for word in cf.EVENT_TYPES:
        text = label(word)
        for initials in ("La ", "Slt ", "Iss ", "Send ", " la ", " slt ", " iss ", " send "):
            assert initials not in f" {text} ", (word, text)


def test_hours_read_as_a_number_of_hours_never_a_decimal_point_zero():
    from decimal import Decimal

    from django.template import Context, Template

    from pathways.words import hours

    assert hours(12.0) == "12 hours" and hours(Decimal("11.50")) == "11.5 hours" and hours(1) == "1 hour"
    assert hours(None) == ""
    assert Template("{{ h|hours }} a week").render(Context({"h": Decimal("12.0")})) == "12 hours a week"


def test_a_label_inside_a_sentence_keeps_the_capitals_of_initials_and_names():
    from pathways.words import sentence

    assert sentence("Not registered as a school") == "not registered as a school"
    assert sentence("DfE-accredited online education provider") == "DfE-accredited online education provider"
    assert sentence("LA approval") == "LA approval"


def test_a_duty_reads_as_its_words_with_the_rule_id_only_as_small_print():
    from pathways.words import duty

    assert duty("PTT-LA-NOTIFIED") == "The local authority told within 5 school days of the start"
    assert duty("NO-SUCH-RULE") == "NO-SUCH-RULE"
