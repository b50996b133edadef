# Classed conditions: every error of this package inherits from `personrun_error`.

pr_condition <- function(message, classes = character(), ...) {
  structure(
    class = unique(c(classes, "personrun_error", "error", "condition")),
    c(list(message = message, call = NULL), list(...))
  )
}

conditionMessage.personrun_error <- function(c) {
  parts <- character()
  if (!is.null(c$status)) parts <- c(parts, paste("HTTP", c$status))
  if (!is.null(c$code)) parts <- c(parts, paste0("code ", c$code))
  if (!is.null(c$request_id)) parts <- c(parts, paste0("request ", c$request_id))
  if (length(parts)) paste0(c$message, " (", paste(parts, collapse = ", "), ")") else c$message
}

pr_status_classes <- function(status, code) {
  classes <- character()
  by_code <- c(
    validation_error = "personrun_validation_error",
    usage_limit_exceeded = "personrun_usage_limit_error",
    insufficient_credits = "personrun_insufficient_credits_error",
    blocked_by_policy = "personrun_blocked_by_policy_error",
    rate_limited = "personrun_rate_limit_error"
  )
  if (!is.null(code) && code %in% names(by_code)) classes <- by_code[[code]]
  by_status <- c(
    "400" = "personrun_bad_request_error",
    "401" = "personrun_authentication_error",
    "402" = "personrun_insufficient_credits_error",
    "403" = "personrun_permission_denied_error",
    "404" = "personrun_not_found_error",
    "409" = "personrun_conflict_error",
    "413" = "personrun_payload_too_large_error",
    "422" = "personrun_blocked_by_policy_error",
    "429" = "personrun_rate_limit_error"
  )
  s <- as.character(status)
  if (s %in% names(by_status)) classes <- c(classes, by_status[[s]])
  if (status >= 500) classes <- c(classes, "personrun_server_error")
  unique(c(classes, "personrun_api_error"))
}

# The condition for an error response: its JSON body `{error, code, requestId, details, ...}` (or whatever
# text a proxy sent) and its headers (lower-case names).
pr_api_error <- function(status, text, headers) {
  body <- NULL
  if (!is.null(text) && nzchar(text)) {
    body <- tryCatch(jsonlite::fromJSON(text, simplifyVector = FALSE), error = function(e) text)
  }
  field <- function(name) if (is.list(body)) body[[name]] else NULL
  message <- field("error")
  if (!is.character(message)) {
    message <- if (is.character(body) && nzchar(body)) body else paste("HTTP", status)
  }
  code <- field("code")
  if (!is.character(code)) code <- NULL
  request_id <- field("requestId")
  if (is.null(request_id)) request_id <- headers[["x-request-id"]]
  classes <- pr_status_classes(status, code)
  extra <- list()
  if ("personrun_insufficient_credits_error" %in% classes) {
    extra <- list(
      required_credits = field("requiredCredits"),
      available_credits = field("availableCredits"),
      action = field("action"),
      billing_path = field("billingPath")
    )
  }
  if ("personrun_blocked_by_policy_error" %in% classes) {
    guardrail <- field("guardrail")
    reasons <- if (is.list(guardrail)) guardrail$reasons else NULL
    if (is.null(reasons) && is.list(field("details"))) reasons <- field("details")
    extra <- list(stage = if (is.list(guardrail)) guardrail$stage else NULL, reasons = reasons)
  }
  if ("personrun_rate_limit_error" %in% classes) extra <- list(retry_after = pr_retry_after(headers))
  do.call(pr_condition, c(
    list(message, classes,
      status = as.integer(status), code = code, details = field("details"),
      request_id = request_id, body = body, headers = headers
    ),
    extra
  ))
}

pr_connection_error <- function(err) {
  msg <- conditionMessage(err)
  timeout <- grepl("timeout|timed out", msg, ignore.case = TRUE)
  pr_condition(
    paste0(if (timeout) "Request timed out: " else "Connection error: ", msg),
    c(if (timeout) "personrun_timeout_error", "personrun_connection_error"),
    parent = err
  )
}
