"""What the benchmarks' local arXiv servers share: answering with an Atom feed, quietly."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

__all__ = ["FEED_HEAD", "FeedHandler"]

#: A feed's start as arXiv writes it: the count, where the page starts, how many it holds.
FEED_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom">'
    "<opensearch:totalResults>{total}</opensearch:totalResults>"
    "<opensearch:startIndex>{start}</opensearch:startIndex>"
    "<opensearch:itemsPerPage>{count}</opensearch:itemsPerPage>"
)


class FeedHandler(BaseHTTPRequestHandler):
    """A request handler that answers with a feed and logs nothing."""

    def send_feed(self, body: bytes) -> None:
        """Answer 200 with `body` as an Atom feed."""
        self.send_response(200)
        self.send_header("Content-Type", "application/atom+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        """Log nothing: a benchmark's output is its table."""
