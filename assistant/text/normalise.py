"""Text normalised for comparison: the one way "is this quote verbatim?" is asked
(NFKC, curly quotes and guillemets to straight ones, Unicode dashes to "-", whitespace
runs to one space; case and every other character kept), and ``squash``, MultiHop-RAG's
rule for "does this passage hold that fact?" (every whitespace character removed).
"""

from __future__ import annotations

import unicodedata

_QUOTE_MAP = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',  # guillemets appear in French-sourced copy
        "\u00bb": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
    }
)


def normalize_quote_text(s: str) -> str:
    """Normalise text for verbatim quote matching.

    Applies NFKC (folds NBSP, ligatures and "…" to their plain forms), maps
    curly quotes and guillemets to straight quotes and Unicode dashes to "-",
    and collapses runs of whitespace to one space. Case and all other
    characters are preserved, because a quote must still be verbatim.
    """
    s = unicodedata.normalize("NFKC", s).translate(_QUOTE_MAP)
    return " ".join(s.split())




def _normalized_with_map(text: str) -> tuple[str, list[int]]:
    """``normalize_quote_text(text)`` and, for each of its characters, the offset in
    ``text`` it came from (so a match can be mapped back to the original)."""
    out: list[str] = []
    where: list[int] = []
    space = True  # drop leading whitespace
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).translate(_QUOTE_MAP):
            if c.isspace():
                if not space:
                    out.append(" ")
                    where.append(i)
                space = True
            else:
                out.append(c)
                where.append(i)
                space = False
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def find_quote(haystack: str, quote: str) -> tuple[int, int] | None:
    """Offsets ``(start, end)`` in ``haystack`` of ``quote``, compared after whitespace,
    quote and dash normalisation; None when it does not occur.

    >>> find_quote("He said:\\n“no  deal” today", '"no deal"')
    (9, 18)
    """
    needle = normalize_quote_text(quote)
    if not needle:
        return None
    norm, where = _normalized_with_map(haystack)
    pos = norm.find(needle)
    if pos < 0:
        return None
    return where[pos], where[pos + len(needle) - 1] + 1


def squash(s: str) -> str:
    """Remove every whitespace character (spaces, newlines, tabs, NBSP...): immune to the
    line wrapping and spacing that chunking and cleaning change."""
    return "".join(s.split())


def one_edit_apart(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by at most one edit (insert, delete or substitute one
    character): how transliterations of one name differ ("umerov" / "umierov")."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]
