-- wrk script for bench_web.py: spread requests over many ids so no single row stays hot,
-- and report p50/p95/p99 and every kind of error as one JSON line.
local paths = {}
local mechanisms = tonumber(os.getenv("BENCH_MECHANISMS") or "1000")
local pages = tonumber(os.getenv("BENCH_PAGES") or "100")
local kind = os.getenv("BENCH_KIND") or "mechanism"

math.randomseed(42)
for i = 1, 1000 do
  if kind == "mechanism" then
    paths[i] = "/mechanisms/" .. math.random(1, mechanisms)
  else
    local filters = { "", "&status=held", "&year=" .. math.random(2000, 2025), "&mechanism=" .. math.random(1, mechanisms) }
    paths[i] = "/api/meetings?limit=50&offset=" .. (50 * math.random(0, pages - 1)) .. filters[math.random(1, #filters)]
  end
end

local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.connect, e.read, e.write, e.status, e.timeout))
end
