-- wrk script for tests/load/load.t: random requests from a weighted list
-- of paths, every complete response checked against the bodies recorded
-- before the run (the reader page, the original, or either).
--
--   wrk ... -s mix.lua URL -- LIST QUOTA PROGRESS
--
-- LIST: one line per path, "weight<TAB>path<TAB>reader<TAB>original", the
-- last two files holding the expected bodies ("-": none; a path with
-- neither must never complete, e.g. an upstream reset mid-body).  nginx
-- names the path of each response in an X-Uri header, since responses on
-- several connections do not come back in request order.  Each thread
-- stops after QUOTA complete responses and writes its count so far to the
-- file PROGRESS<thread> every 50 responses: wrk itself runs for its whole
-- -d, so the caller stops it (SIGINT) when the counts add up.
-- done() prints one line: "mix: responses=N reader=N original=N bad=N",
-- then the first bad responses.

local threads = {}

function setup(thread)
   thread:set("id", #threads + 1)
   table.insert(threads, thread)
end


local function slurp(name)
   if name == "-" then
      return nil
   end

   local f = assert(io.open(name, "rb"))
   local data = f:read("*a")
   f:close()
   return data
end


local paths, expect, quota, progress = {}, {}, 0, nil
responses, reader, original, bad, why = 0, 0, 0, 0, ""

function init(args)
   for line in io.lines(args[1]) do
      local w, path, page, orig = line:match("^(%d+)\t(%S+)\t(%S+)\t(%S+)$")

      if path then
         expect[path] = { page = slurp(page), orig = slurp(orig) }

         for _ = 1, tonumber(w) do
            table.insert(paths, wrk.format("GET", path))
         end
      end
   end

   quota = tonumber(args[2])
   progress = args[3] .. id
   math.randomseed(id * 7919 + os.time())
end


function request()
   return paths[math.random(#paths)]
end


function response(status, headers, body)
   local path = headers["X-Uri"]
   local e = path and expect[path]

   responses = responses + 1

   if e and status == 200 and e.page and body == e.page then
      reader = reader + 1
   elseif e and status == 200 and e.orig and body == e.orig then
      original = original + 1
   else
      bad = bad + 1

      if bad <= 5 then
         why = why .. string.format("  %s: status %d, %d bytes\n",
                                    tostring(path), status, #body)
      end
   end

   if responses % 50 == 0 or responses >= quota then
      local f = assert(io.open(progress, "w"))
      f:write(responses, "\n")
      f:close()
   end

   if responses >= quota then
      wrk.thread:stop()
   end
end


function done(summary, latency, requests)
   local t = { responses = 0, reader = 0, original = 0, bad = 0 }
   local reasons = ""

   for _, thread in ipairs(threads) do
      for k in pairs(t) do
         t[k] = t[k] + thread:get(k)
      end
      reasons = reasons .. thread:get("why")
   end

   io.write(string.format("mix: responses=%d reader=%d original=%d bad=%d\n",
                          t.responses, t.reader, t.original, t.bad))
   io.write(reasons)
end
