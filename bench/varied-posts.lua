-- Spreads requests over /v1/posts/1..100, so no two concurrent requests are likely to coalesce.
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/v1/posts/" .. ((counter % 100) + 1))
end
