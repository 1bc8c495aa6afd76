-- Sends the session cookie, counts answers by class in every thread, and prints one machine-readable
-- line at the end (bench/wrk.py parses it). A redirect (such as 302 to the login page) is not a success.
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, redirects, failures = 0, 0, 0
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  elseif status >= 300 and status < 400 then
    redirects = redirects + 1
  else
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_redirects, total_failures = 0, 0, 0
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_redirects = total_redirects + thread:get("redirects")
    total_failures = total_failures + thread:get("failures")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d ok=%d redirects=%d failures=%d " ..
    "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), total_ok, total_redirects, total_failures,
    e.connect, e.read, e.write, e.timeout))
end
