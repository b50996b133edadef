test_that("personas: create, get, update, list as a data frame, export, import, delete", {
  skip_if_no_server()
  client <- pr_test_client()
  made <- pr_persona_create(client, pr_seed(1))
  persona <- made$persona
  expect_equal(persona$summary, "Ada Lovelace, 34, based in Austin, TX, works as nurse.")
  expect_true(length(made$timeline) >= 1)
  expect_equal(pr_persona_get(client, persona$id)$firstName, "Ada")
  updated <- pr_persona_update(client, persona$id, version = persona$version, age = 35)
  expect_equal(updated$age, 35)
  expect_equal(updated$version, persona$version + 1)
  df <- pr_personas_list(client)
  expect_s3_class(df, "data.frame")
  expect_equal(df$id, persona$id)
  expect_equal(df$age, 35)
  expect_true("profile.personality.openness" %in% names(df))
  expect_equal(nrow(pr_personas_list(client, q = "nobody-like-this")), 0)
  doc <- pr_persona_export(client, persona$id)
  expect_equal(doc$persona$id, persona$id)
  copy <- pr_persona_import(client, document = doc)
  expect_false(identical(copy$persona$id, persona$id))
  expect_equal(copy$persona$firstName, "Ada")
  expect_equal(pr_persona_delete(client, copy$persona$id), list(deleted = TRUE, id = copy$persona$id))
  expect_error(pr_persona_get(client, copy$persona$id), class = "personrun_not_found_error")
})

test_that("list functions walk every cursor page (7 personas, 2 a page = 4 pages)", {
  skip_if_no_server()
  client <- pr_test_client()
  ids <- vapply(1:7, function(i) pr_persona_create(client, pr_seed(i, age = 20 + i))$persona$id, "")
  all <- pr_personas_list(client, page_size = 2)
  expect_equal(nrow(all), 7)
  expect_setequal(all$id, ids)
  expect_null(attr(all, "next_cursor"))
  two <- pr_personas_list(client, page_size = 2, max_pages = 2)
  expect_equal(nrow(two), 4)
  expect_true(is.character(attr(two, "next_cursor")))
  three <- pr_personas_list(client, page_size = 2, limit = 3)
  expect_equal(nrow(three), 3)
  expect_equal(three$id, all$id[1:3])
  old <- pr_personas_list(client, min_age = 25, page_size = 2)
  expect_equal(sort(old$age), 25:27)
})

test_that("timeline: list, append, supersede; consistency checks and the reconcile job", {
  skip_if_no_server()
  client <- pr_test_client()
  persona <- pr_persona_create(client, pr_seed(2))$persona
  before <- pr_timeline_list(client, persona$id)
  expect_s3_class(before, "data.frame")
  entry <- pr_timeline_append(client, persona$id,
    event_at = "2025-06-01T10:00:00.000Z", event_label = "Moved to a new flat in Boston",
    facts = "Moved in June", feelings = "Relieved", interpretation = "A fresh start",
    emotion_tags = I("relief"), memory_strength = 70
  )
  expect_equal(entry$eventLabel, "Moved to a new flat in Boston")
  after <- pr_timeline_list(client, persona$id)
  expect_equal(nrow(after), nrow(before) + 1)
  revised <- pr_timeline_supersede(client, persona$id, entry$id,
    reason = "It was a house",
    replacement = list(eventLabel = "Moved to a small house in Boston")
  )
  expect_equal(revised$superseded$id, entry$id)
  expect_equal(revised$entry$eventLabel, "Moved to a small house in Boston")
  report <- pr_consistency_check(client, persona$id)
  expect_true(!is.null(report$id))
  reports <- pr_consistency_reports_list(client, persona$id)
  expect_equal(reports$id, report$id)
  job <- pr_timeline_reconcile(client, persona$id, report_id = report$id)
  expect_true(job$status %in% c("queued", "running", "succeeded"))
  deadline <- Sys.time() + 120
  repeat {
    job <- pr_reconcile_job_get(client, persona$id, job$id)
    if (job$status %in% c("succeeded", "failed", "cancelled") || Sys.time() > deadline) break
    Sys.sleep(0.3)
  }
  expect_equal(job$status, "succeeded")
})
