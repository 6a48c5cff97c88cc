-- wrk script for bench/soak/run: a mix of what the app does, across many users. Each request
-- takes the next user's token (CHRONOTRAIL_TOKENS, separated by spaces) and one of:
--   35% GET  /api/v1/notes?page_size=20      20% POST /api/v1/notes
--   10% GET  /api/v1/locations?page_size=20  10% POST /api/v1/locations
--   15% POST /api/v1/query                   5% GET  /api/v1/usage
--    5% POST /api/v1/photos (a small PNG made unique by bytes after its end)
-- and counts the answers by status; done() prints "status N: count" lines and the 5xx total.
-- With SOAK_MIX=reads only the reads and questions, in the same proportions: the data stops
-- growing, so memory must stop growing too (a leak shows; caches that follow the data do not).
local tokens = {}
for t in string.gmatch(os.getenv("CHRONOTRAIL_TOKENS") or "", "%S+") do
  tokens[#tokens + 1] = t
end
if #tokens == 0 then error("mix.lua: set CHRONOTRAIL_TOKENS to bearer tokens") end

local png = io.open(os.getenv("SOAK_PHOTO") or "", "rb")
if not png then error("mix.lua: set SOAK_PHOTO to a small PNG file") end
local photo = png:read("*a")
png:close()

local questions = {
  "where did I have coffee last week?", "what did I write about the river?",
  "how many notes did I take in March 2024?", "when did I last go to the gym?",
  "show me the photos from Lisbon",
}
local boundary = "soakboundary7f3a"
local turn, serial = 0, 0
statuses = {}  -- global: done() reads each thread's copy with thread:get

local function json_request(method, path, token, body)
  return wrk.format(method, path, {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
  }, body)
end

local reads_only = os.getenv("SOAK_MIX") == "reads"

function request()
  turn = turn % #tokens + 1
  serial = serial + 1
  local token = tokens[turn]
  local pick = math.random(100)
  if reads_only then
    if pick <= 50 then pick = 1 elseif pick <= 65 then pick = 60 elseif pick <= 90 then pick = 80 else pick = 92 end
  end
  if pick <= 35 then
    return wrk.format("GET", "/api/v1/notes?page_size=20", {["Authorization"] = "Bearer " .. token})
  elseif pick <= 55 then
    return json_request("POST", "/api/v1/notes", token, string.format(
      '{"text_content":"soak note %d about the river and coffee","timestamp":"2024-03-%02dT09:14:00Z"}',
      serial, serial % 28 + 1))
  elseif pick <= 65 then
    return wrk.format("GET", "/api/v1/locations?page_size=20", {["Authorization"] = "Bearer " .. token})
  elseif pick <= 75 then
    return json_request("POST", "/api/v1/locations", token, string.format(
      '{"visit_time":"2024-03-%02dT08:00:00Z","longitude":-9.1393,"latitude":38.7223,"names":["Cafe %d"],"duration":20}',
      serial % 28 + 1, serial % 50))
  elseif pick <= 90 then
    return json_request("POST", "/api/v1/query", token,
      '{"query":"' .. questions[serial % #questions + 1] .. '"}')
  elseif pick <= 95 then
    return wrk.format("GET", "/api/v1/usage", {["Authorization"] = "Bearer " .. token})
  end
  local body = "--" .. boundary .. "\r\n" ..
    'Content-Disposition: form-data; name="file"; filename="p.png"\r\n' ..
    "Content-Type: application/octet-stream\r\n\r\n" ..
    photo .. "soak" .. serial .. tostring(math.random(1e9)) .. "\r\n--" .. boundary .. "--\r\n"
  return wrk.format("POST", "/api/v1/photos", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "multipart/form-data; boundary=" .. boundary,
  }, body)
end

function response(status)
  statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function done()
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do total[status] = (total[status] or 0) + n end
  end
  local errors = 0
  for status, n in pairs(total) do
    io.write(string.format("status %d: %d\n", status, n))
    if status >= 500 then errors = errors + n end
  end
  io.write(string.format("5xx: %d\n", errors))
end
