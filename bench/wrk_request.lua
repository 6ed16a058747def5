-- wrk script of bench/server_vs_nginx.py: every request is the one the
-- environment names (BENCH_METHOD, the body read from BENCH_BODY_FILE, the
-- X-LlamaStack-Provider-Data header from BENCH_PROVIDER_DATA), and done()
-- prints the run's figures as one JSON line, so nothing parses wrk's text.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body_file = os.getenv("BENCH_BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.headers["Content-Type"] = "application/json"
end
local provider_data = os.getenv("BENCH_PROVIDER_DATA")
if provider_data and provider_data ~= "" then
  wrk.headers["X-LlamaStack-Provider-Data"] = provider_data
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nBENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_p50_us":%d,"latency_p99_us":%d,"latency_max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
