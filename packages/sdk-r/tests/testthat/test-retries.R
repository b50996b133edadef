test_that("a POST answered 503 after the work is retried with the same key and no duplicate", {
  skip_if_no_server()
  pr_proxy_reset()
  tenant <- pr_new_tenant()
  direct <- pr_test_client(tenant)
  rec <- pr_recording(pr_test_client(tenant, proxy = TRUE))
  pr_fault("POST", "/personas", "after", status = 503)
  created <- pr_persona_create(rec$client, pr_seed(1))
  sent <- pr_proxy_seen("POST", "/personas")
  expect_equal(length(sent), 2)
  expect_true(nzchar(sent[[1]]$idempotencyKey))
  expect_equal(sent[[1]]$idempotencyKey, sent[[2]]$idempotencyKey)
  expect_equal(length(rec$waits$all), 1)
  expect_true(rec$waits$all[1] > 0 && rec$waits$all[1] <= 0.5)
  expect_equal(pr_personas_list(direct)$id, created$persona$id) # no duplicate
  pr_persona_create(rec$client, pr_seed(2)) # another logical POST: another key
  keys <- vapply(pr_proxy_seen("POST", "/personas"), function(s) s$idempotencyKey, "")
  expect_equal(length(keys), 3)
  expect_false(keys[3] == keys[1])
})

test_that("a 429 is retried after the server's Retry-After; a GET 503 too", {
  skip_if_no_server()
  pr_proxy_reset()
  tenant <- pr_new_tenant()
  rec <- pr_recording(pr_test_client(tenant, proxy = TRUE))
  pr_fault("POST", "/personas", "before", status = 429, headers = list(`retry-after` = "0.05"))
  created <- pr_persona_create(rec$client, pr_seed(2))$persona
  expect_equal(rec$waits$all, 0.05)
  pr_fault("GET", "/personas", "before", status = 503, headers = list(`retry-after` = "0"))
  expect_equal(pr_personas_list(rec$client)$id, created$id)
  expect_equal(rec$waits$all, c(0.05, 0))
})

test_that("backoff grows exponentially with jitter on 408, 502 and 504", {
  skip_if_no_server()
  pr_proxy_reset()
  tenant <- pr_new_tenant()
  rec <- pr_recording(pr_test_client(tenant, proxy = TRUE, max_retries = 3))
  for (status in c(408, 502, 504)) pr_fault("GET", "/billing", "before", status = status)
  expect_true("creditBalance" %in% names(pr_billing_get(rec$client)))
  expect_equal(length(rec$waits$all), 3)
  for (attempt in 0:2) {
    full <- 0.5 * 2^attempt
    wait <- rec$waits$all[attempt + 1]
    expect_true(wait >= 0.75 * full && wait <= full)
  }
})

test_that("a dropped connection and an in-flight 409 are retried; one persona", {
  skip_if_no_server()
  pr_proxy_reset()
  tenant <- pr_new_tenant()
  direct <- pr_test_client(tenant)
  rec <- pr_recording(pr_test_client(tenant, proxy = TRUE))
  pr_fault("POST", "/personas", "drop")
  in_flight <- list(error = "A request with this Idempotency-Key is still in progress", code = "idempotency_conflict")
  pr_fault("POST", "/personas", "before", status = 409, headers = list(`retry-after` = "0"), body = in_flight)
  created <- pr_persona_create(rec$client, pr_seed(3))$persona
  sent <- pr_proxy_seen("POST", "/personas")
  expect_equal(length(sent), 3)
  expect_equal(length(unique(vapply(sent, function(s) s$idempotencyKey, ""))), 1)
  expect_equal(pr_personas_list(direct)$id, created$id)
})

test_that("retries stop at max_retries; a final 409 is not retried", {
  skip_if_no_server()
  pr_proxy_reset()
  tenant <- pr_new_tenant()
  rec <- pr_recording(pr_test_client(tenant, proxy = TRUE, max_retries = 2))
  for (i in 1:3) pr_fault("GET", "/billing", "before", status = 503)
  err <- tryCatch(pr_billing_get(rec$client), personrun_error = function(e) e)
  expect_s3_class(err, "personrun_server_error")
  expect_equal(err$status, 503L)
  expect_equal(length(rec$waits$all), 2)
  expect_equal(length(pr_proxy_seen("GET", "/billing")), 3)
  mismatch <- list(error = "This Idempotency-Key was already used with a different request", code = "idempotency_conflict")
  pr_fault("POST", "/personas", "before", status = 409, body = mismatch)
  expect_error(pr_persona_create(rec$client, pr_seed(1)), class = "personrun_conflict_error")
  expect_equal(length(rec$waits$all), 2)
})

test_that("a stream is retried on 503 before its first event", {
  skip_if_no_server()
  pr_proxy_reset()
  tenant <- pr_new_tenant()
  direct <- pr_test_client(tenant)
  persona <- pr_persona_create(direct, pr_seed(1))$persona
  rec <- pr_recording(pr_test_client(tenant, proxy = TRUE))
  pr_fault("POST", "/personas/prompt/stream", "before", status = 503)
  done <- pr_prompt_stream(rec$client, persona$id, "Hello?")
  expect_equal(done$streamedText, done$response)
  expect_equal(length(rec$waits$all), 1)
})
