"""Job-title normalisation to O*NET occupations."""

import pytest

from scoring.engine._titles import code_similarity, occupation_name, occupations, title_similarity


@pytest.mark.parametrize(
    ("title", "occupation"),
    [
        ("ACCOUNTANT", "Accountants and Auditors"),
        ("Sr. Staff Accountant II", "Accountants and Auditors"),
        ("Senior Software Engineer", "Software Developers"),
        ("Head Chef", "Chefs and Head Cooks"),
        ("Registered Nurse", "Registered Nurses"),
        ("Accountants and Auditors", "Accountants and Auditors"),
    ],
)
def test_titles_map_to_their_occupation(title, occupation):
    assert occupation_name(occupations(title)[0]) == occupation


def test_a_title_naming_two_roles_maps_to_both():
    names = {occupation_name(c) for c in occupations("HR Administrator/Marketing Associate")}
    assert len(names) == 2


def test_unknown_titles_map_to_nothing():
    assert occupations("Xyzzy Plugh") == ()


def test_similarity_follows_the_soc_hierarchy():
    assert code_similarity("13-2011.00", "13-2011.00") == 1.0
    assert code_similarity("13-2011.00", "13-2011.01") == 0.9
    assert code_similarity("13-2011.00", "13-2051.00") == 0.5
    assert code_similarity("13-2011.00", "13-1071.00") == 0.2
    assert code_similarity("13-2011.00", "35-1011.00") == 0.0
    assert title_similarity(occupations("Accountant"), occupations("Chef")) == 0.0
