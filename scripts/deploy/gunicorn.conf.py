# gunicorn settings for one Mitra Pustaka app server (see README, "Production").
import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = 30
graceful_timeout = 30
# Load the application once in the master: a worker is a cheap fork, so the
# periodic recycling below (a guard against slow memory growth) does not stall
# the requests queued on the recycled worker while Django boots again.
preload_app = True
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
# nginx writes the access log (with private calendar tokens masked); gunicorn
# only reports errors, so a token never reaches a second log file.
accesslog = None
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"


def pre_fork(server, worker):
    """Freeze what the master loaded before a worker is forked from it.

    The frozen objects (Django, Wagtail, the URL and template caches, some
    300,000 of them) are never scanned by the garbage collector in the
    worker: a full collection otherwise stops a request for a quarter of a
    second on this hardware, and touching them would copy the shared pages.
    """
    gc.freeze()
