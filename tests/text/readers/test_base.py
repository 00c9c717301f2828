"""What every reader shares: bad sources named in one line, and file names made from titles."""

import pytest

from narrator.core.errors import InputError
from narrator.text.readers import read_source, slugify


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", "", "no text to narrate"),
    ("blank.md", "---\ntitle: x\n---\n\n   \n", "no text to narrate"),
    ("bin.txt", bytes(range(256)) * 4, "binary data"),
    ("latin1.txt", "caf\xe9 cr\xe8me".encode("latin-1"), "not UTF-8"),
    ("notes.docx", "hello", "unsupported file type"),
])
def test_bad_sources_name_the_file(write_source, tmp_path, name, data, message):
    path = write_source(tmp_path, name, data)
    with pytest.raises(InputError, match=message) as caught:
        read_source(path)
    assert caught.value.lines()[0].startswith(str(path))


def test_slugify():
    assert slugify("01 Café: the Return!") == "01-cafe-the-return"
    assert slugify("###") == "episode"
