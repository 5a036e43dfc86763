"""The DfE UPN check-letter algorithm."""

from __future__ import annotations

from pathways.policy.upn import check_letter, check_upn


def test_a_correct_permanent_upn_is_valid():
    got = check_upn("H801200001001")
    assert (got.valid, got.temporary, got.check_letter, got.error) == (True, False, "H", None)


def test_a_correct_temporary_upn_is_valid():
    got = check_upn("X00180001701A")
    assert (got.valid, got.temporary, got.check_letter) == (True, True, "X")


def test_a_wrong_check_letter_is_invalid_and_the_right_one_is_given():
    got = check_upn("B207000016049")
    assert (got.valid, got.check_letter) == (False, "P")
    assert got.error == "wrong check letter: it should be P"


def test_a_temporary_upn_ending_in_i_o_or_s_is_invalid():
    for last in "IOS":
        got = check_upn("X00180001701" + last)
        assert not got.valid
        assert got.check_letter is None
        assert got.error == "a temporary UPN cannot end in I, O or S"


def test_lower_case_is_invalid_even_when_the_letter_is_right():
    got = check_upn("h801200001001")
    assert (got.valid, got.check_letter, got.error) == (False, "H", "UPNs are written in capital letters")


def test_the_check_letter_is_null_when_the_rest_is_malformed():
    assert check_upn("H80120000100").check_letter is None  # 12 characters
    assert check_upn("H8012000X1001").check_letter is None
    assert check_letter("H80120000100-") is None
    assert not check_upn("").valid


def test_the_public_example_upns_are_valid():
    for upn in ("X926412017048", "Y850201322031", "T938420115063", "F919401216054", "L855401215099"):
        assert check_upn(upn).valid, upn
