
personrun_version <- function() {
  as.character(utils::packageVersion("personrun"))
}

pr_client <- function(api_key = Sys.getenv("PERSON_API_KEY"),
                      base_url = Sys.getenv("PERSON_RUN_BASE_URL", "http://localhost:8080"),
                      tenant_id = NULL, timeout = 60, max_retries = 2) {
  if (is.null(api_key) || !nzchar(api_key)) {
    stop(pr_condition(
      "No API key: pass `api_key` or set the PERSON_API_KEY environment variable",
      "personrun_config_error"
    ))
  }
  if (is.null(base_url) || !nzchar(base_url)) base_url <- "http://localhost:8080"
  stopifnot(is.numeric(timeout), timeout > 0, is.numeric(max_retries), max_retries >= 0)
  structure(
    list(
      api_key = api_key,
      base_url = sub("/+$", "", base_url),
      tenant_id = tenant_id,
      timeout = timeout,
      max_retries = as.integer(max_retries),
      sleep = Sys.sleep
    ),
    class = "personrun_client"
  )
}

print.personrun_client <- function(x, ...) {
  key <- if (nchar(x$api_key) > 12) paste0(substr(x$api_key, 1, 12), "...") else "***"
  cat("<personrun_client>\n")
  cat("  base_url:    ", x$base_url, "\n", sep = "")
  cat("  tenant_id:   ", if (is.null(x$tenant_id)) "(the key's own)" else x$tenant_id, "\n", sep = "")
  cat("  api_key:     ", key, "\n", sep = "")
  cat("  timeout:     ", x$timeout, " s, max_retries: ", x$max_retries, "\n", sep = "")
  invisible(x)
}
