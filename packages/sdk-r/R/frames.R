# Records (lists parsed from JSON) to a data frame: one row per record, nested objects flattened into
# `parent.child` columns, scalars as atomic columns (NA when absent), arrays as list-columns.

pr_is_object <- function(x) is.list(x) && length(x) > 0 && !is.null(names(x)) && all(nzchar(names(x)))

pr_flatten_record <- function(x, prefix = "") {
  out <- list()
  for (name in names(x)) {
    value <- x[[name]]
    key <- paste0(prefix, name)
    if (pr_is_object(value)) {
      out <- c(out, pr_flatten_record(value, paste0(key, ".")))
    } else {
      out[key] <- list(value)
    }
  }
  out
}

pr_column <- function(values) {
  scalar <- vapply(values, function(v) is.null(v) || (is.atomic(v) && length(v) == 1), logical(1))
  if (all(scalar)) {
    if (all(vapply(values, is.null, logical(1)))) return(rep(NA, length(values)))
    values[vapply(values, is.null, logical(1))] <- list(NA)
    return(unlist(values, use.names = FALSE))
  }
  I(values)
}

pr_as_data_frame <- function(records) {
  if (is.data.frame(records)) return(records)
  n <- length(records)
  if (n == 0) return(data.frame())
  flat <- lapply(records, function(r) if (is.list(r)) pr_flatten_record(r) else list(value = r))
  cols <- unique(unlist(lapply(flat, names), use.names = FALSE))
  out <- lapply(cols, function(col) pr_column(lapply(flat, function(r) r[[col]])))
  names(out) <- cols
  structure(out, class = "data.frame", row.names = c(NA_integer_, -n))
}
