"""Hostile function sources shared by the executor-level and worker-level resilience tests.

Each handler misbehaves in one way; each must be contained: a clear FC error, bounded host
resources (processes, disk, memory), and the pool / worker that ran it keeps serving.
"""
from __future__ import annotations

# Forks 1,000 children that sleep, then hangs: the Timeout must kill every one of them.
FORK_1000 = """\
import os, time
def handler(event, context):
    n = 0
    for _ in range(1000):
        try:
            pid = os.fork()
        except OSError as exc:
            print('fork failed after', n, exc)
            break
        if pid == 0:
            time.sleep(600)
            os._exit(0)
        n += 1
    print('forked', n)
    time.sleep(600)
"""

# An unbounded fork attempt: RLIMIT_NPROC must stop it with a clear error (EAGAIN).
FORK_UNBOUNDED = """\
import os, time
def handler(event, context):
    n = 0
    while n < 100000:
        pid = os.fork()          # raises BlockingIOError once RLIMIT_NPROC is reached
        if pid == 0:
            time.sleep(600)
            os._exit(0)
        n += 1
"""

# Writes 10 GB to /tmp in 64 MB chunks over several files.
DISK_10G = """\
import os
def handler(event, context):
    chunk = b'x' * (64 << 20)
    written = 0
    i = 0
    while written < (10 << 30):
        with open('/tmp/fill-%d' % (i // 4), 'ab') as f:
            f.write(chunk)
        written += len(chunk)
        i += 1
    return str(written)
"""

# Floods stdout with 1 GB: half through print (sys.stdout), half straight to fd 1.
STDOUT_1G = """\
import os, sys
def handler(event, context):
    line = 'y' * ((1 << 20) - 1)
    for _ in range(512):
        print(line)
    block = b'z' * (1 << 20)
    for _ in range(512):
        os.write(1, block)
    return 'flooded'
"""

NORMAL = "def handler(event, context):\n    return b'alive:' + event\n"
