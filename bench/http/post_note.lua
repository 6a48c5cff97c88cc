-- wrk script that creates notes: POST /api/v1/notes (bench/http/run, bench/store/run).
-- Bearer tokens come from CHRONOTRAIL_TOKENS (several, separated by spaces: requests take them in
-- turn, as many people writing at once would) or CHRONOTRAIL_TOKEN (one user).
local tokens = {}
for t in string.gmatch(os.getenv("CHRONOTRAIL_TOKENS") or os.getenv("CHRONOTRAIL_TOKEN") or "", "%S+") do
  tokens[#tokens + 1] = t
end
if #tokens == 0 then
  error("post_note.lua: set CHRONOTRAIL_TOKEN or CHRONOTRAIL_TOKENS to bearer tokens")
end

local body = '{"text_content":"bench note","timestamp":"2024-03-12T09:14:00Z"}'
local next_token = 0

function request()
  next_token = next_token % #tokens + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[next_token],
  }, body)
end
