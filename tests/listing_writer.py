"""Papers written back as a listing: what the round-trip property tests parse."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from papercorpus import Paper


def _id_line(paper: Paper) -> str:
    version = f"v{paper.version}" if paper.version is not None else ""
    dois = paper.dois or ((paper.doi,) if paper.doi else ())
    doi = f" - doi: {'; '.join(dois)}" if dois else ""
    return f"arXiv:{paper.arxiv_id}{version}{doi}"


def write_listing(papers: Iterable[Paper], stream: IO[str], *, layout: str = "spaced") -> int:
    """Write papers back as a listing in the `spaced` or `compact` layout (see FORMAT).

    Parsing the output gives the same papers back (but for `source`), except where the
    compact layout cannot say it: comments with no abstract, or a DOI glued to an abstract
    that does not start with a capital letter. Several DOIs are written `A; B`.

    Raises:
        ValueError: `layout` is neither "spaced" nor "compact".
    """
    if layout not in {"spaced", "compact"}:
        raise ValueError(f"layout must be 'spaced' or 'compact', not {layout!r}")
    count = 0
    pending = ""  # compact: the identifier line (and its Created line) awaiting the next text
    for paper in papers:
        blocks = [b for b in [paper.abstract, *(paper.comments or "").splitlines()] if b]
        created = f"Created: {paper.created.isoformat()}\n" if paper.created else ""
        if layout == "spaced":
            stream.writelines(f"{block}\n\n" for block in blocks)
            stream.write(f"{_id_line(paper)}\n{created}\n")
        else:
            if pending:
                id_line, _, created_line = pending.partition("\n")
                first = blocks.pop(0) if blocks else ""
                stream.write(f"{id_line}{first}\n{created_line}")
            stream.writelines(f"{block}\n" for block in blocks)
            pending = f"{_id_line(paper)}\n{created}"
        count += 1
    stream.write(pending)
    return count
