-- Shared by the wrk scenario scripts (loaded with dofile from BENCH_DIR).
-- Environment: BENCH_NAME names the scenario in the result line; BENCH_IDS_FILE, when set
-- together with a scenario that collects ids, receives one messageId per 200 response.
--
-- done() prints one parseable line:
--   BENCH scenario=NAME conns=N duration_s=S requests=N rps=R p50_ms=X p99_ms=Y
--         max_ms=Z non2xx=N sockerr=N [status_200=N status_400=N ... ids=N]
-- (status_* and ids only when the scenario counts responses in response()).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Turns on per-response counting: every status is counted and, if `collect_ids`, the
-- messageId of each 200 is kept. Costs wrk some CPU per response (Lua call and header
-- tables), so only scenarios that need exact counts use it.
function count_responses(collect_ids)
  counts = {}
  ids = {}
  function response(status, headers, body)
    counts[status] = (counts[status] or 0) + 1
    if collect_ids and status == 200 then
      local id = string.match(body, '"messageId"%s*:%s*"([^"]+)"')
      if id then ids[#ids + 1] = id end
    end
  end
end

local function ms(us)
  return string.format("%.3f", us / 1000)
end

function done(summary, latency, requests)
  local name = os.getenv("BENCH_NAME") or "unnamed"
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local sockerr = e.connect + e.read + e.write + e.timeout
  local parts = {
    "BENCH scenario=" .. name,
    "conns=" .. (os.getenv("BENCH_CONNS") or "?"),
    string.format("duration_s=%.2f", seconds),
    "requests=" .. summary.requests,
    string.format("rps=%.1f", summary.requests / seconds),
    "p50_ms=" .. ms(latency:percentile(50)),
    "p99_ms=" .. ms(latency:percentile(99)),
    "max_ms=" .. ms(latency.max),
    "non2xx=" .. e.status,
    "sockerr=" .. sockerr,
  }
  local totals, all_ids, counted = {}, {}, false
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    if c then
      counted = true
      for status, n in pairs(c) do totals[status] = (totals[status] or 0) + n end
    end
    local t = thread:get("ids")
    if t then
      for _, id in ipairs(t) do all_ids[#all_ids + 1] = id end
    end
  end
  if counted then
    local statuses = {}
    for status in pairs(totals) do statuses[#statuses + 1] = status end
    table.sort(statuses)
    for _, status in ipairs(statuses) do
      parts[#parts + 1] = "status_" .. status .. "=" .. totals[status]
    end
    parts[#parts + 1] = "ids=" .. #all_ids
  end
  local path = os.getenv("BENCH_IDS_FILE")
  if path and #all_ids > 0 then
    local f = assert(io.open(path, "a"))
    f:write(table.concat(all_ids, "\n"), "\n")
    f:close()
  end
  io.write(table.concat(parts, " "), "\n")
end
