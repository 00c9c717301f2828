

def test_the_common_languages_table_says_what_pycountry_says():
    import pycountry

    from narrator.core.languages import COMMON_ISO639_2, iso639_2, is_language

    for code, id3 in COMMON_ISO639_2.items():
        found = pycountry.languages.get(alpha_2=code)
        assert (getattr(found, "bibliographic", None) or found.alpha_3) == id3, code
        assert is_language(code) and iso639_2(f"{code}-xx") == id3
    assert iso639_2("eu") == "baq" and is_language("eu")  # beyond the table: pycountry
    assert not is_language("xq")
