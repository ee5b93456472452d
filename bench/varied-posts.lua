-- Spreads requests over PREFIX1..PREFIXn (default /v1/posts/1..100), so few concurrent requests share a
-- post. Arguments after wrk's `--`: the path prefix and n, e.g. `-- /posts/ 1000` for the upstream itself,
-- and optionally what follows the id, e.g. `-- /v1/users/ 10 /summary`.
local prefix = "/v1/posts/"
local ids = 100
local suffix = ""
local counter = 0

function init(args)
  if args[1] then prefix = args[1] end
  if args[2] then ids = tonumber(args[2]) end
  if args[3] then suffix = args[3] end
end

request = function()
  counter = counter + 1
  return wrk.format("GET", prefix .. ((counter % ids) + 1) .. suffix)
end
