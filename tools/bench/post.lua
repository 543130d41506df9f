-- wrk script: POST a complaint with a bearer token and a unique Idempotency-Key per request.
-- BENCH_TOKEN and BENCH_BODY come from the environment (tools/bench/run.py sets them).

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
  body = os.getenv("BENCH_BODY")
end

function request()
  counter = counter + 1
  headers["Idempotency-Key"] = prefix .. "-" .. counter
  return wrk.format("POST", nil, headers, body)
end
