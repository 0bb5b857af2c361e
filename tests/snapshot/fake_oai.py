"""A local OAI-PMH server that serves arXiv's own records as arXiv's server pages them.

The records are the real ones of `tests/data/oai/recorded/` (arXiv's server code on arXiv's
test database, see its SOURCES.md), cut out of the recorded pages byte for byte. The server
pages them as that code does: sorted by datestamp and identifier, `page_size` a page, a
stateless token, an empty `<resumptionToken/>` on the last page of a sequence and none on
a one-page answer; errors come as HTTP 200 XML, with the recorded wording.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote

from werkzeug import Request, Response

# The full harvests in both formats, copied from `../shared/oai-pmh/` with its SOURCES.md.
SHARED = Path(__file__).resolve().parent.parent / "data" / "oai" / "recorded"
_RECORD = re.compile(r"<record>.*?</record>", re.DOTALL)
_IDENTIFIER = re.compile(r"<identifier>oai:arXiv\.org:([^<]+)</identifier>")
_DATESTAMP = re.compile(r"<datestamp>([0-9-]{10})</datestamp>")
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ '
    'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n'
    "<responseDate>2026-12-03T13:53:27Z</responseDate>\n"
    "<request>https://oaipmh.arxiv.org/oai</request>\n"
)
EARLIEST = dt.date(2005, 9, 16)


def recorded_records(prefix: str) -> dict[str, tuple[dt.date, str]]:
    """Identifier -> (datestamp, `<record>` XML) of every record of a full recorded harvest."""
    found: dict[str, tuple[dt.date, str]] = {}
    pages = sorted(SHARED.glob(f"listrecords_{prefix}_p0*.xml"))
    assert len(pages) == 6, f"the recorded pages of {prefix} are missing from {SHARED}"
    for page in pages:
        for chunk in _RECORD.findall(page.read_text(encoding="utf-8")):
            identifier = _IDENTIFIER.search(chunk)
            stamp = _DATESTAMP.search(chunk)
            assert identifier is not None
            assert stamp is not None
            found[identifier.group(1)] = (dt.date.fromisoformat(stamp.group(1)), chunk)
    return found


def error(code: str, text: str) -> Response:
    body = f"{_HEAD}<error code='{code}'>{text}</error>\n</OAI-PMH>"
    return Response(body.encode(), status=200, content_type="text/xml")


@dataclass
class FakeOai:
    """The server's records, its faults to serve first, and what it was asked (with when)."""

    page_size: int = 100
    records: dict[str, dict[str, tuple[dt.date, str]]] = field(
        default_factory=lambda: {p: recorded_records(p) for p in ("arXivRaw", "arXiv")}
    )
    faults: list[Response] = field(default_factory=list)
    requests: list[tuple[float, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    refuse_tokens: bool = False  # play a server that no longer takes its tokens

    def fail_with(  # noqa: D102 (serve this answer to the next request, before any other)
        self, status: int, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        self.faults.append(Response(body, status=status, headers=headers or {}))

    def change(self, identifier: str, old: str, new: str, stamp: dt.date) -> None:
        """Edit a record's text in both formats, and move its datestamp to `stamp`."""
        for records in self.records.values():
            _, chunk = records[identifier]
            assert old in chunk
            chunk = _DATESTAMP.sub(f"<datestamp>{stamp}</datestamp>", chunk.replace(old, new))
            records[identifier] = (stamp, chunk)

    @property
    def asked(self) -> list[dict[str, str]]:  # noqa: D102 (each request's query)
        return [query for _, query in self.requests]

    def handle(self, request: Request) -> Response:  # noqa: C901, PLR0911, PLR0912, D102 (one OAI-PMH answer)
        query = {k: v[0] for k, v in parse_qs(request.query_string.decode()).items()}
        with self.lock:
            self.requests.append((time.monotonic(), query))
            if self.faults:
                return self.faults.pop(0)
        if query.get("verb") != "ListRecords":
            return error("badVerb", "Illegal verb")
        token = query.get("resumptionToken")
        if token is not None:
            if set(query) != {"verb", "resumptionToken"}:
                return error("badArgument", "resumptionToken is an exclusive argument")
            try:
                if self.refuse_tokens:
                    raise ValueError(token)  # noqa: TRY301 (the same refusal as a bad token)
                prefix, start, until, spec, skip = unquote(token).split("|")
                offset = int(skip)
            except ValueError:
                return error(
                    "badResumptionToken",
                    "The value of the resumptionToken argument is invalid or expired. "
                    "Reason: Token decoding failed or format is invalid.",
                )
            resumed = True
        else:
            prefix = query.get("metadataPrefix", "")
            start, until, spec = query.get("from", ""), query.get("until", ""), query.get("set", "")
            offset, resumed = 0, False
        if prefix not in self.records:
            return error("cannotDisseminateFormat", f"Format {prefix!r} is not supported")
        try:
            low = dt.date.fromisoformat(start) if start else None
            high = dt.date.fromisoformat(until) if until else None
        except ValueError:
            return error("badArgument", "from date format must be YYYY-MM-DD")
        if len(start) not in {0, 10} or len(until) not in {0, 10}:
            return error("badArgument", "from date format must be YYYY-MM-DD")
        if low is not None and low < EARLIEST:
            return error("badArgument", "start date too early")
        chosen = sorted(
            (stamp, key, chunk)
            for key, (stamp, chunk) in self.records[prefix].items()
            if (low is None or stamp >= low)
            and (high is None or stamp <= high)
            and (not spec or f"<setSpec>{spec}" in chunk)
        )
        if not chosen:
            return error(
                "noRecordsMatch",
                "The combination of the values of the from, until, set and metadataPrefix "
                "arguments results in an empty list.",
            )
        page = chosen[offset : offset + self.page_size]
        more = offset + self.page_size < len(chosen)
        if more:
            next_token = quote("|".join([prefix, start, until, spec, str(offset + self.page_size)]))
            expires = "expirationDate='2026-12-04T00:00:00Z'"
            tail = f"<resumptionToken {expires}>{next_token}</resumptionToken>"
        else:
            tail = "<resumptionToken/>" if resumed else ""
        body = (
            f"{_HEAD}<ListRecords>\n"
            + "\n".join(chunk for _, _, chunk in page)
            + f"\n{tail}\n</ListRecords>\n</OAI-PMH>"
        )
        return Response(body.encode(), status=200, content_type="text/xml")
