-- wrk script: lend and return keys through the gateway, each connection's next request a
-- return of a loan this thread opened (when one is waiting) or else a loan of a key set back
-- in the cabinet. Key sets come from BENCH_KEYSETS (one "id code" per line), split across
-- BENCH_THREADS threads; each thread holds at least three per connection, so a key set is
-- always free or a loan always waiting. BENCH_TOKEN: a key custodian's bearer token.

local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("BENCH_THREADS"))
  free, codes, waiting = {}, {}, {}
  local i = 0
  for line in io.lines(os.getenv("BENCH_KEYSETS")) do
    local id, code = line:match("^(%S+) (%S+)$")
    if id and i % nthreads == (tid - 1) then
      table.insert(free, id)
      codes[id] = code
    end
    i = i + 1
  end
  math.randomseed(os.time() * 1000 + tid)
  prefix = string.format("lend-%d-%d-%d", os.time(), tid, math.random(1, 1000000000))
  counter = 0
  headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"),
  }
  due = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() + 4 * 3600)
end

function request()
  counter = counter + 1
  headers["Idempotency-Key"] = prefix .. "-" .. counter
  local loan = table.remove(waiting)
  if loan then
    local body = string.format('{"key_count":%d,"key_set_code":"%s"}', loan.count, loan.code)
    return wrk.format("POST", "/v1/keys/loans/" .. loan.id .. "/return", headers, body)
  end
  local key_set = table.remove(free, 1)
  local body = string.format(
    '{"key_set_id":"%s","borrower_kind":"staff","borrower":"engineer-%d","borrower_role":"engineer",'
      .. '"purpose":"plant room inspection","due_at":"%s"}',
    key_set, counter % 50, due
  )
  return wrk.format("POST", "/v1/keys/loans", headers, body)
end

function response(status, headers, body)
  if status ~= 200 and status ~= 201 then
    return
  end
  local state = body:match('"state":"(%a+)"')
  if state == "open" then
    table.insert(waiting, {
      id = body:match('"id":"([^"]+)"'),
      code = body:match('"key_set_code":"([^"]+)"'),
      count = tonumber(body:match('"key_count":(%d+)')),
    })
  elseif state == "returned" then
    table.insert(free, body:match('"key_set_id":"([^"]+)"'))
  end
end
