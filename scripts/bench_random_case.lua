-- wrk: each request opens a random case page from the list in BENCH_CASES (one path per line).
local paths = {}
for line in io.lines(os.getenv("BENCH_CASES")) do paths[#paths + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
-- wrk: print p95 (wrk's --latency shows 50, 75, 90 and 99 only).
done = function(summary, latency, requests)
  io.write(string.format("P95 %.2fms\n", latency:percentile(95) / 1000))
end
