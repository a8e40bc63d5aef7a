"""`make lab` as a user meets it: a JupyterLab server on 127.0.0.1 that runs the project's kernel."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
import websocket

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def execute_on_kernel(port: int, token: str, kernel_id: str, code: str, timeout: float = 60) -> str:
    """Send one execute_request over the kernel's websocket; return what it printed."""
    ws = websocket.create_connection(f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?token={token}", timeout=timeout)
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }))
    printed, deadline = [], time.time() + timeout
    try:
        while time.time() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])
            if msg["msg_type"] == "error":
                raise AssertionError(f"kernel error: {msg['content']['ename']}: {msg['content']['evalue']}")
            if msg["msg_type"] == "execute_reply":
                return "".join(printed)
    finally:
        ws.close()
    raise AssertionError("no execute_reply in time")


def test_make_lab_serves_on_loopback_with_a_token_and_runs_the_project_kernel():
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_TOKEN": token}
    proc = subprocess.Popen(["make", "-s", "lab", f"LAB_PORT={port}"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline, status = time.time() + 90, None
        while time.time() < deadline:
            try:
                status = requests.get(f"{base}/api/status", params={"token": token}, timeout=2)
                if status.ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.5)
        assert status is not None and status.ok, "JupyterLab did not answer /api/status"
        assert requests.get(f"{base}/api/status", timeout=5).status_code == 403  # the token is required
        specs = requests.get(f"{base}/api/kernelspecs", params={"token": token}, timeout=5).json()
        assert "pairwise-digits" in specs["kernelspecs"]
        kernel = requests.post(f"{base}/api/kernels", params={"token": token}, json={"name": "pairwise-digits"}, timeout=30).json()
        out = execute_on_kernel(port, token, kernel["id"], "import helpers, sys\nprint(6 * 7, sys.prefix.endswith('.venv'))")
        assert out.strip() == "42 True"
        contents = requests.get(f"{base}/api/contents", params={"token": token}, timeout=5).json()
        assert "01_train.ipynb" in {item["name"] for item in contents["content"]}  # rooted at notebooks/
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # stop the server by its process (group) id
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{base}/api/status", timeout=2)
