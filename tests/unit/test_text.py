from seedbank.text import fold, like_contains, terms


def test_fold_lowercases_and_drops_accents_but_keeps_letters_without_them() -> None:
    assert fold("  Ñame  MORADO de Caicara ") == "name morado de caicara"
    assert fold("Maíz") == fold("MAIZ") == "maiz"
    assert fold("Güiria") == "guiria"
    assert fold("ɨ ʉ") == "ɨ ʉ"
    assert fold("ai'ruushi") == fold("ai’ruushi") == fold("aiʼruushi") == "airuushi"


def test_terms_are_distinct_folded_words() -> None:
    assert terms("Wayuu: ai'ruushi", "Maíz cariaco", "maiz", None, "VEN001-000123") == [
        "wayuu",
        "airuushi",
        "maiz",
        "cariaco",
        "ven001",
        "000123",
    ]
    assert terms("snake_case") == ["snake", "case"]
    assert terms("x" * 100) == ["x" * 64]


def test_like_pattern_escapes_wildcards() -> None:
    assert like_contains("50%_off\\") == "%50\\%\\_off\\\\%"
