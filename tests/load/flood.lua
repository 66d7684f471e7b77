-- wrk script: every request presents the next forged token from tokens.txt (distinct wrong secrets).
local tokens = {}
for line in io.lines(os.getenv("FLOOD_TOKENS")) do tokens[#tokens + 1] = line end
local i = 0
request = function()
  i = i % #tokens + 1
  return wrk.format("GET", "/v1/me", { ["Authorization"] = "Bearer " .. tokens[i] })
end
local statuses = {}
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function()
  -- wrk's per-thread state is not shared; the status counts come from the summary's non-2xx line instead.
end
