#!/usr/bin/env python3
# usage: bench/redis-floor.py PORT RATE SECONDS REDIS_PID [COMMAND]   e.g. 6411 2000 10 $(pgrep redis-server) PING
# Redis CPU per command at a fixed, light rate: the least any design with one command per message costs Redis.
import socket, time, sys, os
port = int(sys.argv[1]); rate = int(sys.argv[2]); seconds = float(sys.argv[3]); pid = int(sys.argv[4])
cmd = sys.argv[5].encode() if len(sys.argv) > 5 else b"PING"
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
parts = cmd.split(b" ")
req = b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts)
n = int(rate * seconds); c0 = cpu(); t0 = time.perf_counter()
for i in range(n):
    target = t0 + i / rate
    while time.perf_counter() < target: pass
    s.sendall(req); s.recv(4096)
c1 = cpu()
print(f"{cmd.decode()[:40]}: {n} commands at {rate}/s, redis CPU {(c1-c0)*1e6/n:.1f} us per command")
