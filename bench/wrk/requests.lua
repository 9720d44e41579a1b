-- One request type of the benchmark as a closed loop for wrk:
--   wrk -t<threads> ... -s bench/wrk/requests.lua <url> -- <type> <rows.tsv> <threads> <first row>
-- <type>: cp-list | kam-list | cp-open | cp-move | cp-create | customer-open. The rows come from the loader (bench/run):
-- tokens, and for cp-open / cp-move a lead of that token's CP, for customer-open a quotation shared with that customer. Each thread takes every n-th row from <first row> (0-based) on, so
-- no two requests move the same lead (the runner starts each run after the rows earlier runs used).

local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  kind = args[1]
  rows = {}
  for line in io.lines(args[2]) do
    local cells = {}
    for cell in string.gmatch(line, "[^\t]+") do
      table.insert(cells, cell)
    end
    table.insert(rows, cells)
  end
  step = tonumber(args[3])
  first = tonumber(args[4] or "0")
  next_row = ((first + id) % #rows) + 1
  math.randomseed(os.time() * 1000 + id)
end

local function take()
  local row = rows[next_row]
  next_row = next_row + step
  if next_row > #rows then
    next_row = id + 1 -- wrapped: the runner refuses a move run that got here
  end
  return row
end

function request()
  local row = take()
  if kind == "cp-list" or kind == "kam-list" then
    return wrk.format("GET", "/api/v1/leads?limit=50", { ["Authorization"] = "Bearer " .. row[4] })
  elseif kind == "cp-open" then
    return wrk.format("GET", "/api/v1/leads/" .. row[2], { ["Authorization"] = "Bearer " .. row[1] })
  elseif kind == "customer-open" then
    return wrk.format("GET", "/api/v1/quotations/" .. row[2], { ["Authorization"] = "Bearer " .. row[1] })
  elseif kind == "cp-move" then
    return wrk.format("PATCH", "/api/v1/leads/" .. row[2],
      { ["Authorization"] = "Bearer " .. row[1], ["Content-Type"] = "application/json" },
      '{"status":"IN_DISCUSSION"}')
  elseif kind == "cp-create" then
    local phone = string.format("+9199%08d", math.random(0, 99999999))
    local body = '{"customerName":"Walk-in ' .. phone .. '","customerPhone":"' .. phone ..
      '","address":"Shop 4, Station Road","stateCode":"' .. row[3] ..
      '","services":[{"type":"SOLAR_ROOFTOP","details":"About 5 kW"},{"type":"BATTERY_STORAGE","details":"10 kWh"}]}'
    return wrk.format("POST", "/api/v1/leads",
      { ["Authorization"] = "Bearer " .. row[4], ["Content-Type"] = "application/json" }, body)
  end
end
