-- wrk: each request runs the header search with one of a mix of queries a team types: a family
-- name, a misspelt one, a given name, part of a street, a postcode's outward code and part of a
-- case reference (issue 20's target: p95 under 50 ms at 32 connections at a million cases).
local queries = {
  "Jones", "Kowalsky", "Dobrowolski", "Hughs", "Patel", "O'Neill",
  "Marsh", "Canal Road", "RV1", "RV3 2", "G0001", "2026-00",
}
math.randomseed(os.time())
request = function()
  local q = queries[math.random(#queries)]
  q = q:gsub(" ", "+"):gsub("'", "%%27")
  return wrk.format("GET", "/search?q=" .. q)
end
done = function(summary, latency, requests)
  io.write(string.format("P95 %.2fms\n", latency:percentile(95) / 1000))
end
