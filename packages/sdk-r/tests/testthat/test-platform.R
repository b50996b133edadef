test_that("health, models and pricing", {
  skip_if_no_server()
  client <- pr_test_client()
  health <- pr_health(client)
  expect_equal(health$status, "ok")
  models <- pr_models_list(client)
  expect_s3_class(models, "data.frame")
  expect_true("person-run/simulator" %in% models$slug)
  simulator <- pr_model_get(client, "person-run/simulator")
  expect_equal(simulator$slug, "person-run/simulator")
  expect_true("person-run/simulator" %in% pr_models_list(client, configured = TRUE)$slug)
  pricing <- pr_model_pricing(client)
  expect_true("person-run/simulator" %in% vapply(pricing$models, function(m) m$slug, ""))
  csv <- pr_model_pricing(client, format = "csv")
  expect_true(is.character(csv) && startsWith(csv, "slug"))
})

test_that("analytics: events, usage, export", {
  skip_if_no_server()
  client <- pr_test_client()
  persona <- pr_persona_create(client, pr_seed(1))$persona
  pr_prompt(client, persona$id, "How was your day?")
  deadline <- Sys.time() + 30 # usage events are written in the background: poll, bounded
  repeat {
    events <- pr_usage_events_list(client)
    if (all(c("persona_create", "persona_prompt") %in% events$event) || Sys.time() > deadline) break
    Sys.sleep(0.2)
  }
  expect_true(all(c("persona_create", "persona_prompt") %in% events$event))
  one <- pr_usage_events_list(client, event = "persona_prompt", persona_id = persona$id, page_size = 1)
  expect_equal(nrow(one), 1)
  usage <- pr_usage(client, granularity = "day", group_by = "event")
  expect_gte(usage$totals$count, 2)
  ndjson <- pr_usage_events_export(client)
  expect_match(ndjson, "persona_prompt")
  csv <- pr_usage_events_export(client, format = "csv")
  expect_match(csv, "persona_prompt")
  expect_gte(nrow(utils::read.csv(text = csv)), 2) # more events may have landed since the NDJSON
})

test_that("keys: create, get, list, revoke (then the key fails with an authentication error)", {
  skip_if_no_server()
  client <- pr_test_client()
  created <- pr_key_create(client, name = "read only", profile = "read-only")
  expect_match(created$secret, "^pr_live_")
  id <- created$key$id
  expect_equal(pr_key_get(client, id)$name, "read only")
  expect_true(id %in% pr_keys_list(client)$id)
  viewer <- pr_client(created$secret, pr_test$base_url)
  expect_equal(nrow(pr_personas_list(viewer)), 0)
  expect_true(nzchar(pr_key_revoke(client, id)$revokedAt))
  expect_error(pr_personas_list(viewer), class = "personrun_authentication_error")
})

test_that("billing: get, set, top up", {
  skip_if_no_server()
  client <- pr_test_client()
  expect_true("creditBalance" %in% names(pr_billing_get(client)))
  expect_equal(pr_billing_set(client, credit_balance = 10)$creditBalance, 10)
  expect_equal(pr_credits_top_up(client, credits = 5)$creditBalance, 15)
})

test_that("tenants: create and list across pages; tenant_id may be omitted for a one-tenant key", {
  skip_if_no_server()
  made <- pr_new_tenant()
  admin <- pr_admin()
  expect_true(made$tenant_id %in% pr_tenants_list(admin)$id)
  expect_true(made$tenant_id %in% pr_tenants_list(admin, page_size = 1)$id)
  bare <- pr_client(made$key, pr_test$base_url)
  expect_equal(pr_persona_create(bare, pr_seed(2))$persona$tenantId, made$tenant_id)
})
