"""A helper process for the heavy part of charts: Altair, and vl-convert's JavaScript engine.

Compiling a spec and drawing its SVG need Altair (~25 MB, about a second to import) and
vl-convert, whose JavaScript engine takes over a second and ~65 MB to start. Done in the build's
own process, that memory would stay with it while the engine renders every page, and the
time would be paid in turn with everything else. In a helper process the memory goes when the
build ends the helper, and when the build starts without any chart kept (a fresh clone, CI) the
helper starts its engine while this process reads the data files: on two cores, at the same time.

Only a chart that is not in the user cache is sent here; an unchanged site never starts it.
The helper is `python -m academy.site.chart_worker`, not multiprocessing: that would import the
caller's main script again in the helper, and run it, if the script does not guard against that.
If the helper cannot be started or fails, the work is done in this process instead.
"""

from __future__ import annotations

import logging
import pickle
import subprocess
import sys
from collections.abc import Callable
from typing import IO, Any, TypeVar

log = logging.getLogger("mkdocs.plugins.academy")
T = TypeVar("T")


class _Helper:
    """The helper process, and how many of its answers have not been read yet."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self.unread = 0

    def send(self, request: bytes) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(request)
        self.process.stdin.flush()
        self.unread += 1

    def receive(self) -> tuple[bool, Any]:
        """The oldest unread answer: (True, result) or (False, the exception raised)."""
        assert self.process.stdout is not None
        self.unread -= 1
        return pickle.load(self.process.stdout)

    def end(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()  # the helper stops at the end of its input
        self.process.wait()


_helper: _Helper | None = None


def _started() -> _Helper:
    global _helper
    if _helper is None:
        _helper = _Helper()
    return _helper


def run(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """function(*args, **kwargs) computed in the helper process; here when it cannot be sent there
    (a function that is not at module level, say). An exception the function raises is raised here too."""
    try:
        request = pickle.dumps((function, args, kwargs))
    except (pickle.PicklingError, AttributeError, TypeError):  # e.g. a function defined inside another
        return function(*args, **kwargs)
    try:
        helper = _started()
        helper.send(request)
        while helper.unread > 1:  # the answer to start()'s warm-up
            helper.receive()
        ok, value = helper.receive()
    except (OSError, EOFError, pickle.PickleError) as error:
        log.debug("Academy: charts are made in this process (%s)", error)
        release()
        return function(*args, **kwargs)
    if not ok:
        raise value
    return value


def start(warm_up: Callable[[], object]) -> None:
    """Start the helper now and have it run `warm_up` (imports, engine start) while this process goes on."""
    try:
        _started().send(pickle.dumps((warm_up, (), {})))
    except OSError as error:
        log.debug("Academy: no helper process for charts (%s)", error)
        release()


def release() -> None:
    """End the helper, if one is running, and give its memory back; the next chart starts another."""
    global _helper
    helper, _helper = _helper, None
    if helper is not None:
        try:
            helper.end()
        except OSError:
            helper.process.kill()


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The helper's loop: run each function sent, answer with its result or the exception it raised."""
    while True:
        try:
            function, args, kwargs = pickle.load(requests)
        except EOFError:
            return
        try:
            answer: tuple[bool, Any] = (True, function(*args, **kwargs))
        except Exception as error:  # noqa: BLE001 -- handed back to the caller, who raises it
            answer = (False, error)
        pickle.dump(answer, answers)
        answers.flush()


if __name__ == "__main__":
    answers_to = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything a library prints must not get mixed into the answers
    serve(sys.stdin.buffer, answers_to)
