"""gunicorn settings for `make run` and the suite's servers (command-line flags override them).

Threaded workers (gthread) keep slow clients from freezing the app: a connection whose request has
not fully arrived waits in the worker's poller, not in a thread, so a few sockets trickling headers
cannot occupy every worker the way they do with sync workers. A reverse proxy adds more (see README
"Hosting"), but `make run` must hold on its own.
"""

import os

worker_class = "gthread"
threads = int(os.environ.get("THREADS", "8"))
# A request that takes longer than this is stuck: the worker is restarted.
timeout = 30
graceful_timeout = 20
# Idle kept-alive connections are closed after a few seconds (they hold a slot in the poller).
keepalive = 5
# Short request lines and few, short headers: nothing in Together needs more.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
