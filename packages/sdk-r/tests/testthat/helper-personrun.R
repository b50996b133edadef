# Shared by the tests: the live server (started in setup.R), a fresh tenant per test, the proxy.

pr_test <- new.env(parent = emptyenv())

# The repository root (holding apps/api/bin/person-run.mjs) above this directory, or NULL.
pr_find_repo <- function(dir = getwd()) {
  dir <- normalizePath(dir, mustWork = FALSE)
  repeat {
    if (file.exists(file.path(dir, "apps", "api", "bin", "person-run.mjs"))) return(dir)
    parent <- dirname(dir)
    if (parent == dir) return(NULL)
    dir <- parent
  }
}

pr_free_port <- function() {
  for (i in 1:50) {
    port <- sample(20000:60000, 1)
    ok <- tryCatch({
      s <- serverSocket(port)
      close(s)
      TRUE
    }, error = function(e) FALSE, warning = function(w) FALSE)
    if (ok) return(port)
  }
  stop("no free port")
}

pr_wait_http <- function(url, proc = NULL, seconds = 180, log = NULL) {
  deadline <- Sys.time() + seconds
  while (Sys.time() < deadline) {
    if (!is.null(proc) && !proc$is_alive()) {
      stop("process exited: ", if (!is.null(log) && file.exists(log)) paste(tail(readLines(log), 40), collapse = "\n"))
    }
    ok <- tryCatch(curl::curl_fetch_memory(url)$status_code == 200, error = function(e) FALSE)
    if (ok) return(invisible(TRUE))
    Sys.sleep(0.3)
  }
  stop("not ready after ", seconds, " s: ", url)
}

skip_if_no_server <- function() {
  if (is.null(pr_test$base_url)) skip(pr_test$why %||% "no live server")
}

`%||%` <- function(a, b) if (is.null(a)) b else a

pr_admin <- function() pr_client(pr_test$admin_key, pr_test$base_url, max_retries = 0)

# A fresh tenant: list(tenant_id, key) with its owner key.
pr_new_tenant <- function() {
  id <- paste0("sdkr-", paste(sample(c(letters, 0:9), 16, replace = TRUE), collapse = ""))
  made <- pr_tenant_create(pr_admin(), id, name = paste("SDK R test", id))
  list(tenant_id = id, key = made$secret)
}

# A client of a fresh tenant (tenant_id set once), through the proxy with `proxy = TRUE`.
pr_test_client <- function(tenant = pr_new_tenant(), proxy = FALSE, ...) {
  url <- if (proxy) pr_test$proxy_url else pr_test$base_url
  pr_client(tenant$key, url, tenant_id = tenant$tenant_id, ...)
}

# A client that records its waits instead of sleeping them.
pr_recording <- function(client) {
  waits <- new.env()
  waits$all <- numeric()
  client$sleep <- function(s) waits$all <- c(waits$all, s)
  list(client = client, waits = waits)
}

pr_fault <- function(method, path, kind, status = 503, headers = NULL, body = NULL, seconds = NULL) {
  fault <- pr_compact(list(method = method, path = path, kind = kind, status = status, headers = headers,
                           body = body, seconds = seconds))
  req <- httr2::request(paste0(pr_test$proxy_url, "/__proxy/faults"))
  req <- httr2::req_body_raw(req, jsonlite::toJSON(fault, auto_unbox = TRUE), type = "application/json")
  invisible(httr2::req_perform(req))
}

pr_proxy_seen <- function(method, path) {
  resp <- httr2::req_perform(httr2::request(paste0(pr_test$proxy_url, "/__proxy/seen")))
  seen <- httr2::resp_body_json(resp)$seen
  Filter(function(s) s$method == method && s$path == path, seen)
}

pr_compact <- function(x) x[!vapply(x, is.null, logical(1))]

SEEDS <- list(
  list(firstName = "Ada", lastName = "Lovelace", age = 34, location = "Austin, TX", baseOccupation = "nurse"),
  list(firstName = "Ben", lastName = "Okafor", age = 61, location = "Boston, MA", baseOccupation = "teacher"),
  list(firstName = "Cleo", lastName = "Ruiz", age = 27, location = "Denver, CO", baseOccupation = "designer")
)
pr_seed <- function(i = 1, ...) utils::modifyList(SEEDS[[(i - 1) %% 3 + 1]], list(...))

QUESTIONS <- list(
  list(id = "q1", text = "How likely are you to buy a meal kit?", outputFormat = list(type = "likert", scale = 5)),
  list(id = "q2", text = "Which plan fits you?", outputFormat = list(type = "single_choice", options = c("Basic", "Pro")))
)
pr_make_skill <- function(client, name = "Meal kits") {
  pr_skill_create(client, name = name, instructions = "Answer as yourself, briefly.", questions = QUESTIONS)
}

pr_make_study <- function(client) {
  for (i in 1:3) pr_persona_create(client, pr_seed(i))
  cohort <- pr_cohort_create(client, name = "Adults", criteria = list(minAge = 18))
  population <- pr_population_create(client,
    name = "Panel", cohorts = list(list(cohortId = cohort$id, weight = 1)), sampling = list(rule = "all")
  )
  skill <- pr_make_skill(client)
  study <- pr_study_create(client,
    population_id = population$id, skill_id = skill$id, name = "Meal kits", decision = "Launch a Pro plan?"
  )
  list(study = study, population = population, skill = skill)
}

pr_proxy_reset <- function() {
  req <- httr2::req_method(httr2::request(paste0(pr_test$proxy_url, "/__proxy/reset")), "POST")
  invisible(httr2::req_perform(req))
}
