test_that("401: a personrun_authentication_error with status, code, message and request id", {
  skip_if_no_server()
  client <- pr_client(paste0("pr_live_", strrep("x", 32)), pr_test$base_url)
  err <- tryCatch(pr_personas_list(client), personrun_error = function(e) e)
  expect_s3_class(err, "personrun_authentication_error")
  expect_s3_class(err, "personrun_api_error")
  expect_equal(err$status, 401L)
  expect_equal(err$code, "unauthorized")
  expect_match(err$request_id, "^req_")
  expect_true(nzchar(err$message))
})

test_that("403 for another tenant; 404; 400 with the invalid fields; 409 on a stale version", {
  skip_if_no_server()
  client <- pr_test_client()
  other <- pr_new_tenant()
  denied <- tryCatch(pr_personas_list(client, tenant_id = other$tenant_id), personrun_error = function(e) e)
  expect_s3_class(denied, "personrun_permission_denied_error")
  expect_equal(denied$code, "forbidden")
  expect_error(pr_tenant_create(client, "sdkr-not-allowed"), class = "personrun_permission_denied_error")

  missing <- tryCatch(pr_persona_get(client, "00000000-0000-4000-8000-000000000000"), personrun_error = function(e) e)
  expect_s3_class(missing, "personrun_not_found_error")
  expect_equal(missing$code, "not_found")

  invalid <- tryCatch(
    pr_persona_create(client, list(firstName = "Ada", lastName = "Lo", age = -3, location = "X")),
    personrun_error = function(e) e
  )
  expect_s3_class(invalid, "personrun_validation_error")
  expect_equal(invalid$status, 400L)
  paths <- vapply(invalid$details, function(d) d$path, "")
  expect_true(all(c("seed.age", "seed.baseOccupation") %in% paths))

  persona <- pr_persona_create(client, pr_seed(1))$persona
  stale <- tryCatch(pr_persona_update(client, persona$id, version = persona$version + 5, age = 40),
    personrun_error = function(e) e
  )
  expect_s3_class(stale, "personrun_conflict_error")
  expect_equal(stale$code, "version_conflict")
})

test_that("409 on an Idempotency-Key reused for another request; the same request is replayed", {
  skip_if_no_server()
  client <- pr_test_client()
  key <- paste0("reused-", as.integer(stats::runif(1, 1, 1e9)))
  first <- pr_request(client, "POST", "/personas", body = list(seed = pr_seed(1)), idempotency_key = key)
  err <- tryCatch(pr_request(client, "POST", "/personas", body = list(seed = pr_seed(2)), idempotency_key = key),
    personrun_error = function(e) e
  )
  expect_s3_class(err, "personrun_conflict_error")
  expect_equal(err$code, "idempotency_conflict")
  replay <- pr_request(client, "POST", "/personas", body = list(seed = pr_seed(1)), idempotency_key = key)
  expect_equal(replay$persona$id, first$persona$id)
  expect_equal(nrow(pr_personas_list(client)), 1)
})

test_that("402: insufficient credits carries its fields", {
  skip_if_no_server()
  client <- pr_test_client()
  persona <- pr_persona_create(client, pr_seed(1))$persona
  expect_equal(pr_billing_set(client, credit_balance = 0)$creditBalance, 0)
  err <- tryCatch(pr_prompt(client, persona$id, "Tell me about your week."), personrun_error = function(e) e)
  expect_s3_class(err, "personrun_insufficient_credits_error")
  expect_equal(err$status, 402L)
  expect_equal(err$code, "insufficient_credits")
  expect_gt(err$required_credits, 0)
  expect_equal(err$available_credits, 0)
  expect_equal(err$action, "upgrade_or_topup")
  expect_equal(err$billing_path, "/dashboard/billing")
})

test_that("429 and 5xx without retries; a connection error; a timeout", {
  skip_if_no_server()
  pr_proxy_reset()
  tenant <- pr_new_tenant()
  client <- pr_test_client(tenant, proxy = TRUE, max_retries = 0)
  pr_fault("GET", "/personas", "before", status = 429, headers = list(`retry-after` = "7"))
  limited <- tryCatch(pr_personas_list(client), personrun_error = function(e) e)
  expect_s3_class(limited, "personrun_rate_limit_error")
  expect_equal(limited$retry_after, 7)
  pr_fault("GET", "/personas", "before", status = 500)
  fault <- tryCatch(pr_personas_list(client), personrun_error = function(e) e)
  expect_s3_class(fault, "personrun_server_error")
  expect_equal(fault$status, 500L)
  expect_equal(fault$request_id, "req_proxy")

  closed <- pr_client("pr_live_x", paste0("http://127.0.0.1:", pr_free_port()), max_retries = 1)
  rec <- pr_recording(closed)
  err <- tryCatch(pr_health(rec$client), personrun_error = function(e) e)
  expect_s3_class(err, "personrun_connection_error")
  expect_false(inherits(err, "personrun_timeout_error"))
  expect_null(err$status)
  expect_equal(length(rec$waits$all), 1)

  pr_fault("GET", "/billing", "delay", seconds = 3)
  slow <- pr_test_client(tenant, proxy = TRUE, max_retries = 0, timeout = 0.5)
  expect_error(pr_billing_get(slow), class = "personrun_timeout_error")
})
