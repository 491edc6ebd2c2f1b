-- wrk: print p95 (wrk's --latency shows 50, 75, 90 and 99 only).
done = function(summary, latency, requests)
  io.write(string.format("P95 %.2fms\n", latency:percentile(95) / 1000))
end
