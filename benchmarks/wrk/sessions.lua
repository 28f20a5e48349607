-- Listeners playing 10-call sessions over the course JSON API: nine POST /next/{user}, each with the
-- track the previous reply recommended, then POST /last/{user} and a new listener (docs/benchmarks.md, api).
local tracks, users = 50000, 100000
local headers = { ["Content-Type"] = "application/json" }
local seeded = 0
function setup(thread) seeded = seeded + 1; thread:set("seed", seeded) end
local user, step, track = 0, 0, 0
function init(args) math.randomseed(seed * 7919); user = math.random(0, users - 1); track = math.random(0, tracks - 1) end
function request()
  step = step + 1
  local body = string.format('{"track":%d,"time":%.2f}', track, math.random())
  if step % 10 == 0 then
    local u = user
    user = math.random(0, users - 1); track = math.random(0, tracks - 1)
    return wrk.format("POST", "/last/" .. u, headers, body)
  end
  return wrk.format("POST", "/next/" .. user, headers, body)
end
function response(status, headers, body)
  local t = body:match('"track":(%d+)')
  if t then track = tonumber(t) end
end
