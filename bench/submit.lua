-- wrk script: POST a 4 KiB report (details padded to 4,096 bytes of JSON) and
-- count the acknowledged (201) submissions separately from everything else.
local sentence = "Nội dung chi tiết của đơn tố cáo dùng để đo hiệu năng. "
local function make(details)
  return '{"kind":"denunciation","identity":"confidential",' ..
    '"reporter":{"full_name":"Nguyễn Văn A","address":"12 Lý Thường Kiệt, Cà Mau"},' ..
    '"jurisdiction":{"province":"96","commune":"32002","level":"commune"},' ..
    '"accused":{"name":"Trần Văn B"},"category":"corruption",' ..
    '"summary":"Thu tiền sai quy định khi cấp sổ đỏ","details":"' .. details .. '"}'
end
-- Whole sentences (never a split UTF-8 character), then spaces up to 4,096 bytes.
local details = ""
while #make(details .. sentence) <= 4096 do details = details .. sentence end
local body = make(details .. string.rep(" ", 4096 - #make(details)))

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"

local threads = {}
function setup(thread)
  thread:set("created", 0)
  thread:set("other", 0)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status == 201 then created = created + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("body bytes: %d\n", #body))
  io.write(string.format("acknowledged (201): %d, other: %d\n", c, o))
  io.write(string.format("acknowledged per second: %.0f\n", c / secs))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%s: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
