-- wrk script: bench/submit.lua held at a fixed rate (wrk2 is not in Debian).
-- RATE (environment) is the target in requests per second for the whole run;
-- wrk's -t threads each pace their share on a schedule of send slots one
-- interval apart (monotonic clock through LuaJIT's FFI). A connection that
-- comes back late takes the next free slot: slots missed are not made up in
-- a burst, so the rate achieved (printed) can fall short of RATE when the
-- server cannot keep up, and latency is measured from each actual send.
dofile("bench/submit.lua")

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk, bench_timespec *ts);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local base_setup = setup
local nthreads = 0
function setup(thread)
  nthreads = nthreads + 1
  base_setup(thread)
end

local interval, next_slot
function init(args)
  -- Each thread's share; wrk.thread count is not visible here, so WRK_THREADS says it.
  local rate = tonumber(os.getenv("RATE") or "1000")
  local threads = tonumber(os.getenv("WRK_THREADS") or "2")
  interval = 1000 * threads / rate
end

function delay()
  local now = now_ms()
  if next_slot == nil or next_slot < now then next_slot = now end
  local wait = next_slot - now
  next_slot = next_slot + interval
  return wait
end
