# The one core request: auth, tenant, JSON, retries with backoff and jitter, idempotency keys, errors.

pr_max_retry_delay <- 60
pr_initial_retry_delay <- 0.5

`%||%` <- function(a, b) if (is.null(a)) b else a

pr_compact <- function(x) x[!vapply(x, is.null, logical(1))]

# snake_case argument names to the API's camelCase (`user_prompt` -> `userPrompt`); camelCase kept.
pr_wire_names <- function(x) {
  if (!length(x)) return(x)
  nms <- names(x)
  if (is.null(nms) || any(!nzchar(nms))) {
    stop(pr_condition("Every extra argument must be named", "personrun_usage_error"))
  }
  names(x) <- gsub("_([a-z0-9])", "\\U\\1", nms, perl = TRUE)
  x
}

pr_query_value <- function(v) {
  if (is.logical(v)) return(ifelse(v, "true", "false"))
  if (is.numeric(v)) return(format(v, scientific = FALSE, trim = TRUE, digits = 15))
  if (inherits(v, "POSIXt")) return(format(v, "%Y-%m-%dT%H:%M:%OS3Z", tz = "UTC"))
  as.character(v)
}

pr_url <- function(base_url, path, query = list()) {
  url <- paste0(base_url, path)
  query <- pr_compact(query)
  if (length(query)) {
    pairs <- unlist(Map(function(k, v) {
      paste0(curl::curl_escape(k), "=", curl::curl_escape(pr_query_value(v)))
    }, names(query), query), use.names = FALSE)
    url <- paste0(url, "?", paste(pairs, collapse = "&"))
  }
  url
}

pr_fill_path <- function(template, params) {
  for (name in names(params)) {
    value <- params[[name]]
    if (is.null(value) || length(value) != 1 || is.na(value)) {
      stop(pr_condition(sprintf("`%s` is required", name), "personrun_usage_error"))
    }
    template <- gsub(paste0("{", name, "}"), curl::curl_escape(as.character(value)), template, fixed = TRUE)
  }
  template
}

pr_json <- function(body) {
  if (is.null(body) || !length(body)) body <- structure(list(), names = character())
  as.character(jsonlite::toJSON(body, auto_unbox = TRUE, null = "null", na = "null", digits = NA))
}

# A random v4 UUID from the system's CSPRNG (openssl): unique across sessions whatever set.seed() said,
# and the user's R random stream (.Random.seed) is left alone.
pr_new_idempotency_key <- function() {
  bytes <- openssl::rand_bytes(16)
  bytes[7] <- as.raw(bitwOr(bitwAnd(as.integer(bytes[7]), 0x0f), 0x40))
  bytes[9] <- as.raw(bitwOr(bitwAnd(as.integer(bytes[9]), 0x3f), 0x80))
  hex <- paste(format(bytes), collapse = "")
  paste0("pr-r-", substr(hex, 1, 8), "-", substr(hex, 9, 12), "-", substr(hex, 13, 16), "-",
         substr(hex, 17, 20), "-", substr(hex, 21, 32))
}

# The server's `Retry-After` (seconds or an HTTP date) or `retry-after-ms`, in seconds; NULL when none.
pr_retry_after <- function(headers) {
  ms <- headers[["retry-after-ms"]]
  if (!is.null(ms) && !is.na(suppressWarnings(as.numeric(ms)))) return(as.numeric(ms) / 1000)
  value <- headers[["retry-after"]]
  if (is.null(value)) return(NULL)
  secs <- suppressWarnings(as.numeric(value))
  if (!is.na(secs)) return(secs)
  when <- as.POSIXct(value, format = "%a, %d %b %Y %H:%M:%S", tz = "GMT")
  if (is.na(when)) return(NULL)
  max(0, as.numeric(difftime(when, Sys.time(), units = "secs")))
}

# 408, 429 and 5xx; a 409 only while the first request with this Idempotency-Key is in flight (the
# server marks that one with Retry-After; a key reused for another request is final).
pr_should_retry <- function(err) {
  hint <- err$headers[["x-should-retry"]]
  if (identical(hint, "false")) return(FALSE)
  if (identical(hint, "true")) return(TRUE)
  if (err$status == 409) {
    return(identical(err$code, "idempotency_conflict") && !is.null(err$headers[["retry-after"]]))
  }
  err$status %in% c(408, 429) || err$status >= 500
}

pr_backoff <- function(attempt, retry_after = NULL) {
  if (!is.null(retry_after) && retry_after >= 0 && retry_after <= pr_max_retry_delay) return(retry_after)
  base <- min(pr_initial_retry_delay * 2^attempt, 8)
  base * (1 - 0.25 * openssl::rand_num(1)) # jitter without touching the user's random stream
}

pr_lower_headers <- function(h) {
  h <- as.list(h)
  names(h) <- tolower(names(h))
  h
}

pr_resp_text <- function(resp) {
  if (!length(resp$body)) return("")
  text <- rawToChar(resp$body)
  Encoding(text) <- "UTF-8"
  text
}

# Sends one logical request with retries; returns the successful httr2 response or signals a condition.
pr_send <- function(client, method, path, query = list(), body = NULL, accept = "application/json",
                    idempotency_key = NULL, tenant = TRUE, headers = list()) {
  method <- toupper(method)
  query <- pr_compact(query %||% list())
  has_body <- method %in% c("POST", "PUT", "PATCH")
  if (has_body) body <- pr_compact(body %||% list())
  if (tenant && !is.null(client$tenant_id)) {
    if (has_body) {
      if (is.null(body$tenantId)) body$tenantId <- client$tenant_id
    } else if (is.null(query$tenantId)) {
      query$tenantId <- client$tenant_id
    }
  }
  headers <- c(list(
    `x-api-key` = client$api_key,
    accept = accept,
    `user-agent` = paste0("personrun-r/", personrun_version())
  ), pr_compact(headers %||% list()))
  if (method == "POST") headers[["idempotency-key"]] <- idempotency_key %||% pr_new_idempotency_key()
  req <- httr2::request(pr_url(client$base_url, path, query))
  req <- do.call(httr2::req_headers, c(list(req), headers))
  if (has_body) req <- httr2::req_body_raw(req, pr_json(body), type = "application/json")
  req <- httr2::req_method(req, method)
  req <- httr2::req_timeout(req, client$timeout)
  req <- httr2::req_error(req, is_error = function(resp) FALSE)
  attempt <- 0L
  repeat {
    resp <- tryCatch(httr2::req_perform(req), error = function(e) e)
    if (inherits(resp, "error")) {
      err <- pr_connection_error(resp)
      if (attempt >= client$max_retries) stop(err)
      delay <- pr_backoff(attempt)
    } else if (resp$status_code >= 400) {
      err <- pr_api_error(resp$status_code, pr_resp_text(resp), pr_lower_headers(resp$headers))
      if (attempt >= client$max_retries || !pr_should_retry(err)) stop(err)
      delay <- pr_backoff(attempt, pr_retry_after(err$headers))
    } else {
      return(resp)
    }
    client$sleep(delay)
    attempt <- attempt + 1L
  }
}

pr_parse <- function(resp) {
  text <- pr_resp_text(resp)
  if (!nzchar(text)) return(NULL)
  ctype <- tolower(pr_lower_headers(resp$headers)[["content-type"]] %||% "application/json")
  if (grepl("json", ctype, fixed = TRUE) && !grepl("ndjson", ctype, fixed = TRUE)) {
    return(jsonlite::fromJSON(text, simplifyVector = FALSE))
  }
  text
}

pr_request <- function(client, method, path, query = list(), body = NULL, idempotency_key = NULL,
                       accept = "application/json", tenant = TRUE, headers = list()) {
  pr_parse(pr_send(client, method, path, query, body,
    accept = accept, idempotency_key = idempotency_key, tenant = tenant, headers = headers
  ))
}

pr_op <- function(operation_id) {
  i <- match(operation_id, pr_operations$operation_id)
  if (is.na(i)) stop(pr_condition(paste("Unknown operation", operation_id), "personrun_usage_error"))
  as.list(pr_operations[i, ])
}

pr_args_split <- function(op, dots, body) {
  dots <- pr_wire_names(pr_compact(dots))
  if (op$method %in% c("GET", "DELETE")) {
    list(query = dots, body = NULL)
  } else {
    merged <- body
    for (k in names(dots)) merged[[k]] <- dots[[k]]
    list(query = list(), body = merged)
  }
}

# One operation of the table: path parameters, required body fields, then the extra arguments.
pr_call <- function(client, operation_id, path = list(), body = list(), dots = list()) {
  op <- pr_op(operation_id)
  parts <- pr_args_split(op, dots, body)
  parsed <- pr_request(client, op$method, pr_fill_path(op$path, path),
    query = parts$query, body = parts$body, tenant = !("tenantId" %in% names(path))
  )
  if (op$kind == "df") return(pr_as_data_frame(parsed[[op$items]]))
  if (!is.na(op$unwrap) && is.list(parsed) && !is.null(names(parsed)) && op$unwrap %in% names(parsed)) {
    return(parsed[[op$unwrap]])
  }
  parsed
}

# A list operation: every cursor page (up to `limit` items or `max_pages` pages) as one data frame.
pr_call_list <- function(client, operation_id, path = list(), body = list(), dots = list(),
                         page_size = NULL, limit = Inf, max_pages = Inf) {
  op <- pr_op(operation_id)
  query <- pr_args_split(op, dots, body)$query
  if (!is.null(page_size)) {
    query$limit <- page_size
  } else if (is.finite(limit)) {
    query$limit <- min(limit, 200)
  }
  url_path <- pr_fill_path(op$path, path)
  items <- list()
  pages <- 0
  cursor <- NULL
  repeat {
    query$cursor <- cursor
    page <- pr_request(client, op$method, url_path, query = query)
    pages <- pages + 1
    items <- c(items, page[[op$items]])
    cursor <- page$nextCursor
    if (is.null(cursor) || !nzchar(cursor) || pages >= max_pages || length(items) >= limit) break
  }
  if (length(items) > limit) items <- items[seq_len(limit)]
  df <- pr_as_data_frame(items)
  attr(df, "next_cursor") <- cursor
  df
}
