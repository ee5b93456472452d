-- The mixed traffic of bench/soak, cycled in order: single posts, the list (JSON and NDJSON), user posts,
-- unknown posts and paths (404), bad ids and bad JSON (422), and bookmark PUT / list / DELETE. Ids vary over
-- the cycle, so the cache keeps filling and evicting (unknown posts churn through 10,000 keys) while the
-- bookmarks table stays bounded (PUT and DELETE share 50 users x 100 posts). It counts answers per status.
local requests = {}
local counter = 0
-- A global, so done() can read each thread's counts with thread:get.
statuses = {}

local function add(method, path, headers, body)
  requests[#requests + 1] = wrk.format(method, path, headers, body)
end

function init(args)
  local json = { ["Content-Type"] = "application/json" }
  local ndjson = { ["Accept"] = "application/x-ndjson" }
  for i = 0, 1999 do
    local post = i % 100 + 1
    local user = i % 10 + 1
    local owner = i % 50 + 1
    add("GET", "/v1/posts/" .. post)
    add("GET", "/v1/posts/" .. ((i * 7) % 100 + 1))
    add("GET", "/v1/users/" .. user .. "/posts")
    if i % 2 == 0 then
      add("GET", "/v1/posts")
    else
      add("GET", "/v1/posts", ndjson)
    end
    add("GET", "/v1/users/" .. user .. "/posts", ndjson)
    add("GET", "/v1/posts/" .. (100001 + (i * 5) % 10000)) -- 404, a new cache key most times
    if i % 2 == 0 then
      add("GET", "/no/such/path/" .. i) -- 404 from the router
    else
      add("GET", "/v1/posts/not-a-number") -- 422
    end
    add("PUT", "/v1/users/" .. owner .. "/bookmarks/" .. post, json, '{"note":"soak ' .. i .. '"}')
    add("PUT", "/v1/users/" .. owner .. "/bookmarks/" .. post, json, '{"note": NaN}') -- 422
    add("GET", "/v1/users/" .. owner .. "/bookmarks")
    -- The pair PUT 50 entries before and after this one: PUT creates it (201), DELETE removes it (204).
    add("DELETE", "/v1/users/" .. owner .. "/bookmarks/" .. ((i + 50) % 100 + 1))
  end
end

request = function()
  counter = counter + 1
  return requests[(counter % #requests) + 1]
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local keys = {}
  for status in pairs(total) do
    keys[#keys + 1] = status
  end
  table.sort(keys)
  local line = "answers by status:"
  for _, status in ipairs(keys) do
    line = line .. " " .. status .. "=" .. total[status]
  end
  io.write(line .. "\n")
end
