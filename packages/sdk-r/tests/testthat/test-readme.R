# The README's quickstart runs against the live server, and its table is the package's operation map.

pr_readme <- function() {
  candidates <- c(file.path(pr_find_repo() %||% "", "packages", "sdk-r", "README.md"), "../../README.md")
  path <- candidates[file.exists(candidates)][1]
  if (is.na(path)) skip("README.md is not beside the tests (an installed package)")
  readLines(path, encoding = "UTF-8")
}

test_that("the README quickstart runs: personas, a prompt, a stream, a study, results as a data frame", {
  skip_if_no_server()
  lines <- pr_readme()
  start <- grep("<!-- readme-test: quickstart -->", lines, fixed = TRUE)
  expect_equal(length(start), 1)
  expect_equal(lines[start + 1], "```r")
  end <- start + 1 + which(lines[(start + 2):length(lines)] == "```")[1]
  code <- lines[(start + 2):(end - 1)]
  tenant <- pr_new_tenant()
  old <- Sys.getenv(c("PERSON_API_KEY", "PERSON_RUN_BASE_URL"), unset = NA)
  on.exit(for (n in names(old)) if (is.na(old[[n]])) Sys.unsetenv(n) else do.call(Sys.setenv, as.list(old[n])))
  Sys.setenv(PERSON_API_KEY = tenant$key, PERSON_RUN_BASE_URL = pr_test$base_url)
  env <- new.env(parent = globalenv())
  printed <- capture.output(eval(parse(text = code), envir = env))
  out <- paste(printed, collapse = "\n")
  expect_match(out, "Maya Chen, 34, based in Austin, TX, works as nurse.", fixed = TRUE)
  expect_match(out, env$answer$response, fixed = TRUE)
  expect_match(out, env$streamed$response, fixed = TRUE)
  expect_equal(env$streamed$streamedText, env$streamed$response)
  expect_match(out, "3/3 tasks done", fixed = TRUE)
  expect_equal(nrow(env$people), 3)
  expect_equal(pr_study_run_get(env$client, env$study$id, env$run$id)$status, "succeeded")
  results <- env$results
  expect_s3_class(results, "data.frame")
  expect_equal(nrow(results), 3 * 2)
  expect_setequal(results$question_id, c("likely", "plan"))
  expect_true(all(env$likely$value %in% 1:5))
  expect_setequal(env$likely$age, c(34, 61, 27))
})

test_that("the README's table of operations is pr_operations", {
  lines <- pr_readme()
  pattern <- "^\\|\\s*`(\\w+)`\\s*\\|\\s*`([A-Z]+) ([^`]+)`\\s*\\|\\s*`(\\w+)\\(\\)`\\s*\\|$"
  rows <- regmatches(lines, regexec(pattern, lines))
  rows <- Filter(length, rows)
  table <- data.frame(
    operation_id = vapply(rows, `[`, "", 2), method = vapply(rows, `[`, "", 3),
    path = vapply(rows, `[`, "", 4), fun = vapply(rows, `[`, "", 5)
  )
  expect_equal(table, pr_operations[, c("operation_id", "method", "path", "fun")], ignore_attr = TRUE)
})
