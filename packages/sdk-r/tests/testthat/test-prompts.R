test_that("a prompt answers; its stream joined equals the done event's answer", {
  skip_if_no_server()
  client <- pr_test_client()
  persona <- pr_persona_create(client, pr_seed(1))$persona
  answer <- pr_prompt(client, persona$id, "How do you plan your meals in a busy week?")
  expect_true(nzchar(answer$response))
  expect_true(answer$tokensOut > 0)
  events <- character()
  deltas <- character()
  done <- pr_prompt_stream(client, persona$id, "Would a meal kit help?",
    session_id = answer$sessionId,
    callback = function(ev) {
      events <<- c(events, ev$event)
      if (ev$event == "token") deltas <<- c(deltas, ev$data$delta)
      TRUE
    }
  )
  expect_equal(events[length(events)], "done")
  expect_true(sum(events == "token") > 1)
  expect_equal(paste(deltas, collapse = ""), done$response)
  expect_equal(done$streamedText, done$response)
  expect_equal(done$sessionId, answer$sessionId)
  # Without a callback: the answer, like the synchronous one.
  quiet <- pr_prompt_stream(client, persona$id, "And on weekends?")
  expect_equal(quiet$streamedText, quiet$response)
  # A callback returning FALSE stops reading.
  seen <- 0
  pr_prompt_stream(client, persona$id, "One more?", callback = function(ev) {
    seen <<- seen + 1
    FALSE
  })
  expect_equal(seen, 1)

  session <- pr_session_get(client, answer$sessionId)
  expect_equal(session$session$id, answer$sessionId)
  expect_gte(length(session$turns), 2)
  sessions <- pr_sessions_list(client, persona_id = persona$id)
  expect_true(answer$sessionId %in% sessions$id)
})

test_that("an async prompt job is polled to completion", {
  skip_if_no_server()
  client <- pr_test_client()
  persona <- pr_persona_create(client, pr_seed(2))$persona
  accepted <- pr_prompt(client, persona$id, "What did you have for lunch?", mode = "async")
  expect_true(is.character(accepted$jobId))
  job <- pr_prompt_job_wait(client, accepted$jobId, timeout = 120, interval = 0.2)
  expect_equal(job$status, "succeeded")
  expect_true(nzchar(job$result$response))
  expect_equal(pr_prompt_job_get(client, accepted$jobId)$status, "succeeded")
  # A finished job cannot be cancelled; a queued one can.
  other <- pr_prompt(client, persona$id, "And for dinner?", mode = "async")
  cancelled <- tryCatch(pr_prompt_job_cancel(client, other$jobId), personrun_conflict_error = function(e) e)
  if (inherits(cancelled, "personrun_conflict_error")) {
    expect_equal(pr_prompt_job_wait(client, other$jobId)$status, "succeeded")
  } else {
    expect_true(cancelled$status %in% c("cancelled", "running", "succeeded"))
  }
})

test_that("safety policy: defaults, set, a blocked prompt with the guardrail's reasons, delete", {
  skip_if_no_server()
  tenant <- pr_new_tenant()
  client <- pr_test_client(tenant)
  persona <- pr_persona_create(client, pr_seed(3))$persona
  expect_true(is.list(pr_safety_policy_get(client)))
  policy <- pr_safety_policy_set(client, blocked_terms = I("pineapple"))
  expect_equal(unlist(policy$blockedTerms), "pineapple")
  err <- tryCatch(pr_prompt(client, persona$id, "What do you think of pineapple on pizza?"),
    personrun_error = function(e) e
  )
  expect_s3_class(err, "personrun_blocked_by_policy_error")
  expect_equal(err$status, 422L)
  expect_equal(err$code, "blocked_by_policy")
  expect_equal(err$stage, "input")
  expect_true(length(err$reasons) >= 1)
  expect_match(err$request_id, "^req_")
  expect_error(pr_prompt_stream(client, persona$id, "pineapple?"), class = "personrun_blocked_by_policy_error")
  removed <- pr_safety_policy_delete(client)
  expect_true(isTRUE(removed$deleted))
  expect_true(nzchar(pr_prompt(client, persona$id, "What do you think of pineapple on pizza?")$response))
})
