"""What the benchmarks' local arXiv servers share: answering with an Atom feed, quietly."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler

__all__ = ["FeedHandler"]


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
