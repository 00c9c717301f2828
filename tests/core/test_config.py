import re
from pathlib import Path

import pytest

from narrator.core.config import SECTIONS, config_from_dict, default_toml, load_config
from narrator.core.errors import ConfigError, NarratorError

TOML = Path("/shows/demo/narrator.toml")


def test_defaults_are_complete_and_documented():
    config = config_from_dict({}, TOML)
    assert config.show.title == "demo"  # the folder's name
    assert config.voice.engine == "piper"
    assert config.pauses.sentence_ms < config.pauses.paragraph_ms < config.pauses.section_ms
    assert config.audio.bitrate_kbps == 96 and config.audio.sample_rate == 44100
    for cls in SECTIONS.values():
        for field in cls.__dataclass_fields__.values():
            assert field.metadata["doc"].strip(), f"{cls.__name__}.{field.name} has no doc"


def test_all_errors_reported_together_with_file_and_key():
    with pytest.raises(ConfigError) as caught:
        config_from_dict({"show": {"title": 3, "category": "Cooking", "explicit": "no"},
                          "audio": {"bitrate_kbps": 100}}, TOML)
    lines = caught.value.lines()
    assert len(lines) == 4
    assert all(line.startswith(f"{TOML}: ") for line in lines)
    joined = "\n".join(lines)
    assert "show.title: expected a string, got 3" in joined
    assert "show.explicit: expected true or false" in joined
    assert "show.category: 'Cooking' is not an Apple Podcasts category" in joined
    assert "audio.bitrate_kbps: 100 is not one of" in joined


def test_unknown_keys_fail_naming_the_right_one_unless_allowed():
    with pytest.raises(ConfigError) as caught:
        config_from_dict({"show": {"autor": "x"}, "extras": {}}, TOML)
    lines = caught.value.lines()
    assert any("unknown key 'autor' in [show] — did you mean 'author'?" in line for line in lines)
    assert any("unknown section 'extras'" in line for line in lines)
    config = config_from_dict({"allow_unknown_keys": True, "show": {"titel": "x"}}, TOML)
    assert any("unknown key 'titel' in [show] — did you mean 'title'?" in w
               for w in config.warnings)


@pytest.mark.parametrize("show, message", [
    ({"base_url": "example.org/pod"}, "not an absolute http(s) URL"),
    ({"category": "Science > Cooking"}, "not a subcategory of 'Science'"),
    ({"owner_email": "nobody"}, "not an e-mail address"),
    ({"language": "zz-top"}, "not a language code"),
    ({"type": "weekly"}, "not one of: episodic, serial"),
    ({"description": "x" * 4001}, "4000 bytes"),
])
def test_bad_show_values(show, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        config_from_dict({"show": show}, TOML)


def test_pauses_must_grow_and_ints_accepted_for_floats():
    with pytest.raises(ConfigError, match="sentence_ms < paragraph_ms < section_ms"):
        config_from_dict({"pauses": {"sentence_ms": 900, "paragraph_ms": 800}}, TOML)
    assert config_from_dict({"voice": {"speed": 1}}, TOML).voice.speed == 1.0


def test_base_url_gets_trailing_slash_and_subcategory_parses():
    config = config_from_dict({"show": {"base_url": "https://x.org/pod",
                                        "category": "Arts > Books"}}, TOML)
    assert config.show.base_url == "https://x.org/pod/"


def test_load_config_file_errors(tmp_path):
    with pytest.raises(NarratorError, match="show folder not found"):
        load_config(tmp_path / "missing")
    with pytest.raises(NarratorError, match="no narrator.toml here"):
        load_config(tmp_path)
    (tmp_path / "narrator.toml").write_text("[show\ntitle = 1")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(tmp_path)


def test_default_toml_round_trips(tmp_path):
    (tmp_path / "narrator.toml").write_text(default_toml("My Show"))
    config = load_config(tmp_path)
    assert config.show.title == "My Show" and not config.warnings
