# Study results as a data frame, and waiting for asynchronous work.

pr_answer_cell <- function(parsed) {
  if (is.null(parsed)) return(NA_character_)
  if (is.atomic(parsed) && length(parsed) == 1) return(as.character(parsed))
  if (is.list(parsed) && is.character(parsed$label)) return(parsed$label)
  if (is.list(parsed) && is.list(parsed$labels)) return(paste(unlist(parsed$labels), collapse = "; "))
  as.character(jsonlite::toJSON(parsed, auto_unbox = TRUE, null = "null"))
}

pr_study_results <- function(client, study_id, run_id, ...) {
  op <- pr_op("exportStudyRunNdjson")
  query <- pr_args_split(op, list(...), list())$query
  text <- pr_request(client, op$method, pr_fill_path(op$path, list(studyId = study_id, runId = run_id)),
    query = query, accept = "application/x-ndjson"
  )
  lines <- strsplit(text %||% "", "\n", fixed = TRUE)[[1]]
  lines <- lines[nzchar(trimws(lines))]
  rows <- lapply(lines, jsonlite::fromJSON, simplifyVector = FALSE)
  parsed <- lapply(rows, function(r) r$parsed)
  rows <- lapply(rows, function(r) {
    r$parsed <- NULL
    r
  })
  df <- pr_as_data_frame(rows)
  if (!nrow(df)) return(df)
  answer <- vapply(parsed, pr_answer_cell, character(1))
  value <- vapply(parsed, function(p) if (is.numeric(p) && length(p) == 1) as.numeric(p) else NA_real_, numeric(1))
  first <- df[, intersect(c("task_id", "persona_id", "question_id"), names(df)), drop = FALSE]
  rest <- df[, setdiff(names(df), names(first)), drop = FALSE]
  out <- cbind(first, answer = answer, value = value, stringsAsFactors = FALSE)
  out$parsed <- I(parsed)
  cbind(out, rest)
}

pr_wait <- function(get, done, timeout, interval) {
  deadline <- Sys.time() + timeout
  repeat {
    current <- get()
    if (done(current)) return(current)
    if (Sys.time() > deadline) {
      stop(pr_condition(sprintf("Still not finished after %s s", timeout), "personrun_timeout_error"))
    }
    Sys.sleep(interval)
  }
}

pr_prompt_job_wait <- function(client, job_id, timeout = 300, interval = 0.5) {
  pr_wait(
    function() pr_prompt_job_get(client, job_id),
    function(job) job$status %in% c("succeeded", "failed", "cancelled"),
    timeout, interval
  )
}

pr_run_wait <- function(client, run_id, timeout = 300, interval = 0.5) {
  pr_wait(
    function() pr_run_get(client, run_id),
    function(run) run$state %in% c("succeeded", "failed", "cancelled"),
    timeout, interval
  )
}

pr_study_run_wait <- function(client, study_id, run_id, timeout = 300, interval = 0.5) {
  pr_wait(
    function() pr_study_run_get(client, study_id, run_id),
    function(run) run$status %in% c("succeeded", "failed", "cancelled"),
    timeout, interval
  )
}
