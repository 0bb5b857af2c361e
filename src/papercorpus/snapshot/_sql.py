"""The snapshot's layout, and the one SQL query that turns its lines into the index's rows.

arXiv's metadata snapshot (`arxiv-metadata-oai-snapshot.json`, "arXiv Dataset" on Kaggle)
is JSON Lines, one paper a line: `id`, `submitter`, `authors` (one string, LaTeX as
typed), `title` and `abstract` (hard-wrapped), `comments`, `journal-ref`, `doi`,
`report-no`, `categories` (space-separated, primary first), `license`, `versions`
(`[{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}, ...]`), `update_date` and
`authors_parsed` (`[[last, first, suffix, ...], ...]`, accents decoded). Absent values are
null.

The index holds one row a paper, already in the shape of a `Paper` as the arXiv API gives
it, so that reading it back costs no text processing in Python.
"""

from __future__ import annotations

import re
import sys
from typing import Final

from papercorpus.ids import ID_PATTERN

__all__ = [
    "INDEX_COLUMNS",
    "INDEX_TYPES",
    "MACROS",
    "MAX_RECORD_BYTES",
    "SOURCE_COLUMNS",
    "TEXT_FIELDS",
    "WHITESPACE",
    "literal_path",
    "select_rows",
    "squashed_columns",
]

#: Every field of a snapshot line, typed as DuckDB reads it (a wrong type reads as null).
SOURCE_COLUMNS: Final = {
    "id": "VARCHAR",
    "submitter": "VARCHAR",
    "authors": "VARCHAR",
    "title": "VARCHAR",
    "comments": "VARCHAR",
    "journal-ref": "VARCHAR",
    "doi": "VARCHAR",
    "report-no": "VARCHAR",
    "categories": "VARCHAR",
    "license": "VARCHAR",
    "abstract": "VARCHAR",
    "versions": "STRUCT(version VARCHAR, created VARCHAR)[]",
    "update_date": "VARCHAR",
    "authors_parsed": "VARCHAR[][]",
}

#: The index's columns and their DuckDB types: `Paper` fields first, then what only the
#: snapshot says.
INDEX_TYPES: Final = {
    "arxiv_id": "VARCHAR", "title": "VARCHAR", "authors": "VARCHAR[]", "abstract": "VARCHAR",
    "comments": "VARCHAR", "journal_ref": "VARCHAR", "doi": "VARCHAR",
    "categories": "VARCHAR[]", "primary_category": "VARCHAR", "published": "DATE",
    "updated": "DATE", "latest_version": "INTEGER", "report_no": "VARCHAR",
    "license": "VARCHAR", "submitter": "VARCHAR", "update_date": "DATE",
    "versions": "STRUCT(number INTEGER, created TIMESTAMP, size_kb INTEGER, withdrawn BOOLEAN)[]",
    "withdrawn": "BOOLEAN",
}  # fmt: skip
#: Comments that say a paper was withdrawn: `papercorpus._parts.withdrawn_by_comment`'s rule
#: in RE2 (the same words; RE2 and Python agree on them).
WITHDRAWN_COMMENT: Final = (
    r"(?im)\b(?:(?:has|have) been|was|is|are|been|being|were)\s+withdrawn\b"
    r"|^\s*(?:paper|article|submission|manuscript|this version)?\s*withdrawn\b"
)
INDEX_COLUMNS: Final = tuple(INDEX_TYPES)


def _whitespace_class() -> str:
    """Every character Python's `str.split()` splits on, as one RE2 class.

    The index collapses whitespace exactly as `papercorpus._text.squash` does, so that a
    paper from the snapshot equals the same paper from the API, character for character.
    """
    codes = [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    parts = (f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in ranges)
    return "[" + "".join(parts) + "]"


WHITESPACE: Final = _whitespace_class()
_BLANK_BUT_SPACE = WHITESPACE.replace("\\x{1c}-\\x{20}", "\\x{1c}-\\x{1f}")
# Names joined with chr(1) that `squash` would change: a blank but the space, two spaces,
# a space at either end of a name.
_UNSQUASHED_NAMES = f"{_BLANK_BUT_SPACE}|  |^ | $| \\x{{1}}|\\x{{1}} "


# The ASCII characters `str.split()` takes for whitespace, but for the space and newline.
_ASCII_BLANKS = " OR ".join(f"contains(x, chr({c}))" for c in (9, 11, 12, 13, 28, 29, 30, 31))

#: SQL macros the query uses. `papercorpus_squash` is `papercorpus._text.squash` with ''
#: made null, in one expression (for author names). Long text takes two steps, each in a
#: projection of its own so that DuckDB computes each value once (`squashed_columns`):
#: `papercorpus_fast` is the squashed text when a few C-speed string passes can make it
#: (ASCII hard-wrapped with newlines, as nearly all of the file is), else null; then
#: `papercorpus_slow`, the regular expression (the general rule), only where that is null
#: or still holds a run of spaces or one at the end. (`ltrim` is fast, `rtrim` is not.)
MACROS: Final = f"""
CREATE OR REPLACE TEMP MACRO papercorpus_unwrapped(x) AS
    CASE WHEN ends_with(x, chr(10)) THEN substr(x, 1, strlen(x) - 1) ELSE x END;
CREATE OR REPLACE TEMP MACRO papercorpus_fast(x) AS
    CASE WHEN strlen(x) = length(x) AND NOT ({_ASCII_BLANKS}) THEN ltrim(replace(
        CASE
            WHEN contains(x, chr(10) || '  ')  -- a title's wraps: a newline, two spaces
            THEN replace(papercorpus_unwrapped(x), chr(10) || '  ', ' ')
            ELSE papercorpus_unwrapped(x)
        END,
        chr(10),
        ' '
    )) END;
CREATE OR REPLACE TEMP MACRO papercorpus_slow(x) AS
    trim(regexp_replace(x, '{WHITESPACE}+', ' ', 'g'));
CREATE OR REPLACE TEMP MACRO papercorpus_pick(x, fast) AS
    CASE
        WHEN fast IS NULL OR contains(fast, '  ') OR ends_with(fast, ' ')
        THEN papercorpus_slow(x)
        ELSE fast
    END;
CREATE OR REPLACE TEMP MACRO papercorpus_squash(x) AS
    nullif(papercorpus_pick(x, papercorpus_fast(x)), '');
CREATE OR REPLACE TEMP MACRO papercorpus_names(names) AS
    CASE
        WHEN regexp_matches(array_to_string(names, chr(1)), '{_UNSQUASHED_NAMES}')
        THEN list_filter(
            list_transform(names, lambda n: papercorpus_squash(n)), lambda n: n IS NOT NULL
        )
        ELSE list_filter(names, lambda n: n <> '')
    END;
CREATE OR REPLACE TEMP MACRO papercorpus_gmt_date(x) AS
    CAST(try_strptime(x, '%a, %d %b %Y %H:%M:%S GMT') AS DATE);
CREATE OR REPLACE TEMP MACRO papercorpus_version(x) AS
    try_cast(regexp_extract(x, '^v([1-9][0-9]{{0,3}})$', 1) AS INTEGER);
CREATE OR REPLACE TEMP MACRO papercorpus_gmt_time(x) AS
    try_strptime(x, '%a, %d %b %Y %H:%M:%S GMT');
CREATE OR REPLACE TEMP MACRO papercorpus_withdrawn(comments) AS
    coalesce(regexp_matches(comments, '{WITHDRAWN_COMMENT}'), false);
"""

#: The snapshot's text fields, by the index column each becomes.
TEXT_FIELDS: Final = {
    "title": "title",
    "abstract": "abstract",
    "comments": "comments",
    "journal_ref": '"journal-ref"',
    "doi": "doi",
    "report_no": '"report-no"',
    "license": "license",
    "submitter": "submitter",
    "categories": "categories",
}


def squashed_columns(relation: str, fields: dict[str, str]) -> str:
    """A query of `relation` with each of `fields` (name -> SQL) squashed, '' as null.

    Three projections, so that each step is computed once a value: the fast form, the pick,
    the null. Every column of `relation` stays, beside the squashed ones.
    """
    fast = ", ".join(f"papercorpus_fast({sql}) AS {name}_fast" for name, sql in fields.items())
    pick = ", ".join(
        f"papercorpus_pick({sql}, {name}_fast) AS {name}_picked" for name, sql in fields.items()
    )
    null = ", ".join(f"nullif({name}_picked, '') AS {name}_squashed" for name in fields)
    return f"SELECT *, {null} FROM (SELECT *, {pick} FROM (SELECT *, {fast} FROM {relation}))"  # noqa: S608 (all of it this module's own)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: The longest line read as a record (DuckDB's default); a longer one is a diagnostic.
MAX_RECORD_BYTES: Final = 16 * 1024 * 1024


def select_rows(source: str, compression: str) -> str:
    """The query that reads the snapshot file at path `source` (`compression`: gzip, none).

    Lines that are not JSON objects read as rows of nulls (`ignore_errors`), and are left
    out with every row whose `id` is not an arXiv identifier: the build counts them.
    """
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in SOURCE_COLUMNS.items())
    raw = f"""(
        SELECT * FROM read_json(
            {_literal(source)},
            compression = {_literal(compression)},
            format = 'newline_delimited',
            ignore_errors = true,
            maximum_object_size = {MAX_RECORD_BYTES},
            columns = {{{columns}}}
        )
        WHERE regexp_full_match(id, '{ID_PATTERN}')
    )"""  # noqa: S608 (the path is quoted as a literal; the rest is this module's own)
    # first last suffix; an empty part leaves no space
    author = "concat_ws(' ', nullif(a[2], ''), nullif(a[1], ''), nullif(a[3], ''))"
    categories = "list_filter(string_split(categories_squashed, ' '), lambda c: c <> '')"
    return f"""
        SELECT
            regexp_replace(id, '^([a-z-]+)\\.[A-Z]{{2}}/', '\\1/') AS arxiv_id,
            title_squashed AS title,
            coalesce(
                papercorpus_names(list_transform(authors_parsed, lambda a: {author})), []
            ) AS authors,
            abstract_squashed AS abstract,
            comments_squashed AS comments,
            journal_ref_squashed AS journal_ref,
            doi_squashed AS doi,
            coalesce({categories}, []) AS categories,
            {categories}[1] AS primary_category,
            papercorpus_gmt_date(versions[1].created) AS published,
            papercorpus_gmt_date(versions[-1].created) AS updated,
            papercorpus_version(versions[-1].version) AS latest_version,
            report_no_squashed AS report_no,
            license_squashed AS license,
            submitter_squashed AS submitter,
            try_cast(update_date AS DATE) AS update_date,
            coalesce(list_filter(list_transform(versions, lambda v: {{
                'number': papercorpus_version(v.version),
                'created': papercorpus_gmt_time(v.created),
                'size_kb': NULL::INTEGER,
                'withdrawn': false
            }}), lambda v: v.number IS NOT NULL AND v.created IS NOT NULL), []) AS versions,
            papercorpus_withdrawn(comments_squashed) AS withdrawn
        FROM ({squashed_columns(raw, TEXT_FIELDS)})
    """  # noqa: S608 (this module's own text)


_GLOB = re.compile(r"([*?\[])")


def literal_path(path: str) -> str:
    """`path` as DuckDB's readers take it literally: its glob characters bracketed.

    DuckDB expands `*`, `?` and `[...]` in a path it reads: `snap*.json` would read every
    file the pattern matches. `[*]` is the character itself.
    """
    return _GLOB.sub(r"[\1]", path)
