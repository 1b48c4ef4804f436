-- wrk script of the tile benchmark: cycles through the request paths of a file, one per line, and prints the run's
-- figures as one JSON line that load-runners.ts reads.
-- Arguments (after `--`): <paths file> <thread count> [check-content-type].
-- Each thread starts at its own place in the list, so that two threads do not ask for the same tile at the same time
-- (which would flatter any server that shares work between identical requests).
-- With check-content-type, a 200 whose Content-Type is not a vector tile counts as an error (MapServer reports its
-- errors as 200 text/html pages); without it no response() hook exists, which keeps wrk at full speed.

local thread_counter = 0
local threads = {}

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("thread_index", thread_counter)
  threads[thread_counter] = thread
end

local paths = {}
local position = 1
bad_content = 0

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  local count = tonumber(args[2]) or 1
  position = math.floor(((thread_index or 1) - 1) * #paths / count) + 1
  if args[3] == "check-content-type" then
    response = function(status, headers, body)
      if status == 200 and headers["Content-Type"] ~= "application/vnd.mapbox-vector-tile" then
        bad_content = bad_content + 1
      end
    end
  end
end

function request()
  local path = paths[position]
  position = position + 1
  if position > #paths then position = 1 end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local errors = summary.errors
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + (thread:get("bad_content") or 0) end
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,' ..
    '"statusErrors":%d,"timeouts":%d,"badContent":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read, errors.write, errors.status,
    errors.timeout, bad, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
end
