-- wrk script: POST a terminal punch with a bearer token, a unique terminal punch id and a
-- unique Idempotency-Key per request, timed now (inside the drift bound).
-- BENCH_TOKEN comes from the environment (tools/bench/run.py sets it).

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local seed = os.time() * 1000 + (tid or 0)
  math.randomseed(seed)
  prefix = string.format("bench-%d-%d-%d", os.time(), tid or 0, math.random(1, 1000000000))
  counter = 0
  headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
  }
end

function request()
  counter = counter + 1
  local ref = prefix .. "-" .. counter
  headers["Idempotency-Key"] = ref
  local body = string.format(
    '{"employee_id":"emp-%d","source":"terminal","device_id":"T-%d","source_punch_id":"%s","device_time":"%s"}',
    counter % 500, tid or 0, ref, os.date("!%Y-%m-%dT%H:%M:%SZ")
  )
  return wrk.format("POST", nil, headers, body)
end
