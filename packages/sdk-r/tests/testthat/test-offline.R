# Offline: no server needed (these run inside R CMD check too).

test_that("every function of the operation table exists and is exported", {
  ns <- getNamespaceExports("personrun")
  expect_equal(anyDuplicated(pr_operations$operation_id), 0)
  expect_equal(anyDuplicated(pr_operations$fun), 0)
  missing <- setdiff(pr_operations$fun, ns)
  expect_equal(missing, character())
  for (f in pr_operations$fun) expect_true(is.function(getExportedValue("personrun", f)), info = f)
})

test_that("a client reads the environment and needs a key", {
  old <- Sys.getenv(c("PERSON_API_KEY", "PERSON_RUN_BASE_URL"), unset = NA)
  on.exit(for (n in names(old)) if (is.na(old[[n]])) Sys.unsetenv(n) else do.call(Sys.setenv, as.list(old[n])))
  Sys.unsetenv("PERSON_API_KEY")
  expect_error(pr_client(), class = "personrun_error", regexp = "PERSON_API_KEY")
  Sys.setenv(PERSON_API_KEY = "pr_live_from_env", PERSON_RUN_BASE_URL = "http://example.invalid:1234/")
  client <- pr_client()
  expect_equal(client$api_key, "pr_live_from_env")
  expect_equal(client$base_url, "http://example.invalid:1234")
  expect_output(print(client), "example.invalid")
})

test_that("records become a data frame: flattened objects, NA for absent fields, list-columns for arrays", {
  df <- pr_as_data_frame(list(
    list(id = "a", age = 34, seed = list(city = "Austin", zip = NULL), tags = list("x", "y")),
    list(id = "b", ok = TRUE, tags = list())
  ))
  expect_s3_class(df, "data.frame")
  expect_equal(nrow(df), 2)
  expect_equal(df$id, c("a", "b"))
  expect_equal(df$age, c(34, NA))
  expect_equal(df$seed.city, c("Austin", NA))
  expect_equal(df$ok, c(NA, TRUE))
  expect_equal(df$tags[[1]], list("x", "y"))
  expect_equal(nrow(pr_as_data_frame(list())), 0)
})

test_that("snake_case arguments reach the API in camelCase; an empty body is a JSON object", {
  expect_equal(names(pr_wire_names(list(user_prompt = 1, sessionId = 2, tenant_id = 3))),
               c("userPrompt", "sessionId", "tenantId"))
  expect_equal(pr_json(list()), "{}")
  expect_equal(pr_json(list(items = I("HAPPY"), n = 2, ok = TRUE)), '{"items":["HAPPY"],"n":2,"ok":true}')
  expect_equal(pr_url("http://h", "/p", list(a = TRUE, b = NULL, c = 100000, d = "x y")),
               "http://h/p?a=true&c=100000&d=x%20y")
  expect_equal(pr_fill_path("/models/{slug}", list(slug = "a/b")), "/models/a%2Fb")
})

test_that("Retry-After in seconds, milliseconds or as a date; backoff grows with jitter", {
  expect_equal(pr_retry_after(list(`retry-after` = "7")), 7)
  expect_equal(pr_retry_after(list(`retry-after-ms` = "250")), 0.25)
  expect_null(pr_retry_after(list()))
  date <- format(Sys.time() + 30, "%a, %d %b %Y %H:%M:%S GMT", tz = "GMT")
  expect_true(pr_retry_after(list(`retry-after` = date)) > 20)
  expect_equal(pr_backoff(0, 2), 2)
  for (attempt in 0:4) {
    full <- min(0.5 * 2^attempt, 8)
    wait <- pr_backoff(attempt)
    expect_true(wait >= 0.75 * full && wait <= full)
  }
  expect_true(pr_backoff(1, 3600) <= 1) # a hint over a minute is not followed
})

test_that("an error body becomes a classed condition with its fields", {
  e <- pr_api_error(402, '{"error":"Insufficient credits","code":"insufficient_credits","requestId":"req_1",
    "requiredCredits":2,"availableCredits":0,"action":"upgrade_or_topup","billingPath":"/dashboard/billing"}',
    list())
  expect_s3_class(e, "personrun_insufficient_credits_error")
  expect_s3_class(e, "personrun_error")
  expect_equal(c(e$status, e$required_credits, e$available_credits), c(402, 2, 0))
  expect_equal(e$request_id, "req_1")
  expect_match(conditionMessage(e), "Insufficient credits \\(HTTP 402, code insufficient_credits, request req_1\\)")
  blocked <- pr_api_error(422, '{"error":"No","code":"blocked_by_policy","guardrail":{"stage":"input",
    "reasons":[{"rule":"blocked_term"}]}}', list())
  expect_s3_class(blocked, "personrun_blocked_by_policy_error")
  expect_equal(blocked$stage, "input")
  expect_equal(blocked$reasons[[1]]$rule, "blocked_term")
  proxy <- pr_api_error(502, "<html>bad gateway</html>", list(`x-request-id` = "req_p"))
  expect_s3_class(proxy, "personrun_server_error")
  expect_equal(proxy$request_id, "req_p")
  limited <- pr_api_error(429, '{"error":"Slow down","code":"rate_limited"}', list(`retry-after` = "3"))
  expect_s3_class(limited, "personrun_rate_limit_error")
  expect_equal(limited$retry_after, 3)
  expect_s3_class(pr_api_error(401, "", list()), "personrun_authentication_error")
  expect_s3_class(pr_api_error(403, '{"code":"usage_limit_exceeded"}', list()), "personrun_permission_denied_error")
  expect_s3_class(pr_api_error(404, "", list()), "personrun_not_found_error")
  expect_s3_class(pr_api_error(409, "", list()), "personrun_conflict_error")
  expect_s3_class(pr_api_error(400, '{"code":"validation_error"}', list()), "personrun_validation_error")
})

test_that("a 409 is retried only while its Idempotency-Key is in flight", {
  in_flight <- pr_api_error(409, '{"code":"idempotency_conflict"}', list(`retry-after` = "0"))
  final <- pr_api_error(409, '{"code":"idempotency_conflict"}', list())
  expect_true(pr_should_retry(in_flight))
  expect_false(pr_should_retry(final))
  expect_true(pr_should_retry(pr_api_error(503, "", list())))
  expect_false(pr_should_retry(pr_api_error(404, "", list())))
})

test_that("server-sent events are parsed across chunk boundaries", {
  events <- list()
  parse <- pr_sse_parser(function(ev) events[[length(events) + 1]] <<- ev)
  parse(": heartbeat\n\nevent: token\ndata: {\"del")
  parse("ta\":\"Hi\"}\r\n\r\nevent: done\nid: 7\ndata: {\"response\":\"Hi\"}\n")
  parse("\n")
  expect_equal(length(events), 2)
  expect_equal(events[[1]]$event, "token")
  expect_equal(events[[1]]$data$delta, "Hi")
  expect_equal(events[[2]]$id, "7")
  expect_equal(events[[2]]$data$response, "Hi")
})

test_that("idempotency keys are random v4 UUIDs and leave the user's random stream alone", {
  set.seed(42)
  before <- .Random.seed
  keys <- replicate(50, pr_new_idempotency_key())
  pr_backoff(1)
  expect_identical(.Random.seed, before)
  expect_equal(anyDuplicated(keys), 0)
  expect_true(all(grepl("^pr-r-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", keys)))
})

test_that("the widget functions need an origin before anything is sent", {
  client <- pr_client("pk_live_offline", "http://example.invalid:1")
  expect_error(pr_widget_config(client, "p"), class = "personrun_usage_error", regexp = "allowedOrigins")
  expect_error(pr_widget_stream(client, "p", "hi", origin = ""), class = "personrun_usage_error")
  expect_error(pr_widget_stream(client, "p", "hi", origin = c("a", "b")), class = "personrun_usage_error")
})
