test_that("every operation of the live /openapi.json has a function, and every mapped function exists", {
  skip_if_no_server()
  spec <- jsonlite::fromJSON(
    rawToChar(curl::curl_fetch_memory(paste0(pr_test$base_url, "/openapi.json"))$content),
    simplifyVector = FALSE
  )
  ids <- character()
  for (path in names(spec$paths)) {
    for (method in names(spec$paths[[path]])) {
      op <- spec$paths[[path]][[method]]
      if (is.list(op) && !is.null(op$operationId)) {
        ids <- c(ids, op$operationId)
        row <- pr_operations[pr_operations$operation_id == op$operationId, ]
        if (nrow(row)) {
          expect_equal(row$method, toupper(method), info = op$operationId)
          expect_equal(row$path, path, info = op$operationId)
        }
      }
    }
  }
  expect_gte(length(ids), 100)
  expect_equal(setdiff(ids, pr_operations$operation_id), character(), label = "operations without a function")
  expect_equal(setdiff(pr_operations$operation_id, ids), character(), label = "functions of no operation")
  exported <- getNamespaceExports("personrun")
  expect_equal(setdiff(pr_operations$fun, exported), character(), label = "mapped functions that do not exist")
})
