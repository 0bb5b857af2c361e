"""Benchmark: applying an OAI-PMH delta to a snapshot index, against building the index.

Run with `uv run python benchmarks/bench_update.py` (`--records N`, `--delta N`,
`--repeat R`).

On a generated snapshot in the published layout (`_snapshot.py`), in one run:

- anchor: `Snapshot.build` of the whole file (a fresh index each time);
- `Snapshot(index).update()` of a delta of `--delta` records (half changed papers, half new)
  served by a local OAI-PMH server on 127.0.0.1 in arXiv's production page size (2,500),
  on a copy of the index each time. Target: at most 5% of the build.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
import time
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from _snapshot import generate
from _table import Row, table

from papercorpus import ParseWarning, Snapshot

ANCHOR = "Snapshot.build (the whole file)"
PAGE = 2500
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">'
    "<responseDate>2026-12-03T00:00:00Z</responseDate><request>https://oaipmh.arxiv.org/oai"
    "</request><ListRecords>"
)
_RAW = (
    "<record><header><identifier>oai:arXiv.org:{id}</identifier><datestamp>2026-12-02"
    '</datestamp></header><metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/">'
    "<id>{id}</id><submitter>A. Author</submitter>"
    '<version version="v1"><date>Mon, 2 Apr 2007 19:18:42 GMT</date><size>23kb</size></version>'
    '<version version="v2"><date>Tue, 1 Dec 2026 10:00:00 GMT</date><size>25kb</size></version>'
    "<title>A changed title for {id}</title><authors>A. Author, B. Writer</authors>"
    "<categories>cs.LG stat.ML</categories><comments>12 pages</comments>"
    "<abstract>  An abstract of the paper {id}, as arXiv stores it, with $x^2$ kept.</abstract>"
    "</arXivRaw></metadata></record>"
)
_PARSED = (
    "<record><header><identifier>oai:arXiv.org:{id}</identifier><datestamp>2026-12-02"
    '</datestamp></header><metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>{id}</id>'
    "<authors><author><keyname>Author</keyname><forenames>A.</forenames></author>"
    "<author><keyname>Writer</keyname><forenames>B.</forenames></author></authors>"
    "</arXiv></metadata></record>"
)


def serve(ids: list[str]) -> tuple[ThreadingHTTPServer, str]:
    """A local OAI-PMH server listing `ids` in both formats, `PAGE` records a page."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
            token = query.get("resumptionToken")
            prefix, skip = token.split("-") if token else (query["metadataPrefix"], "0")
            start = int(skip)
            template = _RAW if prefix == "arXivRaw" else _PARSED
            page = "".join(template.format(id=i) for i in ids[start : start + PAGE])
            more = start + PAGE < len(ids)
            tail = (
                f"<resumptionToken>{prefix}-{start + PAGE}</resumptionToken>"
                if more
                else ("<resumptionToken/>" if token else "")
            )
            body = f"{_HEAD}{page}{tail}</ListRecords></OAI-PMH>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/oai"


def main() -> None:
    """Generate the snapshot, build it (the anchor), apply the delta, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=300_000)
    parser.add_argument("--delta", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--spread",
        action="store_true",
        help="changed papers from all over the index (default: the newest, as in a daily delta)",
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="papercorpus-bench-update-"))
    try:
        source = folder / "snapshot.json"
        ids = generate(source, args.records)
        half = args.delta // 2
        # A daily delta changes mostly recent papers (new versions, journal references);
        # --spread takes them evenly from the whole index, the worst case.
        changed = ids[:: max(1, len(ids) // half)][:half] if args.spread else ids[-half:]
        new = [f"2612.{n:05d}" for n in range(1, args.delta - len(changed) + 1)]
        server, url = serve(changed + new)
        index = folder / "index.parquet"
        builds, updates = [], []
        report = None
        for _ in range(args.repeat):
            index.unlink(missing_ok=True)
            shutil.rmtree(folder / "index.parquet.updates", ignore_errors=True)
            started = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ParseWarning)
                Snapshot.build(source, index, progress=False)
            builds.append(time.perf_counter() - started)
            snapshot = Snapshot(index)
            started = time.perf_counter()
            report = snapshot.update(oai_url=url, cache=None, delay_seconds=0, progress=False)
            updates.append(time.perf_counter() - started)
        server.shutdown()
        rows = [
            Row(ANCHOR, args.records, min(builds)),
            Row(f"Snapshot.update ({args.delta:,}-record delta)", args.delta, min(updates)),
        ]
        print(f"snapshot: {args.records:,} records; delta: {args.delta:,} records, "
              f"best of {args.repeat}\n")  # fmt: skip
        print(table(rows, ANCHOR, unit="records"))
        print(f"\nupdate ÷ build: {rows[1].seconds / rows[0].seconds:.3f} (target <= 0.05)")
        if report is not None:
            print(f"last update: {report.summary()}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
