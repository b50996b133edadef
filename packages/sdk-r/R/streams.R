# Server-sent events read with curl (httr2 0.2.2's req_stream() has no access to an error body), handed
# to a callback event by event.

pr_sse_parser <- function(emit) {
  state <- new.env(parent = emptyenv())
  state$buffer <- ""
  state$event <- NULL
  state$data <- character()
  state$id <- NULL
  dispatch <- function() {
    if (length(state$data) || !is.null(state$event)) {
      text <- paste(state$data, collapse = "\n")
      data <- if (nzchar(text)) {
        tryCatch(jsonlite::fromJSON(text, simplifyVector = FALSE), error = function(e) text)
      }
      emit(list(event = state$event %||% "message", data = data, id = state$id))
    }
    state$event <- NULL
    state$data <- character()
    state$id <- NULL
  }
  function(chunk) {
    state$buffer <- paste0(state$buffer, chunk)
    lines <- strsplit(state$buffer, "\n", fixed = TRUE)[[1]]
    if (!grepl("\n$", state$buffer)) {
      state$buffer <- lines[length(lines)]
      lines <- lines[-length(lines)]
    } else {
      state$buffer <- ""
    }
    for (line in sub("\r$", "", lines)) {
      if (!nzchar(line)) {
        dispatch()
        next
      }
      if (startsWith(line, ":")) next
      pos <- regexpr(":", line, fixed = TRUE)
      field <- if (pos > 0) substr(line, 1, pos - 1) else line
      value <- if (pos > 0) sub("^ ", "", substr(line, pos + 1, nchar(line))) else ""
      if (field == "event") state$event <- value
      if (field == "data") state$data <- c(state$data, value)
      if (field == "id") state$id <- value
    }
    invisible(NULL)
  }
}

# Opens the stream (retrying like any request until the first event arrives), calls `on_event` for each
# event; `on_event` returns FALSE to stop reading. An `error` event becomes a `personrun_stream_error`.
pr_stream <- function(client, method, path, query = list(), body = NULL, on_event, tenant = TRUE,
                      headers = list()) {
  method <- toupper(method)
  query <- pr_compact(query %||% list())
  if (method == "POST") {
    body <- pr_compact(body %||% list())
    if (tenant && !is.null(client$tenant_id) && is.null(body$tenantId)) body$tenantId <- client$tenant_id
  } else if (tenant && !is.null(client$tenant_id) && is.null(query$tenantId)) {
    query$tenantId <- client$tenant_id
  }
  key <- pr_new_idempotency_key()
  url <- pr_url(client$base_url, path, query)
  attempt <- 0L
  repeat {
    result <- tryCatch(pr_stream_once(client, method, url, body, key, on_event, headers), error = function(e) e)
    if (!inherits(result, "error")) return(invisible(result))
    retryable <- isTRUE(result$before_events) && (
      (inherits(result, "personrun_api_error") && pr_should_retry(result)) ||
        inherits(result, "personrun_connection_error"))
    if (!retryable || attempt >= client$max_retries) {
      result$before_events <- NULL
      stop(result)
    }
    delay <- if (inherits(result, "personrun_api_error")) pr_retry_after(result$headers) else NULL
    client$sleep(pr_backoff(attempt, delay))
    attempt <- attempt + 1L
  }
}

pr_stream_once <- function(client, method, url, body, key, on_event, extra_headers = list()) {
  h <- curl::new_handle()
  headers <- c(list(
    `x-api-key` = client$api_key,
    accept = "text/event-stream",
    `user-agent` = paste0("personrun-r/", personrun_version())
  ), pr_compact(extra_headers %||% list()))
  if (method == "POST") {
    headers[["content-type"]] <- "application/json"
    headers[["idempotency-key"]] <- key
    curl::handle_setopt(h, copypostfields = pr_json(body))
  }
  # No total timeout (a run may stream for long); a connection silent for `timeout` seconds is dropped.
  curl::handle_setopt(h,
    customrequest = method, connecttimeout = client$timeout,
    low_speed_limit = 1L, low_speed_time = as.integer(ceiling(client$timeout))
  )
  curl::handle_setheaders(h, .list = headers)
  con <- curl::curl(url, handle = h)
  opened <- tryCatch(
    {
      open(con, "rbf")
      TRUE
    },
    error = function(e) e
  )
  if (inherits(opened, "error")) {
    err <- pr_connection_error(opened)
    err$before_events <- TRUE
    stop(err)
  }
  on.exit(close(con), add = TRUE)
  status <- curl::handle_data(h)$status_code
  if (status >= 400) {
    raw <- raw()
    while (isIncomplete(con)) raw <- c(raw, readBin(con, raw(), 65536L))
    text <- rawToChar(raw)
    Encoding(text) <- "UTF-8"
    hdrs <- curl::parse_headers_list(curl::handle_data(h)$headers)
    err <- pr_api_error(status, text, pr_lower_headers(hdrs))
    err$before_events <- TRUE
    stop(err)
  }
  seen <- 0L
  stopped <- FALSE
  emit <- function(ev) {
    if (stopped) return(invisible())
    seen <<- seen + 1L
    if (identical(ev$event, "error")) {
      data <- if (is.list(ev$data)) ev$data else list(error = as.character(ev$data %||% "stream error"))
      stop(pr_condition(data$error %||% "stream error", "personrun_stream_error",
        code = data$code, details = data$details, request_id = data$requestId, body = data
      ))
    }
    if (identical(on_event(ev), FALSE)) stopped <<- TRUE
  }
  parse <- pr_sse_parser(emit)
  # Mid-stream failures are final: events were handed over already, a retry would repeat them.
  while (!stopped && isIncomplete(con)) {
    buf <- tryCatch(readBin(con, raw(), 1024L), error = function(e) {
      err <- pr_connection_error(e)
      err$before_events <- seen == 0L
      stop(err)
    })
    if (length(buf)) {
      text <- rawToChar(buf)
      Encoding(text) <- "UTF-8"
      parse(text)
    }
  }
  if (!stopped) parse("\n\n")
  invisible(seen)
}

pr_prompt_stream <- function(client, persona_id, user_prompt, callback = NULL, ...) {
  op <- pr_op("streamPersonaPrompt")
  body <- pr_args_split(op, list(...), list(personaId = persona_id, userPrompt = user_prompt))$body
  deltas <- character()
  done <- NULL
  pr_stream(client, op$method, op$path, body = body, on_event = function(ev) {
    if (identical(ev$event, "token") && is.list(ev$data)) deltas <<- c(deltas, ev$data$delta %||% "")
    if (identical(ev$event, "done")) done <<- ev$data
    if (!is.null(callback)) callback(ev) else TRUE
  })
  if (is.null(done)) {
    if (!is.null(callback)) return(invisible(NULL))
    stop(pr_condition("The stream ended without a `done` event", "personrun_stream_error"))
  }
  done$streamedText <- paste(deltas, collapse = "")
  invisible(done)
}

pr_follow <- function(client, operation_id, path, callback, dots) {
  op <- pr_op(operation_id)
  query <- pr_args_split(op, dots, list())$query
  end <- NULL
  pr_stream(client, op$method, pr_fill_path(op$path, path), query = query, on_event = function(ev) {
    if (identical(ev$event, "end")) end <<- ev$data
    if (!is.null(callback)) callback(ev) else TRUE
  })
  invisible(end)
}

pr_run_events <- function(client, run_id, callback = NULL, ...) {
  pr_follow(client, "followRunEvents", list(runId = run_id), callback, list(...))
}

pr_study_run_events <- function(client, study_id, run_id, callback = NULL, ...) {
  pr_follow(client, "followStudyRun", list(studyId = study_id, runId = run_id), callback, list(...))
}
