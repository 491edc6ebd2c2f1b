-- wrk: public report submissions, each from a different resident's address
-- (Tandem runs with TANDEM_TRUST_PROXY=1 in the benchmark, so the per-address
-- limit on public reports applies per resident, as it would behind a proxy).
local token = os.getenv("BENCH_CSRF")
local year = os.date("%Y")
local month = tonumber(os.date("%m"))
local day = tonumber(os.date("%d"))
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "tandem_csrf=" .. token
request = function()
  counter = counter + 1
  local address = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  wrk.headers["X-Forwarded-For"] = address
  local body = "csrf_token=" .. token .. "&reporter_kind=anonymous&behaviour_day=" .. day .. "&behaviour_month=" .. month ..
    "&behaviour_year=" .. year .. "&happening_now=no&location=Bench+Road+" .. counter ..
    "&description=Loud+music+every+night+until+3am+(benchmark)."
  return wrk.format(nil, nil, nil, body)
end
-- wrk: print p95 (wrk's --latency shows 50, 75, 90 and 99 only).
done = function(summary, latency, requests)
  io.write(string.format("P95 %.2fms\n", latency:percentile(95) / 1000))
end
