"""gunicorn's threaded worker, reading each request head in its poller before it takes a thread.

gunicorn's gthread worker hands a connection to a thread as soon as its first bytes arrive; the
thread then blocks until the whole head is in. Clients that trickle their headers (a line every
few seconds) so hold every thread, and `/healthz` stops answering. Here the worker's main loop
reads the head itself, without blocking, and gives the connection to a thread only once the head
is complete (a blank line); a head not complete within `HEADER_TIMEOUT` seconds (default 10) is
dropped. A slow client then costs a file descriptor and a few kilobytes, never a thread.

Once in a thread, every read and write on the connection (the request body, the response) waits
at most gunicorn's `timeout` seconds for the client. That bounds each pause, not a whole body
trickled slowly: a reverse proxy, which reads the whole request first, bounds that too (README
"Hosting"). TLS and HTTP/2 prior knowledge, which read the socket before any head, are left to
gunicorn's own worker.
"""

from __future__ import annotations

import contextlib
import errno
import os
import selectors
import time
from collections import deque
from functools import partial

from gunicorn.http2 import negotiation
from gunicorn.workers.gthread import TConn, ThreadWorker

HEADER_TIMEOUT = float(os.environ.get("HEADER_TIMEOUT", "10") or 10)
# Bytes a head may take before the thread's parser takes over (and refuses it if it is too long).
HEAD_BUFFER = 64 * 1024
HEAD_ENDS = (b"\r\n\r\n", b"\n\n")


class HeadFirstConn(TConn):
    """A connection that may bring the bytes of its head, read by the worker's poller."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.head = b""
        self.head_deadline = 0.0

    def head_complete(self) -> bool:
        return any(end in self.head for end in HEAD_ENDS) or len(self.head) >= HEAD_BUFFER

    def init(self):
        """gunicorn's set-up, then the head read so far goes to the parser first; reads and writes
        in the thread wait at most `timeout` seconds for the client."""
        super().init()
        if self.head:
            self.parser.unreader.unread(self.head)
            self.head = b""
        self.sock.settimeout(self.cfg.timeout)


class HeadFirstWorker(ThreadWorker):
    """`ThreadWorker`, but a connection reaches a thread only with its head complete."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.reading_heads: deque[HeadFirstConn] = deque()

    def reads_heads_itself(self, client) -> bool:
        return not self.cfg.is_ssl and not negotiation.prior_knowledge_allowed(self.cfg, client)

    def accept(self, listener):
        """Accept a connection and start reading its head (gunicorn's accept, but no thread)."""
        try:
            client_sock, client_addr = listener.accept()
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = HeadFirstConn(self.cfg, client_sock, client_addr, listener.getsockname())
        if self.reads_heads_itself(client_addr):
            self.read_head(conn)
        else:
            client_sock.setblocking(True)
            self.enqueue_req(conn)

    def read_head(self, conn: HeadFirstConn) -> None:
        """Wait in the poller for the head's bytes, until HEADER_TIMEOUT from now."""
        conn.sock.setblocking(False)
        conn.head_deadline = time.monotonic() + HEADER_TIMEOUT
        self.reading_heads.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_head_bytes, conn))
        self.on_head_bytes(conn, conn.sock)  # usually the head is there already: no extra poll

    def on_head_bytes(self, conn: HeadFirstConn, client) -> None:
        """Take what has arrived; hand the connection to a thread once the head is complete."""
        try:
            data = conn.sock.recv(HEAD_BUFFER)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data:
            conn.head += data
            if not conn.head_complete():
                return
        self.poller.unregister(client)
        self.reading_heads.remove(conn)
        if not data:  # the client went away
            self.nr_conns -= 1
            conn.close()
            return
        conn.data_ready = True
        self.enqueue_req(conn)

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection's next request: its head is read in the poller too."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self.read_head(conn)

    def on_pending_socket_readable(self, conn, client):
        self.poller.unregister(client)
        self.pending_conns.remove(conn)
        self.read_head(conn)

    def murder_pending(self):
        """gunicorn's clean-up of idle connections, and of heads past their deadline."""
        super().murder_pending()
        now = time.monotonic()
        while self.reading_heads and self.reading_heads[0].head_deadline <= now:
            conn = self.reading_heads.popleft()
            with contextlib.suppress(OSError, KeyError, ValueError):
                self.poller.unregister(conn.sock)
            self.nr_conns -= 1
            conn.close()
