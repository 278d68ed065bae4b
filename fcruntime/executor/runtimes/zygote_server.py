"""Fork server for instances (stdlib only; runs inside the sandbox as root).

Pre-imports the Python runtime so an instance is a fork() away. Protocol on the
unix socket given as argv[1]: the parent sends b"fork" with two fds (the
instance's read end and write end); we fork, the child makes them fds 0/1 and
runs python_bootstrap.main() (which reads the init frame, sets up mounts, limits
and uid, then serves). We answer {"pid": <child pid in our pid namespace>}.
"""
import ctypes  # noqa: F401 - preloaded for fc_setup.do_mounts
import json
import os
import signal
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import python_bootstrap  # noqa: E402,F401 - the point: pay the imports once
import fc_context  # noqa: E402,F401
import fc_setup  # noqa: E402,F401
import custom_bootstrap  # noqa: E402,F401
import importlib.machinery  # noqa: E402,F401
import http.client  # noqa: E402,F401


def main() -> None:
    sock = socket.socket(fileno=int(sys.argv[1]))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    sock.sendall(json.dumps({"pid": os.getpid()}).encode())
    while True:
        try:
            msg, fds, _flags, _addr = socket.recv_fds(sock, 64, 2)
        except OSError:
            os._exit(0)
        if not msg:
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            try:
                sock.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                os.setsid()
                os.dup2(fds[0], 0)
                os.dup2(fds[1], 1)
                for fd in fds:
                    if fd > 2:
                        os.close(fd)
                python_bootstrap.main(0, 1)
            finally:
                os._exit(1)
        for fd in fds:
            os.close(fd)
        sock.sendall(json.dumps({"pid": pid}).encode())


if __name__ == "__main__":
    main()
