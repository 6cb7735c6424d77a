"""`dangbo serve [--host H] [--port P]`: gunicorn (as in production) plus a background-task worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand


def _exit(signum: int, frame: Any) -> None:
    raise SystemExit(0)


class Command(BaseCommand):
    help = "Chạy máy chủ web dangbo (gunicorn) tại http://HOST:PORT, kèm tiến trình xử lý việc chạy nền."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument(
            "--no-task-worker", action="store_true", help="do not start the background-task worker"
        )

    def handle(
        self, *args: Any, host: str, port: int, workers: int, no_task_worker: bool, **options: Any
    ) -> None:
        web = [
            sys.executable,
            "-m",
            "gunicorn",
            "dangbo.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--threads",
            "4",
            "--access-logfile",
            "-",
        ]
        processes = [subprocess.Popen(web)]
        if not no_task_worker:
            processes.append(
                subprocess.Popen([sys.executable, "-m", "dangbo.cli", "db_worker", "--no-reload"])
            )
        signal.signal(signal.SIGTERM, _exit)  # stop the children on TERM as on Ctrl+C
        self.stdout.write(f"dangbo đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng)")
        try:
            os.wait()  # the first process to exit ends the service
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                process.wait()
