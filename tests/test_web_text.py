"""Names from articles and users stay plain text in Streamlit's Markdown."""

from web.text import md_escape


def test_md_escape_neutralises_links_images_html_and_emphasis():
    out = md_escape("[click](javascript:alert(1)) ![x](http://e/x.png) <b>hi</b> **bold** :fire:")
    assert "](" not in out.replace("\\]\\(", "")
    for raw in ("[", "]", "(", ")", "<", ">", "*", ":"):
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == raw)


def test_md_escape_keeps_plain_words():
    assert md_escape("Anbar province") == "Anbar province"
