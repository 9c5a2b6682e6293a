"""A helper process for the heavy part of charts: Altair, and vl-convert's JavaScript engine.

Compiling a spec and drawing its SVG need Altair (~25 MB, about a second to import) and
vl-convert, whose JavaScript engine takes over a second and ~65 MB to start. Done in the build's
own process, that memory would stay with it while the engine renders every page, and the
time would be paid in turn with everything else. In a helper process the memory goes when the
build ends the helper, and when the build starts without any chart kept (a fresh clone, CI) the
helper starts its engine while this process reads the data files: on two cores, at the same time.

Only a chart that is not in the user cache is sent here; an unchanged site never starts it.
Every chart is sent as the pages are generated, and its answer read only when a page is written
(`submit`, and site/deferred.py), so the helper works while the engine converts the pages.
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
    """The helper process, and the answers it has sent that nobody has asked for yet."""

    def __init__(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self.sent = 0
        self.received = 0
        self.answers: dict[int, tuple[bool, Any]] = {}
        self.unwanted: set[int] = set()  # warm-ups: their answers are read and dropped

    def send(self, request: bytes) -> int:
        """Send a request; its answer will be the one numbered as returned."""
        assert self.process.stdin is not None
        self.process.stdin.write(request)
        self.process.stdin.flush()
        self.sent += 1
        return self.sent - 1

    def answer(self, number: int) -> tuple[bool, Any]:
        """The answer to request `number`: (True, result) or (False, the exception raised).

        Answers come in the order of the requests: those before it are kept until asked for."""
        assert self.process.stdout is not None
        while number not in self.answers:
            answer = pickle.load(self.process.stdout)
            if self.received not in self.unwanted:
                self.answers[self.received] = answer
            self.unwanted.discard(self.received)
            self.received += 1
        return self.answers.pop(number)

    def end(self) -> None:
        if self.received < self.sent:  # nobody will read the rest (a build that failed): stop it now,
            self.process.kill()        # rather than wait while it blocks writing answers to a full pipe
        elif self.process.stdin is not None:
            self.process.stdin.close()  # the helper stops at the end of its input
        self.process.wait()


_helper: _Helper | None = None


def _started() -> _Helper:
    global _helper
    if _helper is None:
        _helper = _Helper()
    return _helper


def submit(function: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[], T]:
    """Send function(*args, **kwargs) to the helper process and go on; call what is returned for
    its result, which waits for it then. An exception the function raised is raised by that call.

    It is computed here instead, when asked for, if it cannot be sent (a function that is not at
    module level, say) or the helper fails."""
    def here() -> T:
        return function(*args, **kwargs)
    try:
        request = pickle.dumps((function, args, kwargs))
    except (pickle.PicklingError, AttributeError, TypeError):  # e.g. a function defined inside another
        return here
    try:
        helper = _started()
        number = helper.send(request)
    except OSError as error:
        _give_up(error)
        return here

    def result() -> T:
        if helper is not _helper:  # the helper failed, or was released, before answering
            return here()
        try:
            ok, value = helper.answer(number)
        except (OSError, EOFError, pickle.PickleError) as error:
            _give_up(error)
            return here()
        if not ok:
            raise value
        return value
    return result


def run(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """function(*args, **kwargs) computed in the helper process (see `submit`)."""
    return submit(function, *args, **kwargs)()


def start(warm_up: Callable[[], object]) -> None:
    """Start the helper now and have it run `warm_up` (imports, engine start) while this process goes on."""
    try:
        helper = _started()
        helper.unwanted.add(helper.send(pickle.dumps((warm_up, (), {}))))
    except OSError as error:
        _give_up(error)


def _give_up(error: Exception) -> None:
    log.debug("Academy: charts are made in this process (%s)", error)
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
        try:
            pickle.dump(answer, answers)
            answers.flush()
        except BrokenPipeError:  # the build ended (or failed) without reading it: nothing more to do
            return


if __name__ == "__main__":
    answers_to = sys.stdout.buffer
    sys.stdout = sys.stderr  # anything a library prints must not get mixed into the answers
    serve(sys.stdin.buffer, answers_to)
