-- wrk script for bench_web.py: spread requests over many ids so no single row stays hot,
-- and report p50/p95/p99 and every kind of error as one JSON line.
--
-- BENCH_KIND: mechanism | meeting | api | search (1,000 URLs each, drawn once) or mix (a new URL at
-- every request, so no response cache can serve it: searches and listing pages at random offsets).
local paths = {}
local mechanisms = tonumber(os.getenv("BENCH_MECHANISMS") or "1000")
local meetings = tonumber(os.getenv("BENCH_MEETINGS") or "20000")
local pages = tonumber(os.getenv("BENCH_PAGES") or "100")
local kind = os.getenv("BENCH_KIND") or "mechanism"
local words = {}
for word in string.gmatch(os.getenv("BENCH_WORDS") or "agreed", "%S+") do
  words[#words + 1] = word
end

local function search_path()
  local scopes = { "documents", "statements" }
  local path = "/search?q=" .. words[math.random(1, #words)] .. "&scope=" .. scopes[math.random(1, 2)]
  local facet = math.random(1, 8)
  if facet == 1 then
    path = path .. "&year=" .. math.random(2000, 2024)
  elseif facet == 2 then
    path = path .. "&mechanism=" .. math.random(1, mechanisms)
  end
  return path .. "&limit=20&offset=" .. (20 * math.random(0, 9))
end

local function api_path(pages_shown)
  local filters = { "", "&status=held", "&year=" .. math.random(2000, 2025), "&mechanism=" .. math.random(1, mechanisms) }
  return "/api/meetings?limit=50&offset=" .. (50 * math.random(0, pages_shown - 1)) .. filters[math.random(1, #filters)]
end

local function draw()
  if kind == "mechanism" then
    return "/mechanisms/" .. math.random(1, mechanisms)
  elseif kind == "meeting" then
    return "/meetings/" .. math.random(1, meetings)
  elseif kind == "search" then
    return search_path()
  elseif kind == "mix" then
    if math.random(1, 2) == 1 then
      return search_path()
    end
    return "/api/meetings?limit=50&offset=" .. math.random(0, meetings - 50)
  end
  return api_path(pages)
end

math.randomseed(42)
for i = 1, 1000 do
  paths[i] = draw()
end

local counter = 0
setup = function(thread)
  thread:set("seed", math.random(1, 1000000))
end

init = function(args)
  if seed then
    math.randomseed(seed)
  end
end

request = function()
  counter = counter + 1
  if kind == "mix" then
    return wrk.format("GET", draw())
  end
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
