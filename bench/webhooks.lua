-- wrk script of `bench/run webhooks`: each thread posts its share of pre-signed webhooks (one per line of the
-- file named by WEBHOOKS_FILE: id, timestamp, signature and body separated by tabs), each once, in order,
-- and counts the answers that say "accepted".
local threads = {}
local counter = 0

function setup(thread)
    thread:set("index", counter)
    counter = counter + 1
    table.insert(threads, thread)
end

function init(args)
    requests = {}
    accepted = 0
    duplicates = 0
    refused = 0
    local count = tonumber(os.getenv("WEBHOOKS_THREADS"))
    local line_number = 0
    for line in io.lines(os.getenv("WEBHOOKS_FILE")) do
        if line_number % count == index then
            local id, timestamp, signature, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
            local headers = {
                ["Content-Type"] = "application/json",
                ["webhook-id"] = id,
                ["webhook-timestamp"] = timestamp,
                ["webhook-signature"] = signature,
            }
            table.insert(requests, wrk.format("POST", "/webhooks/bigcommerce", headers, body))
        end
        line_number = line_number + 1
    end
    next_request = 1
end

function request()
    local text = requests[next_request]
    -- Past the end the last one is sent again: a duplicate, counted apart (the file is made long enough).
    if next_request < #requests then next_request = next_request + 1 end
    return text
end

function response(status, headers, body)
    if status == 200 and body:find('"accepted"', 1, true) then
        accepted = accepted + 1
    elseif status == 200 then
        duplicates = duplicates + 1
    else
        refused = refused + 1
    end
end

function done(summary, latency, requests)
    local totals = { accepted = 0, duplicates = 0, refused = 0 }
    for _, thread in ipairs(threads) do
        for key, _ in pairs(totals) do totals[key] = totals[key] + thread:get(key) end
    end
    io.write(string.format(
        '{"requests": %d, "seconds": %.3f, "accepted": %d, "duplicates": %d, "refused": %d, "errors": %d, '
            .. '"p50_ms": %.3f, "p99_ms": %.3f, "p999_ms": %.3f, "max_ms": %.3f}\n',
        summary.requests, summary.duration / 1e6, totals.accepted, totals.duplicates, totals.refused,
        summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
        latency.max / 1000))
end
