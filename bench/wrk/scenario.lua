-- One wrk scenario, set by environment variables, reporting one JSON line when done.
--   WRK_METHOD (GET), WRK_BODY (JSON), WRK_AUTH (Authorization), WRK_COOKIE, WRK_ENCODING
wrk.method = os.getenv("WRK_METHOD") or "GET"
local body = os.getenv("WRK_BODY")
if body then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
if os.getenv("WRK_AUTH") then wrk.headers["Authorization"] = os.getenv("WRK_AUTH") end
if os.getenv("WRK_COOKIE") then wrk.headers["Cookie"] = os.getenv("WRK_COOKIE") end
if os.getenv("WRK_ENCODING") then wrk.headers["Accept-Encoding"] = os.getenv("WRK_ENCODING") end

done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  -- Only answered 2xx/3xx count as served; everything else is an error.
  local failed = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "ok_rps": %.1f, "p50_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f, "errors": %d, "non_2xx": %d, "timeouts": %d}\n',
    summary.requests, summary.requests / seconds, (summary.requests - e.status) / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    failed, e.status, e.timeout))
end
