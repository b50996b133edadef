# ONE live server for the whole run (fresh data dir, free port, bootstrap admin key) and one fault proxy
# in front of it; both stopped when the run ends. With PERSON_RUN_TEST_BASE_URL and
# PERSON_RUN_TEST_ADMIN_KEY set, that server is used instead. Without either (e.g. inside R CMD check, or
# without node), the live tests skip and the offline ones run.

local({
  external <- Sys.getenv("PERSON_RUN_TEST_BASE_URL")
  repo <- pr_find_repo()
  node <- Sys.which("node")
  if (!nzchar(node)) {
    pr_test$why <- "no live server: node is not on the PATH"
    return(invisible())
  }
  if (nzchar(external)) {
    pr_test$base_url <- sub("/+$", "", external)
    pr_test$admin_key <- Sys.getenv("PERSON_RUN_TEST_ADMIN_KEY")
  } else if (is.null(repo)) {
    pr_test$why <- "no live server: set PERSON_RUN_TEST_BASE_URL and PERSON_RUN_TEST_ADMIN_KEY, or run from the repository"
    return(invisible())
  } else if (!requireNamespace("processx", quietly = TRUE)) {
    pr_test$why <- "no live server: processx is not installed"
    return(invisible())
  } else {
    work <- tempfile("sdk-r-")
    dir.create(work)
    port <- pr_free_port()
    key <- paste0("pr_live_sdkr", paste(sample(c(letters, 0:9), 32, replace = TRUE), collapse = ""))
    log <- file.path(work, "server.log")
    server <- processx::process$new(
      node, c("apps/api/bin/person-run.mjs", "serve"),
      wd = repo, stdout = log, stderr = "2>&1", cleanup_tree = TRUE,
      env = c("current",
        PORT = port, HOST = "127.0.0.1", DATA_DIR = file.path(work, "data"),
        PERSON_RUN_BOOTSTRAP_TENANT = "sdk-r-admin", PERSON_RUN_BOOTSTRAP_KEY = key,
        RATE_LIMIT_PER_MINUTE = "10000000", LOG_LEVEL = "warn",
        DATABASE_URL = "", OPENAI_API_KEY = "", ANTHROPIC_API_KEY = "", AI_GATEWAY_API_KEY = "",
        OPENAI_COMPATIBLE_BASE_URL = ""
      )
    )
    withr::defer(
      {
        server$kill_tree()
        unlink(work, recursive = TRUE)
      },
      testthat::teardown_env()
    )
    pr_test$base_url <- paste0("http://127.0.0.1:", port)
    pr_test$admin_key <- key
    pr_wait_http(paste0(pr_test$base_url, "/health"), server, log = log)
  }
  script <- if (!is.null(repo)) file.path(repo, "packages", "sdk-r", "tests", "fault-proxy.mjs") else ""
  if (!file.exists(script)) script <- normalizePath(file.path("..", "fault-proxy.mjs"), mustWork = FALSE)
  if (file.exists(script) && requireNamespace("processx", quietly = TRUE)) {
    proxy_port <- pr_free_port()
    proxy <- processx::process$new(node, c(script, proxy_port, pr_test$base_url),
      stdout = NULL, stderr = NULL, cleanup_tree = TRUE
    )
    withr::defer(proxy$kill_tree(), testthat::teardown_env())
    pr_test$proxy_url <- paste0("http://127.0.0.1:", proxy_port)
    pr_wait_http(paste0(pr_test$proxy_url, "/__proxy/seen"), proxy, seconds = 30)
  }
})
