"""Open every hostile file in the real `threadview` inside tmux and check what the terminal did.

Usage: python tests/hostile/tmux_check.py [--generated] [NAME ...]

For each case in MANIFEST.json: start `threadview FILE` in a private tmux server (its own
socket, `set-clipboard on`), wait for the first screen, then check that the pane title is
unchanged (no OSC 0/2), `tmux list-buffers` is empty (no OSC 52), and every `screen` string
of the case is visible (for refused files: the one-line error). Prints one line per case and
exits 1 if any failed. Meant for the end-to-end test to call, and for people to run by hand.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MANIFEST = json.loads((HERE / "MANIFEST.json").read_text(encoding="utf-8"))
WAIT = 30.0


class Tmux:
    """A private tmux server with one 120x40 pane."""

    def __init__(self) -> None:
        self.socket = f"threadview-hostile-{os.getpid()}"
        self("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "-s", "hv",
             "sleep 100000")
        self("set", "-g", "set-clipboard", "on")
        self("set", "-g", "remain-on-exit", "on")
        self.title = self.pane_title()
        self.path = self("display", "-p", "#{socket_path}").strip()

    def __call__(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        if check and result.returncode:
            raise RuntimeError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def pane_title(self) -> str:
        return self("display", "-p", "-t", "hv", "#{pane_title}").strip()

    def screen(self) -> str:
        """The visible pane and its history (a short error may scroll off the bottom)."""
        return self("capture-pane", "-p", "-J", "-S", "-", "-t", "hv")

    def close(self) -> None:
        self("kill-server", check=False)
        if self.path:
            Path(self.path).unlink(missing_ok=True)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def check(tmux: Tmux, path: Path, entry: dict, run: int) -> list[str]:
    """Problems seen for one file (empty when it behaved); `run` tells runs apart."""
    marker = f"THREADVIEW-EXIT-{run}="
    command = f"{shlex.quote(sys.executable)} -m threadview {shlex.quote(str(path))}"
    tmux("clear-history", "-t", "hv", check=False)
    tmux("respawn-pane", "-k", "-t", "hv", f"cd {shlex.quote(str(ROOT))} && "
         f"TERM=xterm-256color {command}; echo {marker}$?")
    wanted = [_squeeze(s) for s in entry.get("screen", entry["shows"])]
    deadline = time.monotonic() + WAIT
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux.screen()
        squeezed = _squeeze(screen)
        if entry.get("expect") == "refused":
            ready = marker in screen
        else:  # generated cases have no screen strings: wait for the header
            ready = all(w in squeezed for w in wanted) if wanted else "comment" in screen
        if ready:
            time.sleep(0.5)  # let anything still queued reach the terminal
            break
        time.sleep(0.25)
    problems = []
    squeezed = _squeeze(tmux.screen())
    problems += [f"not on screen: {w!r}" for w in wanted if w not in squeezed]
    if problems and os.environ.get("HOSTILE_DEBUG"):
        print(tmux.screen())
    buffers = tmux("list-buffers", check=False).strip()
    if buffers:
        problems.append(f"clipboard written: {buffers[:80]!r}")
    if tmux.pane_title() != tmux.title:
        problems.append(f"title changed to {tmux.pane_title()!r}")
    if entry.get("expect") == "opens":
        tmux("send-keys", "-t", "hv", "q")
        time.sleep(0.5)
    return problems


def _generator():
    spec = importlib.util.spec_from_file_location("hostile_generate", HERE / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def main(argv: list[str]) -> int:
    if shutil.which("tmux") is None:
        print("tmux is not installed")
        return 2
    names = [a for a in argv if not a.startswith("--")]
    cases = [(HERE / e["file"], e) for e in MANIFEST["files"]]
    scratch = Path(tempfile.mkdtemp(prefix="threadview-hostile-"))
    if "--generated" in argv:
        generate = _generator()
        for case in MANIFEST["generated"]:
            path = scratch / (case["name"] + (".json" if "json" in case["name"] else ".txt"))
            path.write_bytes(generate(case["name"], case["params"]))
            cases.append((path, {"expect": "opens", "shows": [], "screen": []}))
    if names:
        cases = [(p, e) for p, e in cases if p.name in names or p.stem in names]
    tmux = Tmux()
    failed = 0
    try:
        for run, (path, entry) in enumerate(cases):
            started = time.monotonic()
            problems = check(tmux, path, entry, run)
            failed += bool(problems)
            status = "FAIL" if problems else "ok"
            took = time.monotonic() - started
            print(f"{status:4} {path.name} ({took:.1f} s) {'; '.join(problems)}")
    finally:
        tmux.close()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{len(cases) - failed}/{len(cases)} behaved")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
