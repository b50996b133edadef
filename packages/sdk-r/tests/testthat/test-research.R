test_that("skills: create, get, update (a new version), versions, list, import, delete", {
  skip_if_no_server()
  client <- pr_test_client()
  skill <- pr_make_skill(client)
  expect_equal(skill$version, 1)
  expect_equal(vapply(skill$questions, function(q) q$id, ""), c("q1", "q2"))
  expect_equal(pr_skill_get(client, skill$id)$name, "Meal kits")
  updated <- pr_skill_update(client, skill$id, description = "Pricing pulse")
  expect_equal(updated$version, 2)
  expect_null(pr_skill_get(client, skill$id, version = 1)$description)
  versions <- pr_skill_versions_list(client, skill$id)
  expect_s3_class(versions, "data.frame")
  expect_setequal(versions$version, c(1, 2))
  expect_equal(pr_skills_list(client, q = "Meal")$id, skill$id)
  form <- list(title = "Plan check", fields = list(list(
    id = "f1", ref = "plan", title = "Which plan are you on?", type = "multiple_choice",
    properties = list(choices = list(list(id = "c1", label = "Free"), list(id = "c2", label = "Pro")))
  )))
  imported <- pr_skill_import(client, format = "typeform", document = form)
  expect_equal(imported$skill$questions[[1]]$outputFormat$type, "single_choice")
  removed <- pr_skill_delete(client, skill$id)
  expect_true(isTRUE(removed$deleted) || isTRUE(removed$archived))
  expect_false(skill$id %in% pr_skills_list(client)$id)
})

test_that("tasks: create, execute, wait, results, turns, scores, list, control, delete", {
  skip_if_no_server()
  client <- pr_test_client()
  persona <- pr_persona_create(client, pr_seed(1))$persona
  skill <- pr_make_skill(client)
  task <- pr_task_create(client, skill_id = skill$id, persona_id = persona$id)
  expect_equal(task$status, "pending")
  expect_equal(pr_task_get(client, task$id)$personaId, persona$id)
  queued <- pr_task_execute(client, task$id)
  expect_true(queued$status %in% c("queued", "running", "succeeded"))
  deadline <- Sys.time() + 120
  repeat {
    done <- pr_task_get(client, task$id)
    if (done$status %in% c("succeeded", "failed", "cancelled") || Sys.time() > deadline) break
    Sys.sleep(0.3)
  }
  expect_equal(done$status, "succeeded")
  results <- pr_task_results(client, task$id)
  expect_equal(vapply(results$results, function(r) r$questionId, ""), c("q1", "q2"))
  expect_true(length(pr_task_turns(client, task$id)$turns) > 0)
  expect_true("scores" %in% names(pr_task_scores(client, task$id)))
  expect_equal(pr_tasks_list(client, skill_id = skill$id)$id, task$id)
  other <- pr_task_create(client, skill_id = skill$id, persona_id = persona$id, execute = TRUE)
  paused <- tryCatch(pr_task_control(client, other$id, "pause"), personrun_conflict_error = function(e) e)
  if (inherits(paused, "personrun_conflict_error")) {
    expect_equal(pr_task_get(client, other$id)$status, "succeeded")
  } else {
    expect_equal(paused$status, "paused")
    expect_equal(pr_task_control(client, other$id, "cancel")$status, "cancelled")
  }
  expect_equal(pr_task_delete(client, other$id), list(deleted = TRUE, id = other$id))
})

test_that("schedules: create, get, preview, update, list, trigger, executions, delete", {
  skip_if_no_server()
  client <- pr_test_client()
  persona <- pr_persona_create(client, pr_seed(2))$persona
  skill <- pr_make_skill(client)
  task <- pr_task_create(client, skill_id = skill$id, persona_id = persona$id)
  schedule <- pr_schedule_create(client,
    target = list(type = "task", id = task$id), cron = "0 9 * * 1", timezone = "Europe/Paris", name = "Mondays"
  )
  expect_true(schedule$enabled)
  expect_equal(pr_schedule_get(client, schedule$id)$name, "Mondays")
  runs <- pr_schedule_preview(client, schedule$id, count = 3)$runs
  expect_equal(length(runs), 3)
  expect_false(pr_schedule_update(client, schedule$id, enabled = FALSE)$enabled)
  expect_equal(pr_schedules_list(client, enabled = FALSE)$id, schedule$id)
  fired <- pr_schedule_trigger(client, schedule$id)
  expect_equal(fired$schedule$id, schedule$id)
  expect_equal(nrow(pr_schedule_executions_list(client, schedule$id)), 1)
  expect_equal(pr_schedule_delete(client, schedule$id), list(deleted = TRUE, id = schedule$id))
})

test_that("cohorts: create, get, members, update, list, delete", {
  skip_if_no_server()
  client <- pr_test_client()
  young <- pr_persona_create(client, pr_seed(3))$persona # 27
  pr_persona_create(client, pr_seed(2)) # 61
  cohort <- pr_cohort_create(client, name = "Under 40", criteria = list(maxAge = 39))
  expect_equal(cohort$memberCount, 1)
  expect_equal(pr_cohort_get(client, cohort$id)$name, "Under 40")
  members <- pr_cohort_members_list(client, cohort$id)
  expect_equal(nrow(members), 1)
  expect_true(young$id %in% unlist(members[intersect(c("personaId", "id"), names(members))]))
  expect_equal(pr_cohort_update(client, cohort$id, criteria = list(maxAge = 70))$memberCount, 2)
  expect_equal(pr_cohorts_list(client)$id, cohort$id)
  expect_equal(pr_cohort_delete(client, cohort$id), list(deleted = TRUE, id = cohort$id))
})

test_that("populations: create, get, update, versions, snapshot, members, list, delete, generate", {
  skip_if_no_server()
  client <- pr_test_client()
  for (i in 1:3) pr_persona_create(client, pr_seed(i))
  cohort <- pr_cohort_create(client, name = "Adults", criteria = list(minAge = 18))
  population <- pr_population_create(client,
    name = "Panel", cohorts = list(list(cohortId = cohort$id, weight = 1)), sampling = list(rule = "all")
  )
  expect_equal(population$status, "ready")
  expect_equal(population$size, 3)
  expect_equal(pr_population_get(client, population$id)$name, "Panel")
  expect_equal(pr_population_update(client, population$id, description = "All adults")$description, "All adults")
  versions <- pr_population_versions_list(client, population$id)
  expect_s3_class(versions, "data.frame")
  expect_gte(nrow(versions), 1)
  snap <- pr_population_snapshot(client, population$id)
  v <- snap$version$version
  expect_equal(pr_population_version_get(client, population$id, v)$version$version, v)
  members <- pr_population_members_list(client, population$id, v, page_size = 2)
  expect_equal(nrow(members), 3)
  expect_equal(members$persona.id, members$personaId)
  expect_true(population$id %in% pr_populations_list(client)$id)
  expect_true(isTRUE(pr_population_delete(client, population$id)$deleted))

  accepted <- pr_population_generate(client, name = "US adults", size = 4, targets = "us-adults", seed = 7)
  expect_equal(accepted$population$status, "generating")
  deadline <- Sys.time() + 180
  repeat {
    generated <- pr_population_get(client, accepted$population$id)
    if (generated$status != "generating" || Sys.time() > deadline) break
    Sys.sleep(0.5)
  }
  expect_equal(generated$status, "ready")
  expect_equal(generated$size, 4)
})
