test_that("studies: CRUD and a dry run's plan", {
  skip_if_no_server()
  client <- pr_test_client()
  made <- pr_make_study(client)
  study <- made$study
  expect_equal(study$populationId, made$population$id)
  expect_equal(pr_study_get(client, study$id)$name, "Meal kits")
  expect_equal(pr_study_update(client, study$id, description = "Q3 pulse")$description, "Q3 pulse")
  expect_equal(pr_studies_list(client, population_id = made$population$id)$id, study$id)
  plan <- pr_study_run(client, study$id, max_concurrency = 2, dry_run = TRUE)$plan
  expect_equal(plan$members, 3)
  expect_equal(nrow(pr_study_runs_list(client, study$id)), 0)
  expect_equal(pr_study_delete(client, study$id), list(deleted = TRUE, id = study$id))
})

test_that("a study run followed to its end; results as a data frame, one row per task x question", {
  skip_if_no_server()
  client <- pr_test_client()
  study <- pr_make_study(client)$study
  run <- pr_study_run(client, study$id, max_concurrency = 3)$run
  expect_true(run$status %in% c("queued", "running"))
  seen <- character()
  end <- pr_study_run_events(client, study$id, run$id, callback = function(ev) {
    seen <<- c(seen, ev$event)
    TRUE
  })
  expect_true("tasks" %in% seen)
  expect_equal(seen[length(seen)], "end")
  finished <- pr_study_run_wait(client, study$id, run$id, timeout = 120)
  expect_equal(finished$status, "succeeded")
  expect_equal(finished$counts$succeeded, 3)
  expect_equal(pr_study_runs_list(client, study$id)$id, run$id)

  df <- pr_study_results(client, study$id, run$id)
  expect_s3_class(df, "data.frame")
  expect_equal(nrow(df), 3 * 2)
  expect_equal(names(df)[1:6], c("task_id", "persona_id", "question_id", "answer", "value", "parsed"))
  expect_setequal(df$question_id, c("q1", "q2"))
  expect_true(all(c("first_name", "age", "location", "base_occupation", "valid") %in% names(df)))
  expect_setequal(df$age, c(34, 61, 27))
  likert <- df[df$question_id == "q1", ]
  expect_true(all(likert$value %in% 1:5))
  choice <- df[df$question_id == "q2", ]
  expect_true(all(choice$answer %in% c("Basic", "Pro")))
  expect_true(is.numeric(df$age) && is.logical(df$valid))

  csv <- pr_study_results_csv(client, study$id, run$id)
  expect_match(csv, "^task_id,persona_id,question_id,parsed,valid,score")
  expect_equal(nrow(utils::read.csv(text = csv)), 6)
  aggregated <- pr_study_run_results(client, study$id, run$id)
  expect_equal(aggregated$questions[[1]]$questionId, "q1")
  expect_equal(aggregated$questions[[1]]$overall$n, 3)
  expect_true(is.list(pr_study_trend(client, study$id)))
  expect_error(pr_study_run_control(client, study$id, run$id, "pause"), class = "personrun_conflict_error")
})

test_that("a study run can be cancelled", {
  skip_if_no_server()
  client <- pr_test_client()
  study <- pr_make_study(client)$study
  run <- pr_study_run(client, study$id, max_concurrency = 1)$run
  cancelled <- tryCatch(pr_study_run_control(client, study$id, run$id, "cancel"),
    personrun_conflict_error = function(e) NULL
  )
  if (!is.null(cancelled)) expect_true(cancelled$status %in% c("cancelled", "running"))
  final <- pr_study_run_wait(client, study$id, run$id, timeout = 120)
  expect_true(final$status %in% c("cancelled", "succeeded"))
})

test_that("calibrations and runs: create, get, list, pause, resume, cancel, events, retry", {
  skip_if_no_server()
  client <- pr_test_client()
  persona <- pr_persona_create(client, pr_seed(1))$persona
  accepted <- pr_prompt(client, persona$id, "What did you have for lunch?", mode = "async")
  pr_prompt_job_wait(client, accepted$jobId, timeout = 120, interval = 0.2)
  runs <- pr_runs_list(client, kind = "prompt.async")
  expect_equal(nrow(runs), 1)
  expect_equal(pr_run_get(client, runs$id)$kind, "prompt.async")
  end <- pr_run_events(client, runs$id)
  expect_equal(end$run$state %||% end$state, "succeeded")
  expect_error(pr_run_retry(client, runs$id), class = "personrun_conflict_error")

  created <- pr_calibration_create(client, model = "person-run/simulator", items = I("TRUST"), size = 20, seed = 5)
  calibration <- created$calibration
  expect_equal(calibration$model, "person-run/simulator")
  expect_equal(pr_calibration_get(client, calibration$id)$id, calibration$id)
  expect_equal(pr_calibrations_list(client)$id, calibration$id)
  parent <- created$run$id
  steps <- tryCatch({
    expect_equal(pr_run_pause(client, parent)$state, "paused")
    expect_true(pr_run_resume(client, parent)$state %in% c("queued", "running"))
    expect_true(pr_run_cancel(client, parent)$state %in% c("cancelled", "running"))
    TRUE
  }, personrun_conflict_error = function(e) FALSE) # it finished between two calls
  expect_true(pr_run_wait(client, parent, timeout = 180)$state %in% c("cancelled", "succeeded"))
})
