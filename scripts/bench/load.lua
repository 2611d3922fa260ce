-- wrk mix for scripts/bench-load: gallery pages, annotation reads and revisioned saves, thumbnails,
-- the model list. wrk does not say which request a response answers, so each save carries its
-- image's index in the box's x and a per-thread serial number in y and h (images are 1000 px
-- square); each acknowledged save is logged as "image revision serial" for the check afterwards.
-- Each thread saves only its own share of the images, in turn, so its saves never race each other.
-- With LOAD_TIMELINE set, the statuses are also counted per tenth of a second (wall clock) and
-- written there as "decisecond status count" lines, so a fault's window can be told apart.
local token, project, label, ackdir = os.getenv("LOAD_TOKEN"), os.getenv("LOAD_PROJECT"), os.getenv("LOAD_LABEL"), os.getenv("LOAD_ACKS")
local images = {}
for id in string.gmatch(os.getenv("LOAD_IMAGES"), "%d+") do images[#images + 1] = tonumber(id) end

local threads = {}
function setup(thread)
  thread:set("thread_index", #threads)
  thread:set("thread_count", tonumber(os.getenv("LOAD_THREADS")))
  threads[#threads + 1] = thread
end

local ffi = require("ffi")
ffi.cdef [[ typedef struct { long seconds; long nanoseconds; } load_timespec; int clock_gettime(int, load_timespec *); ]]
local clock = ffi.new("load_timespec")
local function decisecond()
  ffi.C.clock_gettime(0, clock)  -- CLOCK_REALTIME, the clock the fault injector's time.time() reads
  return tonumber(clock.seconds) * 10 + math.floor(tonumber(clock.nanoseconds) / 1e8)
end

mine, revision, serial, statuses, timeline, acks = {}, {}, 0, {}, {}, nil
function init(args)
  for i = 1, #images do
    if (i - 1) % thread_count == thread_index then mine[#mine + 1] = i end
    revision[i] = 0
  end
  -- Revisions already saved (LOAD_REVISIONS="image:revision,…"), when a run follows another
  local known = {}
  for id, rev in string.gmatch(os.getenv("LOAD_REVISIONS") or "", "(%d+):(%d+)") do known[tonumber(id)] = tonumber(rev) end
  for i = 1, #images do revision[i] = known[images[i]] or 0 end
  math.randomseed(thread_index + 1)
  acks = io.open(ackdir .. "/acks-" .. thread_index .. ".txt", "w")
  acks:setvbuf("line")
end

local headers = { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }
local turn, save_turn = 0, 0
function request()
  turn = turn + 1
  local pick = turn % 20
  local image = images[math.random(#images)]  -- reads cover every image, so a stale revision is relearnt
  if pick < 6 then
    return wrk.format("GET", "/api/v1/projects/" .. project .. "/images?limit=50", headers)
  elseif pick < 11 then
    return wrk.format("GET", "/api/v1/images/" .. image .. "/annotations", headers)
  elseif pick < 15 and os.getenv("LOAD_SAVES") ~= "0" then  -- (a read-only warm-up fetches thumbnails instead)
    save_turn = save_turn % #mine + 1
    local index = mine[save_turn]
    serial = serial + 1
    local body = string.format('{"revision":%d,"shapes":[{"type":"bbox","label_id":%s,"x":%d,"y":%d,"w":1,"h":%d}]}',
                               revision[index], label, index - 1, serial % 900, 1 + math.floor(serial / 900))
    return wrk.format("PUT", "/api/v1/images/" .. images[index] .. "/annotations", headers, body)
  elseif pick < 19 then
    return wrk.format("GET", "/api/v1/images/" .. image .. "/thumbnail", headers)
  else
    return wrk.format("GET", "/api/v1/models", headers)
  end
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  local moment = decisecond() .. " " .. status
  timeline[moment] = (timeline[moment] or 0) + 1
  if status ~= 200 or body:sub(1, 12) ~= '{"revision":' then return end
  local rev = tonumber(body:match('^{"revision":(%d+)'))
  local x, y, h = body:match('"x":([%d%.]+)'), body:match('"y":([%d%.]+)'), body:match('"h":([%d%.]+)')
  if not (rev and x and y and h) then return end
  local index = math.floor(tonumber(x) + 0.5) + 1
  if rev > revision[index] then revision[index] = rev end  -- reads also teach the newest revision
  -- A save's answer and a later read look alike; the log is deduplicated by (image, revision) later
  acks:write(images[index], " ", rev, " ", math.floor(tonumber(y) + 0.5) + 900 * (math.floor(tonumber(h) + 0.5) - 1), "\n")
end

function done(summary, latency, requests)
  local total, moments = {}, {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + n end
    for moment, n in pairs(thread:get("timeline")) do moments[moment] = (moments[moment] or 0) + n end
  end
  if os.getenv("LOAD_TIMELINE") then
    local out = io.open(os.getenv("LOAD_TIMELINE"), "w")
    for moment, n in pairs(moments) do out:write(moment, " ", n, "\n") end
    out:close()
  end
  local parts = {}
  for status, n in pairs(total) do parts[#parts + 1] = status .. "=" .. n end
  io.write(string.format("RESULT requests=%d seconds=%.2f p50_ms=%.2f p99_ms=%.2f statuses=%s\n", summary.requests,
                         summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                         table.concat(parts, ",")))
end
