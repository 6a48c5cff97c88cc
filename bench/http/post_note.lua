-- wrk script for the POST /api/v1/notes case of bench/http/run.
-- The bearer token comes from the CHRONOTRAIL_TOKEN environment variable.
local token = os.getenv("CHRONOTRAIL_TOKEN")
if token == nil or token == "" then
  error("post_note.lua: set CHRONOTRAIL_TOKEN to a bearer token")
end

wrk.method = "POST"
wrk.body = '{"text_content":"bench note","timestamp":"2024-03-12T09:14:00Z"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
