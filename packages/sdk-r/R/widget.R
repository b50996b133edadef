# The embed widget's two operations, called with a publishable key (`pk_live_...`) and the `Origin` header
# a browser would send: one of the key's `allowedOrigins` (docs/widget.md). No `tenantId` is sent (the key
# has one tenant, and the widget endpoints take no other field).

pr_widget_origin <- function(origin) {
  if (missing(origin) || !is.character(origin) || length(origin) != 1 || is.na(origin) || !nzchar(origin)) {
    stop(pr_condition(
      "`origin` is required: one of the publishable key's allowedOrigins, e.g. \"https://www.example.com\"",
      "personrun_usage_error"
    ))
  }
  origin
}

pr_widget_config <- function(client, persona_id, origin, ...) {
  headers <- list(origin = pr_widget_origin(origin))
  op <- pr_op("getWidgetConfig")
  query <- pr_args_split(op, list(...), list())$query
  query$personaId <- persona_id
  pr_request(client, op$method, op$path, query = query, tenant = FALSE, headers = headers)
}

pr_widget_stream <- function(client, persona_id, message, origin, callback = NULL, ...) {
  headers <- list(origin = pr_widget_origin(origin))
  op <- pr_op("streamWidgetPrompt")
  body <- pr_args_split(op, list(...), list(personaId = persona_id, message = message))$body
  deltas <- character()
  end <- NULL
  pr_stream(client, op$method, op$path, body = body, tenant = FALSE, headers = headers, on_event = function(ev) {
    if (identical(ev$event, "token") && is.list(ev$data)) deltas <<- c(deltas, ev$data$delta %||% "")
    if (identical(ev$event, "done")) end <<- c(ev$data, list(blocked = FALSE))
    if (identical(ev$event, "blocked")) end <<- c(ev$data, list(blocked = TRUE))
    if (!is.null(callback)) callback(ev) else TRUE
  })
  if (is.null(end)) {
    if (!is.null(callback)) return(invisible(NULL))
    stop(pr_condition("The stream ended without a `done` or `blocked` event", "personrun_stream_error"))
  }
  end$streamedText <- paste(deltas, collapse = "")
  invisible(end)
}
