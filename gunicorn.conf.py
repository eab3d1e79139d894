"""gunicorn settings for `make run` and the suite's servers (command-line flags override them).

Threaded workers whose main loop reads each request head before a thread is involved
(`planner.server_worker`): a connection takes a thread only once its head has fully arrived, and a
head still incomplete after `HEADER_TIMEOUT` seconds (10) is dropped. So clients trickling their
headers cost no thread, however many there are, and `/healthz` keeps answering. In a thread, each
read or write waits at most `timeout` seconds for the client. A reverse proxy adds more (see README
"Hosting"), but `make run` must hold on its own.
"""

import os

worker_class = "planner.server_worker.HeadFirstWorker"
threads = int(os.environ.get("THREADS", "8"))
# A request that takes longer than this is stuck: the worker is restarted. In a thread, a read or
# write on the client's connection also waits at most this long.
timeout = 30
graceful_timeout = 20
# Idle kept-alive connections are closed after a few seconds (they hold a slot in the poller).
keepalive = 5
# Short request lines and few, short headers: nothing in Together needs more.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190
