# The embed widget's endpoints with a publishable key and an Origin header (docs/widget.md).

ORIGIN <- "http://localhost:5173"

test_that("a publishable key: the widget config, a streamed turn, a wrong origin refused", {
  skip_if_no_server()
  owner <- pr_test_client()
  persona <- pr_persona_create(owner, pr_seed(1, firstName = "Wendy"))$persona
  made <- pr_key_create(owner, "site widget",
    type = "publishable", persona_ids = I(persona$id), allowed_origins = I(ORIGIN), rate_limit_per_minute = 120
  )
  expect_match(made$secret, "^pk_live_[A-Za-z0-9]{32}$")
  expect_equal(made$key$type, "publishable")
  key <- pr_key_get(owner, made$key$id)
  expect_equal(unlist(key$personaIds), persona$id)
  expect_equal(unlist(key$allowedOrigins), ORIGIN)
  expect_equal(key$rateLimitPerMinute, 120)
  keys <- pr_keys_list(owner)
  expect_equal(keys$type[keys$id == made$key$id], "publishable")

  # The owner client has a tenant_id: a widget client made from it must not send one.
  widget <- pr_client(made$secret, pr_test$base_url, tenant_id = owner$tenant_id, max_retries = 0)
  config <- pr_widget_config(widget, persona$id, origin = ORIGIN)
  expect_equal(config$persona$id, persona$id)
  expect_equal(config$persona$displayName, "Wendy")
  expect_equal(config$theme$title, "Chat with Wendy")
  expect_true(config$theme$position %in% c("left", "right"))

  events <- character()
  deltas <- character()
  done <- pr_widget_stream(widget, persona$id, "What do you do on weekends?",
    origin = ORIGIN,
    callback = function(ev) {
      events <<- c(events, ev$event)
      if (ev$event == "token") deltas <<- c(deltas, ev$data$delta)
      TRUE
    }
  )
  expect_equal(events[1], "ready")
  expect_equal(events[length(events)], "done")
  expect_true(sum(events == "token") > 1)
  expect_false(done$blocked)
  expect_true(nzchar(done$response))
  expect_equal(paste(deltas, collapse = ""), done$response)
  expect_equal(done$streamedText, done$response)
  expect_match(done$sessionId, "^[0-9a-f-]{36}$")
  # The same conversation continues with session_id; the turns are the tenant's.
  again <- pr_widget_stream(widget, persona$id, "And on Sundays?", origin = ORIGIN, session_id = done$sessionId)
  expect_equal(again$sessionId, done$sessionId)
  expect_equal(again$streamedText, again$response)
  expect_gte(length(pr_session_get(owner, done$sessionId)$turns), 2)

  # Another origin, no origin, another persona, a secret key: permission denied.
  wrong <- tryCatch(pr_widget_config(widget, persona$id, origin = "https://evil.example.net"),
    personrun_error = function(e) e
  )
  expect_s3_class(wrong, "personrun_permission_denied_error")
  expect_equal(wrong$status, 403L)
  expect_match(wrong$message, "allowedOrigins")
  expect_error(pr_widget_stream(widget, persona$id, "hi", origin = "https://evil.example.net"),
    class = "personrun_permission_denied_error"
  )
  expect_error(pr_widget_config(widget, persona$id), class = "personrun_usage_error", regexp = "origin")
  other <- pr_persona_create(owner, pr_seed(2))$persona
  expect_error(pr_widget_config(widget, other$id, origin = ORIGIN), class = "personrun_permission_denied_error")
  expect_error(pr_widget_config(owner, persona$id, origin = ORIGIN),
    class = "personrun_permission_denied_error", regexp = "publishable key"
  )
  # A publishable key can call nothing else.
  expect_error(pr_personas_list(widget), class = "personrun_permission_denied_error")
})

test_that("a prompt the safety policy blocks ends the widget stream with a blocked event", {
  skip_if_no_server()
  owner <- pr_test_client()
  persona <- pr_persona_create(owner, pr_seed(3))$persona
  pr_safety_policy_set(owner, blocked_terms = I("pineapple"))
  made <- pr_key_create(owner, "site widget",
    type = "publishable", persona_ids = I(persona$id), allowed_origins = I(ORIGIN)
  )
  widget <- pr_client(made$secret, pr_test$base_url)
  events <- character()
  blocked <- pr_widget_stream(widget, persona$id, "Pineapple on pizza?", origin = ORIGIN, callback = function(ev) {
    events <<- c(events, ev$event)
    TRUE
  })
  expect_equal(events, c("ready", "blocked"))
  expect_true(blocked$blocked)
  expect_true(nzchar(blocked$message))
  expect_null(blocked$sessionId)
})
