#!/usr/bin/env python3
"""Replayed POST /v1/chat/completions through `llama-stack run`, next to nginx.

Our server runs in replay mode on a copy of the shipped recordings
(recordings/responses) and is driven with wrk on loopback, once with a
non-streaming and once with a streaming chat of the ollama base suite (the
test id sent in X-LlamaStack-Provider-Data, as any client of a replay server
sends it). nginx, started in the same run as an unprivileged process from a
temp dir, serves the very bytes our server answered (the completion JSON, the
SSE body) as a static file, with the same wrk settings and as many worker
processes as our server has worker threads. nginx gets GET requests without
a body (it refuses POST on static files): the baseline is its best case.
Neither server logs each request (ours at --log-level warning, nginx with
access_log off).

Prints one JSON line per scenario (ours_rps, nginx_rps, ratio, p50/p99 for
both, each server's CPU time per request, the settings), then a summary. Target: ratio >= 0.5. Exits non-zero
only when a run is not a valid measurement (a request failed, an answer
differs from the recording); a missed target is reported, not an error.

usage: bench/server_vs_nginx.py BUILD_DIR
environment: BENCH_DURATION (seconds per wrk run, default 5), BENCH_ROUNDS
(3: ours and nginx alternate, the medians are reported), BENCH_CONNECTIONS
(16), BENCH_WRK_THREADS (1), BENCH_WORKERS (default: the CPU count, what the
server's worker pool defaults to; ours also has one I/O thread, nginx's
workers do their own I/O)
"""
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = "ollama/llama3.2:3b-instruct-fp16"
# Recordings of the base suite (recordings/responses/<hash>.json); their
# requests name the question, their test ids are sent as __test_id.
SCENARIOS = [
    ("chat_non_streaming", "0a701313a01c3c1399c8ade5b8e677ce6ce3d5998a041182ad490e5c5ff4b953",
     "chat.json", "application/json"),
    ("chat_streaming", "079d9c2dbc0ba826d97024706d63693ba05df5d81518c98cce808b88154392e9",
     "chat.sse", "text/event-stream"),
]
TARGET_RATIO = 0.5


def fail(message):
    print("FAILED: " + message, file=sys.stderr)
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, proc, log_path, what):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            fail(f"{what} exited with {proc.returncode}: {tail(log_path)}")
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except urllib.error.HTTPError as e:  # up, and refusing
            fail(f"{what} answered {url} with HTTP {e.code}: {tail(log_path)}")
        except OSError:
            time.sleep(0.1)
    fail(f"{what} did not answer {url} within 30 s: {tail(log_path)}")


def tail(path, lines=20):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return "(no log)"


def stop(proc):
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def fetch(url, body, provider_data):
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json", "X-LlamaStack-Provider-Data": provider_data})
    with urllib.request.urlopen(request, timeout=30) as r:
        return r.status, r.read()


def check_answer(name, answer, recording):
    """The server's answer is the recording's (JSON-equal: the serialiser may differ)."""
    response = recording["response"]
    if not response.get("is_streaming"):
        if json.loads(answer) != response["body"]:
            fail(f"{name}: the replayed answer differs from the recording")
        return
    events = answer.decode().split("\n\n")
    if events[-1] != "" or events[-2] != "data: [DONE]":
        fail(f"{name}: the stream does not end with data: [DONE]")
    chunks = [json.loads(e.removeprefix("data: ")) for e in events[:-2]]
    if chunks != response["chunks"]:
        fail(f"{name}: the replayed events differ from the recording's chunks")


NGINX_CONF = """\
worker_processes {workers};
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/client_body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  types {{ application/json json; text/event-stream sse; }}
  sendfile on;
  tcp_nodelay on;
  keepalive_timeout 60s;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{port};
    root {tmp}/www;
  }}
}}
"""


def process_tree(pid):
    """pid and its children (nginx's master and its workers)."""
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            pids += [int(p) for p in f.read().split()]
    except OSError:
        pass
    return pids


def cpu_seconds(pid):
    """User + system CPU time of the process tree so far: a figure a busy neighbour
    on the shared machine disturbs less than req/s."""
    total = 0
    for p in process_tree(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def run_wrk(lua, url, settings, env_extra, server_pid):
    env = dict(os.environ, **env_extra)
    cmd = ["wrk", "-t", str(settings["wrk_threads"]), "-c", str(settings["connections"]),
           "-d", f"{settings['duration_s']}s", "--timeout", "10s", "-s", lua, url]
    cpu_before = cpu_seconds(server_pid)
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=settings["duration_s"] + 60)
    cpu = cpu_seconds(server_pid) - cpu_before
    if out.returncode != 0:
        fail(f"wrk {url} exited with {out.returncode}: {out.stderr}")
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            figures = json.loads(line[len("BENCH_JSON "):])
            errors = figures["errors"]
            if any(errors.values()) or figures["requests"] == 0:
                fail(f"wrk {url}: {figures['requests']} requests with errors {errors}:\n{out.stdout}")
            figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
            figures["cpu_us_per_request"] = cpu * 1e6 / figures["requests"]
            return figures
    fail(f"wrk {url} printed no figures:\n{out.stdout}{out.stderr}")


def median_of(runs):
    """Per figure, the median over the rounds."""
    middle = lambda values: sorted(values)[len(values) // 2]
    return {key: middle([r[key] for r in runs])
            for key in ("rps", "latency_p50_us", "latency_p99_us", "cpu_us_per_request")}


def main():
    if len(sys.argv) != 2:
        fail("usage: server_vs_nginx.py BUILD_DIR")
    build_dir = os.path.abspath(sys.argv[1])
    cli = os.path.join(build_dir, "stack", "cli", "llama-stack")
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool, path=os.environ.get("PATH", "") + ":/usr/sbin"):
            fail(f"{tool} is not installed (scripts/install-deps installs it)")
    nginx = shutil.which("nginx", path=os.environ.get("PATH", "") + ":/usr/sbin")
    workers = int(os.environ.get("BENCH_WORKERS", os.cpu_count() or 1))
    settings = {"wrk_threads": int(os.environ.get("BENCH_WRK_THREADS", "1")),
                "connections": int(os.environ.get("BENCH_CONNECTIONS", "16")),
                "duration_s": int(os.environ.get("BENCH_DURATION", "5")),
                "rounds": int(os.environ.get("BENCH_ROUNDS", "3")),
                "workers": workers}
    lua = os.path.join(SRC, "bench", "wrk_request.lua")

    tmp = tempfile.mkdtemp(prefix="bench-server-nginx-")
    ours = nginx_proc = None
    try:
        # A copy: replaying notes what it used in the index, which stays the checkout's own.
        shutil.copytree(os.path.join(SRC, "recordings", "responses"), os.path.join(tmp, "rec", "responses"))
        our_port, nginx_port = free_port(), free_port()
        env = dict(os.environ, LLAMA_STACK_TEST_INFERENCE_MODE="replay",
                   LLAMA_STACK_TEST_RECORDING_DIR=os.path.join(tmp, "rec"),
                   OLLAMA_URL="http://127.0.0.1:9")  # nothing listens there
        our_log = os.path.join(tmp, "server.log")
        with open(our_log, "w") as log:
            ours = subprocess.Popen([cli, "run", "inference=ollama", "--host", "127.0.0.1",
                                     "--port", str(our_port), "--threads", str(workers),
                                     "--log-level", "warning"],
                                    env=env, stdout=log, stderr=subprocess.STDOUT)
        wait_until_up(f"http://127.0.0.1:{our_port}/v1/health", ours, our_log, "llama-stack run")

        # nginx's own dir: config, pid, logs, temp paths and the static files.
        nginx_dir = os.path.join(tmp, "nginx")
        www = os.path.join(nginx_dir, "www")
        os.makedirs(www)
        requests = []
        for name, recording_id, static_name, _ in SCENARIOS:
            with open(os.path.join(SRC, "recordings", "responses", recording_id + ".json")) as f:
                recording = json.load(f)
            question = recording["request"]["body"]["messages"][0]["content"]
            stream = bool(recording["response"].get("is_streaming"))
            body = json.dumps({"model": MODEL, "stream": stream,
                               "messages": [{"role": "user", "content": question}]}).encode()
            provider_data = json.dumps({"__test_id": recording["test_id"]})
            status, answer = fetch(f"http://127.0.0.1:{our_port}/v1/chat/completions", body, provider_data)
            if status != 200:
                fail(f"{name}: HTTP {status}: {answer[:500]!r}")
            check_answer(name, answer, recording)
            with open(os.path.join(www, static_name), "wb") as f:
                f.write(answer)  # nginx serves what we answered, byte for byte
            body_file = os.path.join(tmp, name + ".request.json")
            with open(body_file, "wb") as f:
                f.write(body)
            requests.append((name, static_name, body_file, provider_data, len(answer)))

        conf = os.path.join(nginx_dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(workers=workers, tmp=nginx_dir, port=nginx_port))
        nginx_log = os.path.join(nginx_dir, "error.log")
        # Unprivileged: started as root, nginx would keep a root master and
        # switch its workers to another user; run as nobody, it is all one
        # unprivileged process tree that owns its dir.
        as_user = {}
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chmod(tmp, 0o755)
            for root, dirs, files in os.walk(nginx_dir):
                for path in [root] + [os.path.join(root, n) for n in files]:
                    os.chown(path, nobody.pw_uid, nobody.pw_gid)
            as_user = {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}
        with open(os.path.join(tmp, "nginx.out"), "w") as log:
            nginx_proc = subprocess.Popen([nginx, "-p", nginx_dir, "-e", nginx_log, "-c", conf],
                                          stdout=log, stderr=subprocess.STDOUT, **as_user)
        wait_until_up(f"http://127.0.0.1:{nginx_port}/{requests[0][1]}", nginx_proc, nginx_log, "nginx")

        results = []
        for name, static_name, body_file, provider_data, answer_bytes in requests:
            with urllib.request.urlopen(f"http://127.0.0.1:{nginx_port}/{static_name}") as r:
                with open(os.path.join(www, static_name), "rb") as f:
                    if r.read() != f.read():
                        fail(f"{name}: nginx does not serve the body byte for byte")
            # Alternating rounds, medians: the machine is shared, and a
            # neighbour's burst should not land on one side only.
            ours_runs, nginx_runs = [], []
            for _ in range(settings["rounds"]):
                ours_runs.append(run_wrk(lua, f"http://127.0.0.1:{our_port}/v1/chat/completions",
                                         settings, {"BENCH_METHOD": "POST", "BENCH_BODY_FILE": body_file,
                                                    "BENCH_PROVIDER_DATA": provider_data}, ours.pid))
                nginx_runs.append(run_wrk(lua, f"http://127.0.0.1:{nginx_port}/{static_name}", settings,
                                          {"BENCH_METHOD": "GET", "BENCH_BODY_FILE": "",
                                           "BENCH_PROVIDER_DATA": ""}, nginx_proc.pid))
            our, base = median_of(ours_runs), median_of(nginx_runs)
            result = {"bench": "server_vs_nginx", "scenario": name,
                      "ours_rps": round(our["rps"], 1), "nginx_rps": round(base["rps"], 1),
                      "ratio": round(our["rps"] / base["rps"], 3), "target_ratio": TARGET_RATIO,
                      "ours_p50_ms": our["latency_p50_us"] / 1000, "ours_p99_ms": our["latency_p99_us"] / 1000,
                      "nginx_p50_ms": base["latency_p50_us"] / 1000,
                      "nginx_p99_ms": base["latency_p99_us"] / 1000,
                      "ours_cpu_us_per_request": round(our["cpu_us_per_request"], 1),
                      "nginx_cpu_us_per_request": round(base["cpu_us_per_request"], 1),
                      "ours_rps_rounds": [round(r["rps"]) for r in ours_runs],
                      "nginx_rps_rounds": [round(r["rps"]) for r in nginx_runs],
                      "response_bytes": answer_bytes, "settings": settings}
            results.append(result)
            print(json.dumps(result), flush=True)
    finally:
        stop(ours)
        stop(nginx_proc)
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nwrk -t{settings['wrk_threads']} -c{settings['connections']} -d{settings['duration_s']}s "
          f"on loopback, median of {settings['rounds']} alternating rounds; {workers} workers each "
          f"(our worker threads, nginx worker_processes)")
    for r in results:
        verdict = "meets" if r["ratio"] >= TARGET_RATIO else "BELOW"
        print(f"{r['scenario']:20} ours {r['ours_rps']:9.0f} req/s (p50 {r['ours_p50_ms']:.2f} ms, "
              f"p99 {r['ours_p99_ms']:.2f} ms)  nginx {r['nginx_rps']:9.0f} req/s "
              f"(p50 {r['nginx_p50_ms']:.2f} ms, p99 {r['nginx_p99_ms']:.2f} ms)  "
              f"ratio {r['ratio']:.2f}: {verdict} the {TARGET_RATIO:.0%} target; server CPU per request "
              f"{r['ours_cpu_us_per_request']:.0f} us vs {r['nginx_cpu_us_per_request']:.0f} us")


if __name__ == "__main__":
    main()
